"""Load phase: read the log and labels (infer: also vocab.json and the weights, model to the device).

Checks run in a fixed order (data folder, log, then for infer vocab.json and model.npz)
so a missing input is reported before anything is read.
"""

import json
import os
from dataclasses import dataclass
from typing import Any, Dict, List, Optional

from . import parse as parse_mod
from .errors import WorkloadError


@dataclass
class TrainInput:
    lines: Optional[List[str]]  # None once preprocessing has parsed them
    labels: Optional[Dict[str, str]]  # ip -> 'malicious' | 'benign'; None without labels.json


@dataclass
class InferInput:
    lines: Optional[List[str]]  # None once preprocessing has parsed them
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
    lines = parse_mod.read_lines(log_path(args.data, "train"))
    return TrainInput(lines=lines, labels=parse_mod.load_labels(args.data, "train"))


def load_infer(args, rt):
    """Everything infer reads, and the model built from the weights and moved to rt.device."""
    from . import model as model_mod

    path = log_path(args.data, "infer")
    vocab_doc = read_vocab(args.model)
    weights = os.path.join(args.model, "model.npz")
    if not os.path.isfile(weights):
        raise WorkloadError("model.npz not found in %s (run `train` first)" % args.model)
    lines = parse_mod.read_lines(path)
    labels = parse_mod.load_labels(args.data, "infer")
    arrays, sha = model_mod.load_npz(weights)
    vocab = list(vocab_doc["events"])
    hidden, layers = int(vocab_doc["hidden"]), int(vocab_doc["layers"])
    model = model_mod.build_from_arrays(arrays, len(vocab), hidden, layers)
    model.to(rt.device)
    model.eval()
    return InferInput(
        lines=lines,
        labels=labels,
        vocab=vocab,
        window=int(vocab_doc["window"]),
        topk=args.topk if args.topk is not None else int(vocab_doc.get("topk", rt.settings["topk"])),
        event_key=vocab_doc.get("eventKey", "action+category"),
        hidden=hidden,
        layers=layers,
        sha256=sha,
        model=model,
    )
