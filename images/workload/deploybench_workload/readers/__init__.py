"""Streaming readers of log formats into grouped event sequences (parse.Parsed).

Formats: kv (the synthetic data's key=value lines, the default), fortigate, suricata-eve, panos,
csv, jsonl (record formats: a line -> a record -> time, grouping key, event, label by a mapping),
and sequences (pre-grouped: one session per line).  Standard library only; every reader reads
line by line (stream.py), counts and skips malformed lines and never fails on one.
"""

import os

from .. import parse as legacy
from ..errors import WorkloadError
from . import formats, stream
from .fields import Internal
from .group import Grouper
from .mapping import Mapper
from .sequences import read_sequences

#: Every format name, in the order the README documents them.
FORMAT_NAMES = ("kv", "suricata-eve", "fortigate", "panos", "csv", "jsonl", "sequences")


def _read_kv_legacy(path, event_key, grouper, tally):
    # Today's key=value reading, byte for byte: undecodable bytes replaced, str.splitlines() breaks
    # (also \r, \x0b, \x1c...), the split-line index as the tie-breaker; only the 1 MiB line cap is new.
    index = 0
    with stream.open_log(path) as f:
        for lineno, chunk, too_long in stream.physical_lines(f):
            if too_long:
                tally.lines += 1
                tally.bad(lineno, "longer than %d bytes" % stream.MAX_LINE_BYTES)
                index += 1
                continue
            for line in chunk.decode("utf-8", "replace").splitlines():
                if not line.strip():
                    tally.blank += 1
                    index += 1
                    continue
                tally.lines += 1
                parsed = legacy.parse_line(line, event_key)
                if parsed is None:
                    tally.bad(lineno, "not a well-formed key=value event (time, srcip, dstip, action)")
                else:
                    grouper.add(parsed[1], parsed[0], index, parsed[2])
                index += 1


def _read_records(path, fmt, mapper, grouper, tally):
    decode, strict, _ = formats.FORMATS[fmt]
    state = {}
    for lineno, text in stream.text_lines(path, tally, strict=strict):
        rec = decode(text, state)
        if rec is formats.HEADER:
            tally.lines -= 1  # the CSV header is not a log line
            continue
        if rec is formats.IGNORE:
            tally.ignored += 1
            continue
        if isinstance(rec, str):
            tally.bad(lineno, rec)
            continue
        entry = mapper.map(rec)
        if isinstance(entry, str):
            tally.bad(lineno, entry)
            continue
        ms, key, event, label = entry
        grouper.add(key, ms, lineno, event, label)


def read(path, fmt="kv", mapping=None, internal=None, event_key="action+category"):
    """The grouped sequences of one log file in format fmt (parse.Parsed, with .mapping set).

    mapping: the matrix's workload.data.mapping (None = the format's defaults); internal: CIDR list
    (None = the default private ranges); event_key: the event mapping when mapping has no `event`.
    """
    if fmt not in FORMAT_NAMES:
        raise WorkloadError("unknown data format %r (expected one of %s)" % (fmt, ", ".join(FORMAT_NAMES)))
    name = os.path.basename(path)
    if fmt == "sequences":
        parsed = read_sequences(path, mapping or {})
        parsed.file = name
        return parsed
    tally, grouper = stream.Tally(), Grouper()
    nets = Internal(internal)
    if fmt == "kv" and not mapping and internal is None:
        if event_key not in legacy.EVENT_KEYS:
            raise WorkloadError("unknown event key %r (expected one of %s)" % (event_key, ", ".join(legacy.EVENT_KEYS)))
        _read_kv_legacy(path, event_key, grouper, tally)
        parsed = grouper.finish(tally, fmt, name)
        parsed.mapping = {"event": event_key, "fields": "kv defaults (README: key=value)"}
        return parsed
    mapper = Mapper(mapping, formats.FORMATS[fmt][2], nets, event_key)
    _read_records(path, fmt, mapper, grouper, tally)
    parsed = grouper.finish(tally, fmt, name)
    parsed.mapping = mapper.describe()
    return parsed
