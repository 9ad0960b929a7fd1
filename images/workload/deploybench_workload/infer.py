"""Infer phase (one batched forward pass, ranks of the actual next events) and detect phase
(first flagged event per sequence, metrics at k and at every k of K_RANGE).

k is the study's name; DeepLog and the matrix call it g (top-g). A session (sequence) is anomalous
when any of its windows' actual next event is outside the top g, i.e. at least g events scored
strictly higher (detect.first_flags); its verdict comes at the first such window.

Needs torch: imported by jobs.py only after runtime.Runtime() has imported the framework.
"""

from dataclasses import dataclass
from typing import Any, Dict, List, Optional

from . import detect
from . import metrics as metrics_mod
from . import model as model_mod
from .result import KScore

#: The k of metrics.byK (and the run's own g when it is larger).
K_RANGE = (1, 2, 3, 4, 5)


def batch_size(args, settings):
    """Windows per forward pass: --batch-size, else the preset's inferBatchSize."""
    return args.batch_size if getattr(args, "batch_size", None) is not None else settings["inferBatchSize"]


def ranks(rt, model, windows, chunk):
    """Rank of the actual next event of every window among the model's scores (numpy int64 [n]), chunk windows per pass."""
    torch, np = rt.torch, rt.np
    n = windows.count
    parts = []
    with torch.no_grad():
        Xt = torch.from_numpy(windows.X).to(rt.device)
        Yt = torch.from_numpy(windows.Y).to(rt.device)
        for start in range(0, n, chunk):
            logits = model(Xt[start : start + chunk])
            parts.append(model_mod.ranks(logits, Yt[start : start + chunk]))
        return torch.cat(parts).cpu().numpy().astype(np.int64) if parts else np.zeros((0,), dtype=np.int64)


@dataclass
class Detection:
    flags: List[Optional[int]]  # per sequence at k: 1-based position of the first flagged event, or None
    metrics: Dict[str, Optional[float]]  # metrics.detection_metrics at k
    by_k: Dict[str, KScore]  # the same at every k of K_RANGE
    unseen: Any  # numpy bool [n]: windows whose next event never occurred in training (flagged at every k)


def _score(ranks_, data, seq_labels, h, k):
    flags = detect.first_flags(ranks_, data.lengths, data.windows.offsets, h, k)
    outcomes = [
        (lab, length, flag)
        for lab, length, flag, offset in zip(seq_labels, data.lengths, flags, data.windows.offsets)
        if offset >= 0 and lab is not None
    ]
    return flags, metrics_mod.detection_metrics(outcomes)


def detect_all(ranks_, data, seq_labels, h, k):
    """Flags and metrics at k, and metrics at every k of K_RANGE; marks unseen next events in ranks_ (in place)."""
    unseen = data.windows.Y == model_mod.UNK
    ranks_[unseen] = detect.UNSEEN_RANK
    flags, metrics = _score(ranks_, data, seq_labels, h, k)
    by_k = {}
    for kk in sorted(set(K_RANGE) | {k}):
        m = _score(ranks_, data, seq_labels, h, kk)[1]
        by_k[str(kk)] = KScore(**dict((key, m[key]) for key in ("precision", "recall", "specificity", "f1", "edr", "tp", "fp", "tn", "fn")))
    return Detection(flags=flags, metrics=metrics, by_k=by_k, unseen=unseen)
