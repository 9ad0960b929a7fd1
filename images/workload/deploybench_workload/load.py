"""Load phase: read the log through its reader (streamed, parsed and grouped) and the labels; infer
also reads vocab.json and the weights and moves the model to the device.

Checks run in a fixed order (data folder, dataset.json and the log, then for infer vocab.json and
model.npz) so a missing input is reported before anything is read.
"""

import json
import os
import sys
from dataclasses import dataclass
from typing import Any, Dict, List, Optional

from . import parse as parse_mod
from . import readers
from .errors import WorkloadError
from .readers.dataset import load_dataset
from .readers.labels import Labels, read_labels
from .readers.split import split as split_parsed


@dataclass
class TrainInput:
    parsed: parse_mod.Parsed  # the train sequences (after the split)
    labels: Optional[Dict[str, str]]  # key -> 'malicious' | 'benign'; None without labels


@dataclass
class InferInput:
    parsed: parse_mod.Parsed
    labels: Optional[Dict[str, str]]
    vocab: List[str]  # event types, index 0 = <unk>
    window: int  # h
    topk: int  # k: --topk, else the model's
    event_key: str
    hidden: int
    layers: int
    sha256: str  # of model.npz
    model: Any  # model.NextEventLSTM on the device, in eval mode


def log_path(data_dir, name):
    """DATA/<name>.log, or a WorkloadError saying what is missing and how to get it."""
    if not os.path.isdir(data_dir):
        raise WorkloadError("data folder not found: %s" % data_dir)
    path = os.path.join(data_dir, name + ".log")
    if not os.path.isfile(path):
        raise WorkloadError("%s.log not found in %s (run `generate` first, or provide your own logs)" % (name, data_dir))
    return path


def dataset_of(data_dir):
    """dataset.json of the data folder (checked), or None for the kv layout train.log/infer.log/labels.json."""
    if not os.path.isdir(data_dir):
        raise WorkloadError("data folder not found: %s" % data_dir)
    return load_dataset(data_dir)


def _merge_labels(file_labels, parsed):
    if parsed.field_labels is None:
        return file_labels
    merged = Labels(parsed.field_labels)
    if file_labels is not None:
        merged.update(file_labels)  # the label file wins over a label field
        merged.default = getattr(file_labels, "default", None)
    return merged


def _report_malformed(name, parsed):
    if not parsed.malformed:
        return
    first = ", ".join("line %d (%s)" % (m["line"], m["reason"]) for m in parsed.malformed_lines)
    sys.stdout.write("%s: %s: %d of %d lines malformed and skipped; first: %s\n" % (name, parsed.file, parsed.malformed, parsed.lines, first))
    sys.stdout.flush()


def read_data(args, name, event_key):
    """(parsed, labels) of job `name` ('train' or 'infer'): its file, or its part of the one file."""
    ds = dataset_of(args.data)
    if ds is None:
        parsed = readers.read(log_path(args.data, name), "kv", event_key=event_key)
        parsed.split = {"kind": "files"}
        labels = parse_mod.load_labels(args.data, name)
    else:
        path = ds[name] or ds["path"]
        parsed = readers.read(path, ds["format"], ds["mapping"], ds["internal"], event_key)
        split = ds["split"]
        if split["kind"] == "files":
            parsed.split = {"kind": "files"}
        else:
            parsed = split_parsed(parsed, name, split["kind"], split["trainShare"], args.seed)
        parsed.internal = ds["internal"]
        labels = read_labels(ds["labels"], name)
    _report_malformed(name, parsed)
    return parsed, _merge_labels(labels, parsed)


def read_vocab(model_dir):
    """vocab.json written by train, checked for the keys infer needs."""
    path = os.path.join(model_dir, "vocab.json")
    if not os.path.isfile(path):
        raise WorkloadError("vocab.json not found in %s (run `train` first)" % model_dir)
    try:
        with open(path, "r", encoding="utf-8") as f:
            doc = json.load(f)
    except ValueError as e:
        raise WorkloadError("vocab.json is not valid JSON: %s" % e)
    for key in ("events", "window", "hidden", "layers"):
        if key not in doc:
            raise WorkloadError("vocab.json lacks %r" % key)
    return doc


def load_train(args):
    parsed, labels = read_data(args, "train", args.event_key)
    return TrainInput(parsed=parsed, labels=labels)


def load_infer(args, rt):
    """Everything infer reads, and the model built from the weights and moved to rt.device."""
    from . import model as model_mod

    if dataset_of(args.data) is None:  # a missing log or broken dataset.json is reported before the model is read
        log_path(args.data, "infer")
    vocab_doc = read_vocab(args.model)
    weights = os.path.join(args.model, "model.npz")
    if not os.path.isfile(weights):
        raise WorkloadError("model.npz not found in %s (run `train` first)" % args.model)
    event_key = vocab_doc.get("eventKey", "action+category")
    parsed, labels = read_data(args, "infer", event_key)
    arrays, sha = model_mod.load_npz(weights)
    vocab = list(vocab_doc["events"])
    hidden, layers = int(vocab_doc["hidden"]), int(vocab_doc["layers"])
    model = model_mod.build_from_arrays(arrays, len(vocab), hidden, layers)
    model.to(rt.device)
    model.eval()
    return InferInput(
        parsed=parsed,
        labels=labels,
        vocab=vocab,
        window=int(vocab_doc["window"]),
        topk=args.topk if args.topk is not None else int(vocab_doc.get("topk", rt.settings["topk"])),
        event_key=event_key,
        hidden=hidden,
        layers=layers,
        sha256=sha,
        model=model,
    )
