"""Workload sizes.  Every preset uses the same method; only data size and training effort differ."""

import copy

#: Model and method settings shared by all presets (the paper's DeepLog-style setup).
MODEL_DEFAULTS = {
    "window": 10,  # h: events of context
    "topk": 3,  # k: candidates accepted as "normal"
    "hidden": 64,  # LSTM hidden size
    "layers": 2,  # LSTM layers
    "learningRate": 1e-3,  # Adam
}

PRESETS = {
    # Seconds per job even on 2 CPU cores with torch 1.13: for tests and smoke runs.
    "tiny": {"trainLines": 2500, "inferLines": 1200, "epochs": 2, "batchSize": 16, "inferBatchSize": 8192},
    # The default matrix: train about half a minute, infer a few seconds on 2 CPU cores.
    "small": {"trainLines": 12000, "inferLines": 8000, "epochs": 4, "batchSize": 32, "inferBatchSize": 8192},
    # The paper's deployment study: about 230,000 log entries to train on, 30,000 to infer, 20 epochs.
    "paper": {"trainLines": 230000, "inferLines": 30000, "epochs": 20, "batchSize": 128, "inferBatchSize": 8192},
}

DEFAULT_PRESET = "small"


def names():
    return sorted(PRESETS)


def get(name):
    """The full settings of a preset (a fresh dict), or KeyError."""
    if name not in PRESETS:
        raise KeyError(name)
    out = dict(copy.deepcopy(MODEL_DEFAULTS))
    out.update(copy.deepcopy(PRESETS[name]))
    out["name"] = name
    return out
