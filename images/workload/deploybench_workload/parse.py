"""Preprocessing: parse key=value log lines, map them to event types, group by external IP.

Standard library only.  A line is well-formed when it has a parsable timestamp,
a source and a destination IP and an action; anything else (truncated lines,
markers, bad timestamps) is counted as malformed and skipped, never fatal.
Blank lines are ignored and counted separately.
"""

import calendar
import json
import os
import re

from .errors import WorkloadError

# key=value or key="quoted value" (backslash escapes allowed inside quotes).
_KV = re.compile(r'([A-Za-z_@][A-Za-z0-9_.@\-]*)=("(?:[^"\\]|\\.)*"|[^\s"]*)')
_ISO = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?\s*(Z|z|[+-]\d{2}:?\d{2}|UTC)?$"
)
_EPOCH = re.compile(r"^\d{9,13}(?:\.\d+)?$")

#: Accepted spellings of the fields we use (first present wins).
TIMESTAMP_KEYS = ("timestamp", "@timestamp", "ts", "eventtime", "datetime")
SRC_KEYS = ("srcip", "src", "src_ip", "source_ip", "sourceip")
DST_KEYS = ("dstip", "dst", "dst_ip", "destination_ip", "destip")
ACTION_KEYS = ("action", "act")
CATEGORY_KEYS = ("category", "cat", "attack_category", "threat_category", "subtype")

#: Ways to map a parsed line to an event type.
EVENT_KEYS = ("action+category", "action")


def parse_kv(line):
    """The key=value pairs of a line (later keys win; quotes removed)."""
    out = {}
    for key, value in _KV.findall(line):
        if value.startswith('"'):
            value = value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        out[key.lower()] = value
    return out


def parse_timestamp_ms(value):
    """Milliseconds since the epoch (UTC) of an ISO 8601 time or epoch seconds/ms; None when unparsable."""
    value = value.strip()
    m = _ISO.match(value)
    if m:
        year, month, day, hour, minute, second = (int(m.group(i)) for i in range(1, 7))
        if not (1 <= month <= 12 and 1 <= day <= 31 and hour < 24 and minute < 60 and second < 61):
            return None
        frac = m.group(7) or "0"
        ms = int((frac + "00")[:3])
        try:
            secs = calendar.timegm((year, month, day, hour, minute, second, 0, 0, 0))
        except (ValueError, OverflowError):
            return None
        tz = m.group(8)
        if tz and tz not in ("Z", "z", "UTC"):
            sign = -1 if tz[0] == "-" else 1
            digits = tz[1:].replace(":", "")
            secs -= sign * (int(digits[:2]) * 3600 + int(digits[2:]) * 60)
        return secs * 1000 + ms
    if _EPOCH.match(value):
        number = float(value)
        if number >= 1e11:  # already milliseconds
            return int(number)
        return int(round(number * 1000))
    return None


def _first(fields, keys):
    for key in keys:
        value = fields.get(key)
        if value:
            return value
    return None


def is_internal(ip):
    """Private, loopback, link-local or shared address space (IPv4 and IPv6)."""
    if ":" in ip:
        low = ip.lower()
        return low == "::1" or low.startswith(("fc", "fd", "fe8", "fe9", "fea", "feb"))
    parts = ip.split(".")
    if len(parts) != 4:
        return False
    try:
        a, b = int(parts[0]), int(parts[1])
    except ValueError:
        return False
    return (
        a == 10
        or a == 127
        or (a == 172 and 16 <= b <= 31)
        or (a == 192 and b == 168)
        or (a == 169 and b == 254)
        or (a == 100 and 64 <= b <= 127)
    )


def _valid_ip(ip):
    if ":" in ip:
        return all(c in "0123456789abcdefABCDEF:." for c in ip) and len(ip) >= 2
    parts = ip.split(".")
    if len(parts) != 4:
        return False
    for p in parts:
        if not p.isdigit() or int(p) > 255:
            return False
    return True


def external_ip(src, dst):
    """The IP that identifies the remote party: the source unless it is internal and the destination is not."""
    if is_internal(src) and not is_internal(dst):
        return dst
    return src


