"""Grouping of mapped lines into time-ordered sequences per key, as parse.Parsed."""

from .. import parse as legacy


class Grouper(object):
    """Collects (ms, index, event) per key in first-seen order; labels per key from a label field."""

    def __init__(self):
        self.groups = {}
        self.labels = {}
        self._events = {}  # one string object per event type: less memory on long logs

    def add(self, key, ms, index, event, label=None):
        event = self._events.setdefault(event, event)
        group = self.groups.get(key)
        if group is None:
            group = self.groups[key] = []
        group.append((ms, index, event))
        if label == "malicious" or (label == "benign" and key not in self.labels):
            self.labels[key] = label  # malicious once = malicious

    def finish(self, tally, fmt, file_name):
        """The Parsed sequences: sorted by time (ties in file order), with their first timestamps."""
        out = legacy.Parsed()
        out.lines, out.blank, out.malformed = tally.lines, tally.blank, tally.malformed
        out.ignored, out.malformed_lines = tally.ignored, list(tally.first_malformed)
        out.format, out.file = fmt, file_name
        for key, group in self.groups.items():  # insertion order: first appearance
            group.sort()
            out.ips.append(key)
            out.events.append([event for _, _, event in group])
            out.starts.append(group[0][0])
        out.field_labels = dict(self.labels) if self.labels else None
        self.groups = {}
        return out
