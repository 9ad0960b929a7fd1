"""The column mapping: which fields of a record give the time, the addresses, the grouping key,
the action and category (hence the event type) and the label.

A record is a dict (a JSON object, a CSV row by header, key=value pairs, PAN-OS fields by
position).  Each format gives defaults; the matrix's `workload.data.mapping` overrides them.
"""

import re

from ..errors import WorkloadError
from . import fields

#: Mapping keys the workload understands (the same as the matrix's workload.data.mapping).
MAPPING_KEYS = ("time", "timeFormat", "src", "dst", "key", "action", "category", "event", "label")
#: Named event mappings; anything else with a {field} in it is a template.
EVENT_NAMES = ("action+category", "action")
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_EMPTY = ("", "-", "none", "n/a")


def _names(value, default):
    if value is None:
        return list(default)
    return [value] if isinstance(value, str) else list(value)


def check_event(event):
    """event unchanged, or a WorkloadError when it is neither a named mapping nor a template."""
    if event in EVENT_NAMES or (isinstance(event, str) and _PLACEHOLDER.search(event)):
        return event
    raise WorkloadError(
        "mapping.event %r is unknown: expected action+category, action, or a template with {field} placeholders such as {action}:{alert.signature_id}" % (event,)
    )


class Mapper(object):
    """Record -> (ms, key, event, label), or a reason (text) when the record is malformed."""

    def __init__(self, mapping, defaults, internal, event_default):
        mapping = mapping or {}
        unknown = sorted(set(mapping) - set(MAPPING_KEYS))
        if unknown:
            raise WorkloadError("mapping: unknown key(s) %s (expected some of %s)" % (", ".join(unknown), ", ".join(MAPPING_KEYS)))
        self.time = _names(mapping.get("time"), defaults.get("time", ()))
        self.time_format = mapping.get("timeFormat") or defaults.get("timeFormat", "auto")
        self.parse_time = fields.time_parser(self.time_format)
        self.src = _names(mapping.get("src"), defaults.get("src", ()))
        self.dst = _names(mapping.get("dst"), defaults.get("dst", ()))
        self.key = mapping.get("key") or defaults.get("key", "external")
        self.action = _names(mapping.get("action"), defaults.get("action", ()))
        self.category = _names(mapping.get("category"), defaults.get("category", ()))
        self.event = check_event(mapping.get("event") or defaults.get("event") or event_default)
        self.label = mapping.get("label") or defaults.get("label")
        self.internal = internal
        self._template = _PLACEHOLDER.findall(self.event) if self.event not in EVENT_NAMES else None

    def describe(self):
        """The mapping in effect (for result.json's data.mapping)."""
        return {
            "time": self.time,
            "timeFormat": self.time_format,
            "src": self.src,
            "dst": self.dst,
            "key": self.key,
            "action": self.action,
            "category": self.category,
            "event": self.event,
            "label": self.label,
        }

    @staticmethod
    def first(rec, names):
        for name in names:
            value = fields.get(rec, name)
            if value is not None:
                return value
        return None

    def _key(self, rec):
        if self.key in ("external", "src", "dst"):
            src, dst = self.first(rec, self.src), self.first(rec, self.dst)
            if self.key == "dst":
                return dst if dst and fields.valid_ip(dst) else None
            if not src or not fields.valid_ip(src):
                return None
            if self.key == "src":
                return src
            if not dst or not fields.valid_ip(dst):
                return None
            return self.internal.external(src, dst)
        return fields.get(rec, self.key)

    def _event(self, rec):
        if self._template is not None:
            out = self.event
            for name in self._template:
                names = self.action if name == "action" else self.category if name == "category" else [name]
                value = self.first(rec, names)
                out = out.replace("{" + name + "}", value.strip() if value else "none")
            return out
        action = self.first(rec, self.action)
        if not action or not action.strip():
            return None
        action = action.strip()
        action = action[:1].upper() + action[1:].lower()
        if self.event == "action":
            return action
        category = (self.first(rec, self.category) or "").strip().lower()
        return action + ":" + ("none" if category in _EMPTY else category)

    def map(self, rec):
        stamp = self.first(rec, self.time)
        if stamp is None:
            return "no time field (%s)" % "/".join(self.time)
        try:
            ms = self.parse_time(stamp)
        except (ValueError, OverflowError):
            ms = None
        if ms is None:
            return "unparsable time %r" % stamp[:40]
        key = self._key(rec)
        if key is None:
            return "no grouping key (%s)" % (self.key if self.key not in ("external", "src", "dst") else "valid src/dst addresses")
        event = self._event(rec)
        if event is None:
            return "no action field (%s)" % "/".join(self.action)
        label = fields.label_of(fields.get(rec, self.label)) if self.label else None
        return ms, key, event, label
