"""The record formats: how one line becomes a record (a dict), and each format's default mapping.

decode(text, state) returns a dict, IGNORE (well-formed, but a kind of line the format does not
use: EVE dns events, PAN-OS SYSTEM logs, FortiGate event logs) or a reason (text) when malformed.
"""

import csv
import json

from .. import parse as legacy

#: Returned by a decoder for a well-formed line that carries no event the detector uses.
IGNORE = object()
#: Returned by the CSV decoder for its header line (neither an event nor ignored).
HEADER = object()

_GENERIC = {
    "time": legacy.TIMESTAMP_KEYS + ("_time", "time"),
    "src": legacy.SRC_KEYS,
    "dst": legacy.DST_KEYS,
    "action": legacy.ACTION_KEYS,
    "category": legacy.CATEGORY_KEYS,
}

#: EVE event types read (others are ignored); how each gives the action and category.
EVE_TYPES = ("alert", "drop", "flow")

#: PAN-OS syslog fields by 0-based position (Palo Alto's "Syslog Field Descriptions": Traffic and
#: Threat log formats; the first 31 fields are the same in both).
PANOS_COMMON = (
    (1, "receive_time"), (2, "serial"), (3, "type"), (4, "subtype"), (6, "generated_time"),
    (7, "src"), (8, "dst"), (9, "nat_src"), (10, "nat_dst"), (11, "rule"), (12, "src_user"),
    (13, "dst_user"), (14, "app"), (15, "vsys"), (16, "src_zone"), (17, "dst_zone"),
    (18, "inbound_if"), (19, "outbound_if"), (20, "log_action"), (22, "session_id"),
    (23, "repeat_count"), (24, "src_port"), (25, "dst_port"), (28, "flags"), (29, "protocol"),
    (30, "action"),
)
PANOS_TRAFFIC = ((31, "bytes"), (34, "packets"), (35, "start_time"), (36, "elapsed"), (37, "url_category"))
PANOS_THREAT = ((31, "url"), (32, "threat_id"), (33, "threat_category"), (34, "severity"), (35, "direction"))
PANOS_MIN_FIELDS = 31
PANOS_TYPES = ("TRAFFIC", "THREAT")


def _kv_record(text, state):
    rec = legacy.parse_kv(text)
    if not rec:
        return "no key=value pairs"
    if "_time" not in rec and rec.get("date") and rec.get("time"):
        rec["_time"] = rec["date"] + " " + rec["time"]
    elif "_time" not in rec and rec.get("time"):
        rec["_time"] = rec["time"]
    return rec


def _json_record(text, state):
    try:
        rec = json.loads(text)
    except ValueError as e:
        return "invalid JSON (%s)" % str(e).split(":")[0]
    if not isinstance(rec, dict):
        return "a JSON %s, not an object" % type(rec).__name__
    return rec


def _suricata_record(text, state):
    rec = _json_record(text, state)
    if not isinstance(rec, dict):
        return rec
    kind = rec.get("event_type")
    if kind not in EVE_TYPES:
        return IGNORE if isinstance(kind, str) else "no event_type"
    alert = rec.get("alert") if isinstance(rec.get("alert"), dict) else {}
    if kind == "alert":
        rec["_action"], rec["_category"] = alert.get("action"), alert.get("category")
    elif kind == "drop":
        drop = rec.get("drop") if isinstance(rec.get("drop"), dict) else {}
        rec["_action"], rec["_category"] = "drop", alert.get("category") or drop.get("reason")
    else:
        rec["_action"], rec["_category"] = "flow", rec.get("app_proto")
    return rec


def _fortigate_record(text, state):
    rec = legacy.parse_kv(text)
    if not rec:
        return "no key=value pairs"
    if rec.get("type") == "event":
        return IGNORE  # system events (admin logins, HA, ...): no traffic
    if rec.get("eventtime"):
        rec["_time"] = rec["eventtime"]
    elif rec.get("date") and rec.get("time"):
        rec["_time"] = rec["date"] + " " + rec["time"] + (rec.get("tz") or "")
    utm = (rec.get("utmaction") or "").lower()
    rec["_action"] = rec.get("utmaction") if utm not in ("", "allow", "passthrough", "-") else rec.get("action")
    return rec


def _csv_row(text, delimiter=","):
    try:
        return next(csv.reader([text], delimiter=delimiter))
    except (csv.Error, StopIteration) as e:
        return "invalid CSV (%s)" % e


def _panos_record(text, state):
    row = _csv_row(text)
    if isinstance(row, str):
        return row
    if len(row) < PANOS_MIN_FIELDS:
        return "%d comma-separated fields, a PAN-OS traffic/threat log has at least %d" % (len(row), PANOS_MIN_FIELDS)
    if " " in row[0].strip():
        row[0] = row[0].split()[-1]  # a syslog header before the first field
    kind = row[3].strip().upper()
    if kind not in PANOS_TYPES:
        return IGNORE
    rec = {}
    for pos, name in PANOS_COMMON + (PANOS_TRAFFIC if kind == "TRAFFIC" else PANOS_THREAT):
        if pos < len(row):
            rec[name] = row[pos]
    return rec


def _csv_record(text, state):
    row = _csv_row(text, state.get("delimiter", ","))
    if isinstance(row, str):
        return row
    header = state.get("header")
    if header is None:
        state["header"] = [h.strip().lstrip("\ufeff") for h in row]
        return HEADER
    if len(row) != len(header):
        return "%d columns, the header has %d" % (len(row), len(header))
    return dict(zip(header, row))


#: format name -> (decoder, strict UTF-8, default mapping)
FORMATS = {
    "kv": (_kv_record, False, _GENERIC),
    "jsonl": (_json_record, True, dict(_GENERIC, label="label")),
    "csv": (_csv_record, True, dict(_GENERIC, label="label")),
    "suricata-eve": (
        _suricata_record,
        True,
        {"time": ("timestamp",), "src": ("src_ip",), "dst": ("dest_ip",), "action": ("_action",), "category": ("_category",)},
    ),
    "fortigate": (
        _fortigate_record,
        True,
        {"time": ("_time",), "src": ("srcip",), "dst": ("dstip",), "action": ("_action",), "category": ("subtype",)},
    ),
    "panos": (
        _panos_record,
        True,
        {"time": ("receive_time",), "timeFormat": "panos", "src": ("src",), "dst": ("dst",), "action": ("action",), "category": ("subtype",)},
    ),
}
