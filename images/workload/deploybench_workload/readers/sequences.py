"""Pre-grouped event sequences: one session per line, as the DeepLog / HDFS benchmarks ship them.

A line has one, two or three tab-separated columns:
  EVENTS                  the session's event ids, separated by spaces (its id: the line number)
  ID<TAB>EVENTS           with a session id (e.g. an HDFS block id)
  ID<TAB>EVENTS<TAB>LABEL and its label (malicious/anomaly/1 or benign/normal/0)
A session id seen again continues its session.  There are no timestamps: a session's start is its
first line number, so the chronological split keeps the file's order.  Labels can also come from a
labels file (see labels.py).
"""

from . import fields, stream
from .group import Grouper

MAX_COLUMNS = 3


def read_sequences(path, mapping):
    """parse.Parsed of a sequences file (mapping is accepted for symmetry and must be empty)."""
    from ..errors import WorkloadError

    if mapping:
        raise WorkloadError("mapping does not apply to the sequences format (its columns are fixed: [ID<TAB>]EVENTS[<TAB>LABEL])")
    tally, grouper = stream.Tally(), Grouper()
    for lineno, text in stream.text_lines(path, tally, strict=True):
        cols = text.split("\t")
        if len(cols) > MAX_COLUMNS:
            tally.bad(lineno, "%d tab-separated columns, expected at most %d ([ID<TAB>]EVENTS[<TAB>LABEL])" % (len(cols), MAX_COLUMNS))
            continue
        key = cols[0].strip() if len(cols) >= 2 else str(lineno)
        events = (cols[1] if len(cols) >= 2 else cols[0]).split()
        label = None
        if len(cols) == 3:
            label = fields.label_of(cols[2])
            if label is None:
                tally.bad(lineno, "label %r is neither malicious/anomaly/1 nor benign/normal/0" % cols[2][:40])
                continue
        if not key or not events:
            tally.bad(lineno, "no session id" if not key else "no events")
            continue
        for pos, event in enumerate(events):
            grouper.add(key, lineno, pos, event, label if pos == 0 else None)
    parsed = grouper.finish(tally, "sequences", None)
    parsed.mapping = {"columns": "[ID<TAB>]EVENTS[<TAB>LABEL]", "event": "the event ids as written"}
    return parsed