def event_of(fields, event_key="action+category"):
    """Event type of a parsed line: 'Action:category' (or 'Action'); None without an action."""
    action = _first(fields, ACTION_KEYS)
    if not action:
        return None
    action = action.strip()
    action = action[:1].upper() + action[1:].lower()
    if event_key == "action":
        return action
    category = (_first(fields, CATEGORY_KEYS) or "").strip().lower()
    if category in ("", "-", "none", "n/a"):
        category = "none"
    return action + ":" + category


def parse_line(line, event_key="action+category"):
    """(timestamp ms, external ip, event) of a well-formed line, else None."""
    fields = parse_kv(line)
    if not fields:
        return None
    stamp = _first(fields, TIMESTAMP_KEYS)
    if stamp is None and fields.get("date") and fields.get("time"):
        stamp = fields["date"] + " " + fields["time"]
    if stamp is None:
        stamp = fields.get("time")
    if not stamp:
        return None
    ms = parse_timestamp_ms(stamp)
    src = _first(fields, SRC_KEYS)
    dst = _first(fields, DST_KEYS)
    if ms is None or not src or not dst or not _valid_ip(src) or not _valid_ip(dst):
        return None
    event = event_of(fields, event_key)
    if event is None:
        return None
    return ms, external_ip(src, dst), event


def read_lines(path):
    """All lines of a log file (undecodable bytes replaced, never fatal)."""
    if not os.path.isfile(path):
        raise WorkloadError("log file not found: %s" % path)
    with open(path, "r", encoding="utf-8", errors="replace") as f:
        return f.read().splitlines()


class Parsed(object):
    """Sequences of one log file: parallel lists ips (grouping keys), events (event names per key), starts.

    The readers (readers/) also fill the format, file name, ignored lines, the first malformed lines,
    the mapping in effect, labels from a label field and, after a split, which split was used.
    """

    def __init__(self):
        self.lines = 0  # non-blank lines
        self.blank = 0
        self.malformed = 0
        self.ips = []
        self.events = []
        self.starts = []  # per sequence: its first timestamp (ms; sequences format: its first line number)
        self.ignored = 0  # well-formed lines of a kind the format does not use
        self.malformed_lines = []  # the first few malformed lines: [{"line": n, "reason": text}]
        self.format = "kv"
        self.file = None
        self.mapping = None  # the mapping in effect (readers.mapping.Mapper.describe)
        self.field_labels = None  # {key: label} from a label field, or None
        self.split = None  # readers.split: {"kind": ..., ...}
        self.internal = None  # the internal CIDR list in effect (None = the default ranges)


def parse_lines(lines, event_key="action+category"):
    """Parse, map and group lines into time-ordered sequences per external IP (first-seen order)."""
    if event_key not in EVENT_KEYS:
        raise WorkloadError("unknown event key %r (expected one of %s)" % (event_key, ", ".join(EVENT_KEYS)))
    out = Parsed()
    groups = {}
    for index, line in enumerate(lines):
        if not line.strip():
            out.blank += 1
            continue
        out.lines += 1
        parsed = parse_line(line, event_key)
        if parsed is None:
            out.malformed += 1
            continue
        ms, ip, event = parsed
        group = groups.get(ip)
        if group is None:
            group = groups[ip] = []
        group.append((ms, index, event))
    for ip, group in groups.items():  # insertion order: first appearance
        group.sort()
        out.ips.append(ip)
        out.events.append([event for _, _, event in group])
        out.starts.append(group[0][0])
    return out


def load_labels(data_dir, name):
    """{ip: 'malicious'|'benign'} for log `name` from labels.json, or None when there are none.

    labels.json is either {"train": {ip: label}, "infer": {ip: label}} or one flat {ip: label}
    map used for both files.
    """
    path = os.path.join(data_dir, "labels.json")
    if not os.path.isfile(path):
        return None
    try:
        with open(path, "r", encoding="utf-8") as f:
            raw = json.load(f)
    except ValueError as e:
        raise WorkloadError("labels.json is not valid JSON: %s" % e)
    if not isinstance(raw, dict):
        raise WorkloadError("labels.json must be an object")
    if name in raw and isinstance(raw[name], dict):
        raw = raw[name]
    elif any(isinstance(v, dict) for v in raw.values()):
        return None  # sections for other files only
    labels = {}
    for ip, label in raw.items():
        label = str(label).lower()
        if label not in ("malicious", "benign"):
            raise WorkloadError("labels.json: label of %s must be malicious or benign, not %r" % (ip, label))
        labels[ip] = label
    return labels
