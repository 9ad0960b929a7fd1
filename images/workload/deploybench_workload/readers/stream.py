"""Streaming line reader shared by every format: bounded memory, never fatal on a bad line.

A file is read in binary, one physical line (up to b"\\n") at a time with readline(limit), so a
multi-GB file or a 10 MB line never sits in memory whole.  A line longer than MAX_LINE_BYTES is
skipped (the rest of it is read and dropped in chunks) and reported as malformed.  Line numbers
are 1-based physical line numbers.
"""

import os

from ..errors import WorkloadError

#: Longest line read, in bytes (without its newline); a longer one is malformed ("line too long").
MAX_LINE_BYTES = 1 << 20
#: How many malformed lines are named (line number and reason) in result.json and on stdout.
KEEP_MALFORMED = 5


class Tally(object):
    """Counts of one file: non-blank lines, blank lines, malformed and ignored lines, the first malformed ones."""

    def __init__(self):
        self.lines = 0  # non-blank lines
        self.blank = 0
        self.malformed = 0
        self.ignored = 0  # well-formed lines of a kind the format does not use (e.g. EVE dns events)
        self.first_malformed = []  # [{"line": n, "reason": text}], the first KEEP_MALFORMED

    def bad(self, lineno, reason):
        self.malformed += 1
        if len(self.first_malformed) < KEEP_MALFORMED:
            self.first_malformed.append({"line": lineno, "reason": reason})


def open_log(path):
    """The file opened for binary reading, or a WorkloadError naming it."""
    if not os.path.isfile(path):
        raise WorkloadError("log file not found: %s" % path)
    return open(path, "rb")


def physical_lines(f, limit=MAX_LINE_BYTES):
    """(line number, bytes with the newline, too_long) for each physical line of the binary file f."""
    lineno = 0
    while True:
        chunk = f.readline(limit + 1)
        if not chunk:
            return
        lineno += 1
        if len(chunk) > limit and not chunk.endswith(b"\n"):
            # Longer than the cap: drop the rest of this line without holding it.
            while True:
                rest = f.readline(1 << 16)
                if not rest or rest.endswith(b"\n"):
                    break
            yield lineno, b"", True
            continue
        yield lineno, chunk, False


def text_lines(path, tally, strict=True):
    """(line number, text) of each non-blank line, stripped of its line end; blank, too long, NUL and
    (strict) undecodable lines are counted in tally and not yielded."""
    with open_log(path) as f:
        for lineno, chunk, too_long in physical_lines(f):
            if too_long:
                tally.lines += 1
                tally.bad(lineno, "longer than %d bytes" % MAX_LINE_BYTES)
                continue
            if not chunk.strip():
                tally.blank += 1
                continue
            tally.lines += 1
            if b"\x00" in chunk:
                tally.bad(lineno, "NUL byte")
                continue
            try:
                text = chunk.decode("utf-8") if strict else chunk.decode("utf-8", "replace")
            except UnicodeDecodeError as e:
                tally.bad(lineno, "invalid UTF-8 at byte %d" % e.start)
                continue
            yield lineno, text.rstrip("\r\n")
