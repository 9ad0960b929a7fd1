"""dataset.json: how the data folder's logs are read (format, files, mapping, internal ranges, split).

The harness writes it from the matrix's `workload.data` into the data folder, so every deployment
reads the same bytes; without it the folder holds train.log/infer.log/labels.json in the kv format.
"""

import json
import os

from ..errors import WorkloadError

DATASET_FILE = "dataset.json"
SPLITS = ("files", "chronological", "random")
_KEYS = ("format", "train", "infer", "path", "labels", "mapping", "internal", "split")


def _fail(what):
    raise WorkloadError("%s: %s" % (DATASET_FILE, what))


def _file(data_dir, doc, key):
    name = doc.get(key)
    if name is None:
        return None
    if not isinstance(name, str) or not name:
        _fail("%s must be a file name in the data folder" % key)
    path = os.path.join(data_dir, name)
    if not os.path.isfile(path):
        _fail("%s: %s not found in %s" % (key, name, data_dir))
    return path


def _split(doc, one_file):
    split = doc.get("split") or {}
    if not isinstance(split, dict):
        _fail("split must be an object {kind, trainShare}")
    kind = split.get("kind") or ("chronological" if one_file else "files")
    if kind not in SPLITS:
        _fail("split.kind %r is unknown (expected one of %s)" % (kind, ", ".join(SPLITS)))
    if one_file and kind == "files":
        _fail("split.kind files needs train and infer files; with one file (path) use chronological or random")
    if not one_file and kind != "files":
        _fail("split.kind %s needs one file (path); with train and infer files the split is by file" % kind)
    if not one_file:
        if split.get("trainShare") is not None:
            _fail("split.trainShare applies to one file (path) only; with train and infer files leave it out")
        return {"kind": kind, "trainShare": None}
    share = split.get("trainShare", 0.8)
    if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 < share < 1:
        _fail("split.trainShare must be a number between 0 and 1 (exclusive), e.g. 0.8, not %r" % (share,))
    return {"kind": kind, "trainShare": float(share)}


def load_dataset(data_dir):
    """The checked dataset.json of data_dir (paths made absolute), or None when there is none."""
    path = os.path.join(data_dir, DATASET_FILE)
    if not os.path.isfile(path):
        return None
    try:
        with open(path, "r", encoding="utf-8") as f:
            doc = json.load(f)
    except ValueError as e:
        _fail("not valid JSON (%s)" % e)
    if not isinstance(doc, dict):
        _fail("expected a JSON object")
    unknown = sorted(set(doc) - set(_KEYS))
    if unknown:
        _fail("unknown key(s) %s (expected some of %s)" % (", ".join(unknown), ", ".join(_KEYS)))
    from . import FORMAT_NAMES

    if doc.get("format") not in FORMAT_NAMES:
        _fail("format %r is unknown (expected one of %s)" % (doc.get("format"), ", ".join(FORMAT_NAMES)))
    one = doc.get("path") is not None
    if one == (doc.get("train") is not None or doc.get("infer") is not None):
        _fail("give either path (one file, split by the workload) or train and infer (two files)")
    if not one and (doc.get("train") is None or doc.get("infer") is None):
        _fail("train and infer go together (or give one file as path)")
    mapping = doc.get("mapping") or None
    if mapping is not None and not isinstance(mapping, dict):
        _fail("mapping must be an object")
    internal = doc.get("internal")
    if internal is not None and (not isinstance(internal, list) or not internal or not all(isinstance(c, str) for c in internal)):
        _fail("internal must be a non-empty list of CIDR strings, e.g. [\"10.0.0.0/8\"]")
    out = {"format": doc["format"], "mapping": mapping, "internal": internal, "split": _split(doc, one)}
    for key in ("train", "infer", "path", "labels"):
        out[key] = _file(data_dir, doc, key)
    return out
