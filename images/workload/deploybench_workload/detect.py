"""Sliding windows and early detection (numpy only; the model's forward pass is in jobs.py)."""

import numpy as np

from .model import UNK

#: Rank given to targets the model cannot predict (events unseen in training): flagged at every k.
UNSEEN_RANK = 1 << 30


def encode(events, vocab_index):
    """Event names -> int64 ids (unseen -> UNK)."""
    return np.array([vocab_index.get(e, UNK) for e in events], dtype=np.int64)


def windows(sequences, h):
    """Sliding windows (step 1) over id sequences of length >= h+1.

    Returns (X [n, h] int64, Y [n] int64, offsets) where offsets[i] is the index of
    sequence i's first window, or -1 for sequences shorter than h+1 (not windowed).
    """
    xs, ys, offsets = [], [], []
    n = 0
    base = np.arange(h, dtype=np.int64)
    for seq in sequences:
        length = len(seq)
        if length < h + 1:
            offsets.append(-1)
            continue
        count = length - h
        idx = np.arange(count, dtype=np.int64)[:, None] + base[None, :]
        xs.append(seq[idx])
        ys.append(seq[h:])
        offsets.append(n)
        n += count
    if xs:
        return np.concatenate(xs), np.concatenate(ys), offsets
    return np.zeros((0, h), dtype=np.int64), np.zeros((0,), dtype=np.int64), offsets


def first_flags(ranks, lengths, offsets, h, k):
    """1-based position of the first flagged event of each sequence (None: not flagged or not classified).

    The window starting at event i (0-based) predicts event i+h; it is flagged when at
    least k events scored strictly higher than the actual one (or it was never seen in
    training), so its position is i+h+1.
    """
    out = []
    for length, offset in zip(lengths, offsets):
        if offset < 0:
            out.append(None)
            continue
        seg = ranks[offset : offset + length - h] >= k
        if seg.any():
            out.append(int(np.argmax(seg)) + h + 1)
        else:
            out.append(None)
    return out
