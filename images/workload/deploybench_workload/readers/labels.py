"""Label files: which sessions (grouping keys) are malicious.

labels.json: {key: label} for both jobs, or {"train": {...}, "infer": {...}} sections (as today).
Any other file, one entry a line (blank lines and lines starting with # skipped):
  KEY             the session (IP, session id or, for a sequences file without ids, its line number)
                  is malicious; every key not listed is benign
  KEY,LABEL       the session's label (malicious/anomaly/1, benign/normal/0); a first line whose
                  LABEL is not a label is a header and skipped
"""

import os

from .. import parse as legacy
from ..errors import WorkloadError
from . import fields, stream


def _from_lines(path):
    labels, listed_only, default = {}, True, None
    tally = stream.Tally()
    for lineno, text in stream.text_lines(path, tally):
        text = text.strip()
        if text.startswith("#"):
            continue
        if "," in text:
            key, _, value = text.partition(",")
            label = fields.label_of(value)
            if label is None:
                if not labels and listed_only:
                    continue  # header
                raise WorkloadError("%s line %d: label %r is neither malicious/anomaly/1 nor benign/normal/0" % (path, lineno, value.strip()[:40]))
            listed_only = False
            labels[key.strip()] = label
        else:
            labels[text] = "malicious"
    if tally.malformed:
        bad = tally.first_malformed[0]
        raise WorkloadError("%s line %d: %s" % (path, bad["line"], bad["reason"]))
    if listed_only:
        default = "benign"
    return labels, default


class Labels(dict):
    """{key: label}; .default is the label of keys not listed (benign for a list of malicious keys)."""

    default = None

    def get(self, key, fallback=None):
        value = dict.get(self, key)
        if value is not None:
            return value
        return self.default if self.default is not None else fallback


def read_labels(path, section):
    """Labels of a label file for job section 'train'/'infer', or None when the file has none for it."""
    if path is None:
        return None
    if path.endswith(".json"):
        folder, name = os.path.dirname(path), os.path.basename(path)
        if name != "labels.json":
            raise WorkloadError("a JSON label file must be named labels.json, not %s" % name)
        raw = legacy.load_labels(folder, section)
        return None if raw is None else Labels(raw)
    raw, default = _from_lines(path)
    out = Labels(raw)
    out.default = default
    return out
