"""Infer phase (one batched forward pass, ranks of the actual next events) and detect phase
(first flagged event per sequence, metrics at k and at every k of K_RANGE).

Needs torch: imported by jobs.py only after runtime.Runtime() has imported the framework.
"""

from dataclasses import dataclass
from typing import Any, Dict, List, Optional

from . import detect
from . import metrics as metrics_mod
from . import model as model_mod
from .result import KScore

#: Windows per forward pass.
INFER_CHUNK = 8192
#: The k of metrics.byK.
K_RANGE = (1, 2, 3, 4, 5)


def ranks(rt, model, windows):
    """Rank of the actual next event of every window among the model's scores (numpy int64 [n])."""
    torch, np = rt.torch, rt.np
    n = windows.count
    parts = []
    with torch.no_grad():
        Xt = torch.from_numpy(windows.X).to(rt.device)
        Yt = torch.from_numpy(windows.Y).to(rt.device)
        for start in range(0, n, INFER_CHUNK):
            logits = model(Xt[start : start + INFER_CHUNK])
            parts.append(model_mod.ranks(logits, Yt[start : start + INFER_CHUNK]))
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
    for kk in K_RANGE:
        m = _score(ranks_, data, seq_labels, h, kk)[1]
        by_k[str(kk)] = KScore(**dict((key, m[key]) for key in ("precision", "recall", "specificity", "f1", "edr", "tp", "fp", "tn", "fn")))
    return Detection(flags=flags, metrics=metrics, by_k=by_k, unseen=unseen)
