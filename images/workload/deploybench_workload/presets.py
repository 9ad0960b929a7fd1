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

# Batch sizes chosen from bench/throughput.bench.ts (README, "Throughput"): training windows/s of torch
# 1.13 on CPU hardly depend on the batch size, torch 2.6's double from 32 to 256 and then stay; inference
# is fastest at 256-512 on torch 1.13 (and ~40 % slower from 1024 on), torch 2.6 within noise of its best.
# tiny and small keep small batches for enough optimiser steps (quality); paper has 164,080 windows.
PRESETS = {
    # Seconds per job even on 2 CPU cores with torch 1.13: for tests and smoke runs.
    "tiny": {"trainLines": 2500, "inferLines": 1200, "epochs": 2, "batchSize": 16, "inferBatchSize": 512},
    # The default matrix: train about half a minute, infer a few seconds on 2 CPU cores; 268 steps an epoch.
    "small": {"trainLines": 12000, "inferLines": 8000, "epochs": 4, "batchSize": 32, "inferBatchSize": 512},
    # The paper's deployment study: about 230,000 log entries to train on, 30,000 to infer, 20 epochs;
    # 321 steps an epoch at 512 (6,420 in all), a quarter of the kernel launches of 128 on a GPU.
    "paper": {"trainLines": 230000, "inferLines": 30000, "epochs": 20, "batchSize": 512, "inferBatchSize": 512},
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
