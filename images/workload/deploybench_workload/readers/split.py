"""Train/infer split of one log file, by sequence (never inside one): chronological or random.

chronological (the default): sequences ordered by their first timestamp (ties: first seen first);
the first trainShare of them train, the rest are inferred on, so no later behaviour leaks into
training.  random: a seeded shuffle (the workload's seed), kept for comparison with studies that
split so; it leaks future behaviour into training.  Both jobs read the whole file and compute the
same split.
"""

import math
import random

from .. import parse as legacy


def _subset(parsed, keep):
    out = legacy.Parsed()
    for name in ("lines", "blank", "malformed", "ignored", "malformed_lines", "format", "file", "mapping", "field_labels"):
        setattr(out, name, getattr(parsed, name))
    for i in keep:
        out.ips.append(parsed.ips[i])
        out.events.append(parsed.events[i])
        out.starts.append(parsed.starts[i])
    return out


def split(parsed, role, kind, share, seed):
    """The sequences of parsed that job role ('train' or 'infer') uses, with .split saying how."""
    n = len(parsed.ips)
    n_train = int(math.floor(share * n + 0.5))
    if kind == "random":
        order = list(range(n))
        random.Random(seed).shuffle(order)
    else:
        order = sorted(range(n), key=lambda i: (parsed.starts[i], i))
    chosen = sorted(order[:n_train] if role == "train" else order[n_train:])
    out = _subset(parsed, chosen)
    out.split = {
        "kind": kind,
        "trainShare": share,
        "seed": seed if kind == "random" else None,
        "sequences": n,
        "trainSequences": n_train,
        "inferSequences": n - n_train,
    }
    if kind == "chronological" and 0 < n_train < n:
        out.split["boundary"] = parsed.starts[order[n_train]]  # first start of the infer part (ms or line)
    return out
