"""Preprocess phase: label the sequences the load phase read and grouped, build the vocabulary, cut windows (numpy)."""

from dataclasses import dataclass
from typing import Any, Dict, List, Optional

from . import detect
from . import parse as parse_mod


@dataclass
class Windows:
    """Sliding windows over the encoded sequences (detect.windows)."""

    X: Any  # numpy int64 [n, h]: context event ids
    Y: Any  # numpy int64 [n]: the actual next event ids
    offsets: List[int]  # per sequence: its first window, or -1 when shorter than h + 1

    @property
    def count(self):
        return int(self.X.shape[0])

    @property
    def short(self):
        """Sequences too short to have a window (< h + 1 events)."""
        return sum(1 for o in self.offsets if o < 0)


@dataclass
class TrainSet:
    parsed: parse_mod.Parsed
    labelled: bool  # train had labels (labels.json)
    seq_labels: List[Optional[str]]  # per sequence: 'malicious', 'benign' or None
    chosen: List[int]  # indices of the sequences trained on
    vocab: List[str]  # index 0 = <unk>, then the event types of the chosen sequences, sorted
    windows: Windows


@dataclass
class InferSet:
    parsed: parse_mod.Parsed
    labelled: bool  # infer had labels (labels.json)
    index: Dict[str, int]  # event type -> id in the model's vocabulary
    lengths: List[int]  # per sequence, in events
    unseen_types: List[str]  # event types of infer.log the model never saw
    windows: Windows


def label_sequences(parsed, labels):
    """Label of each sequence ('malicious', 'benign' or None)."""
    if labels is None:
        return [None] * len(parsed.ips)
    return [labels.get(ip) for ip in parsed.ips]


def preprocess_train(loaded, event_key, h):
    """Benign sequences (all, without labels: DeepLog's assumption), their vocabulary and windows.

    loaded.parsed was read with event_key already (load phase: the readers stream and group).
    """
    parsed = loaded.parsed
    labels = loaded.labels
    seq_labels = label_sequences(parsed, labels)
    if labels is None:
        chosen = list(range(len(parsed.ips)))  # unlabelled logs: assume normal traffic, as DeepLog does
    else:
        chosen = [i for i, lab in enumerate(seq_labels) if lab == "benign"]
    train_events = [parsed.events[i] for i in chosen]
    vocab = ["<unk>"] + sorted(set(e for seq in train_events for e in seq))
    index = dict((e, i) for i, e in enumerate(vocab))
    encoded = [detect.encode(seq, index) for seq in train_events]
    X, Y, offsets = detect.windows(encoded, h)
    return TrainSet(parsed=parsed, labelled=labels is not None, seq_labels=seq_labels, chosen=chosen, vocab=vocab, windows=Windows(X, Y, offsets))


def preprocess_infer(loaded):
    """Every sequence of infer.log encoded with the model's vocabulary (unseen events -> <unk>), and its windows."""
    parsed = loaded.parsed
    index = dict((e, i) for i, e in enumerate(loaded.vocab))
    encoded = [detect.encode(seq, index) for seq in parsed.events]
    lengths = [len(seq) for seq in encoded]
    X, Y, offsets = detect.windows(encoded, loaded.window)
    unseen_types = sorted(set(e for seq in parsed.events for e in seq if e not in index))
    return InferSet(parsed=parsed, labelled=loaded.labels is not None, index=index, lengths=lengths, unseen_types=unseen_types, windows=Windows(X, Y, offsets))
