"""Train phase (the epochs) and save phase (model.npz and vocab.json) of the train job.

Needs torch: imported by jobs.py only after runtime.Runtime() has imported the framework.
"""

import os
from dataclasses import dataclass, field
from typing import Any, List

import torch.nn.functional as F

from . import SCHEMA_VERSION, WORKLOAD_NAME
from . import model as model_mod
from .result import write_json
from .runtime import ensure_dir


@dataclass
class TrainSettings:
    """What one training run uses: the preset's values unless overridden on the command line."""

    epochs: int
    batch_size: int
    window: int  # h
    topk: int  # k of topkAccuracy
    hidden: int
    layers: int
    learning_rate: float
    event_key: str

    @classmethod
    def from_args(cls, args, preset):
        return cls(
            epochs=args.epochs if args.epochs is not None else preset["epochs"],
            batch_size=args.batch_size if args.batch_size is not None else preset["batchSize"],
            window=args.window if args.window is not None else preset["window"],
            topk=args.topk if getattr(args, "topk", None) is not None else preset["topk"],
            hidden=preset["hidden"],
            layers=preset["layers"],
            learning_rate=preset["learningRate"],
            event_key=args.event_key,
        )


@dataclass
class Trained:
    model: Any  # model.NextEventLSTM, on the device
    loss_curve: List[float] = field(default_factory=list)  # mean cross-entropy per epoch
    topk_hits: int = 0  # training windows of the last epoch whose next event was in the top k


def new_model(num_classes, ts, seed):
    """The LSTM with its seeded initial weights (numpy RandomState, the same on every torch)."""
    model = model_mod.NextEventLSTM(num_classes, ts.hidden, ts.layers)
    model_mod.init_weights(model, seed % (2 ** 32))
    return model


def _epoch(rt, model, optimizer, tensors, perm, batch_size, topk, count_hits):
    """One pass over the windows in the order perm: (summed loss as a float64 tensor, top-k hits tensor)."""
    torch = rt.torch
    Xt, Yt = tensors
    n = int(Xt.shape[0])
    loss_sum = torch.zeros((), dtype=torch.float64, device=rt.device)
    hits = torch.zeros((), dtype=torch.int64, device=rt.device)
    for start in range(0, n, batch_size):
        idx = perm[start : start + batch_size]
        xb, yb = Xt[idx], Yt[idx]
        optimizer.zero_grad()
        logits = model(xb)
        loss = F.cross_entropy(logits, yb)
        loss.backward()
        optimizer.step()
        loss_sum += loss.detach().double() * idx.shape[0]
        if count_hits:
            hits += (model_mod.ranks(logits.detach(), yb) < topk).sum()
    return loss_sum, hits


def train(rt, model, windows, ts, seed, on_epoch):
    """All epochs; appends each epoch's seconds to rt.phases.trainEpochSeconds and calls on_epoch(epoch, loss, seconds)."""
    torch, np = rt.torch, rt.np
    n = windows.count
    model.to(rt.device)
    tensors = (torch.from_numpy(windows.X).to(rt.device), torch.from_numpy(windows.Y).to(rt.device))
    optimizer = torch.optim.Adam(model.parameters(), lr=ts.learning_rate)
    order_rng = np.random.RandomState(seed % (2 ** 32))
    out = Trained(model=model)
    model.train()
    for epoch in range(ts.epochs):
        t = rt.now()
        perm = torch.from_numpy(order_rng.permutation(n)).to(rt.device)
        last = epoch == ts.epochs - 1
        loss_sum, hits = _epoch(rt, model, optimizer, tensors, perm, ts.batch_size, ts.topk, last)
        epoch_loss = float(loss_sum.item()) / n
        if last:
            out.topk_hits = int(hits.item())
        seconds = rt.now() - t
        rt.phases.trainEpochSeconds.append(seconds)
        out.loss_curve.append(epoch_loss)
        on_epoch(epoch, epoch_loss, seconds)
    return out


def save(out_dir, model, vocab, ts, args, windows_count):
    """Write model.npz and vocab.json into out_dir; the sha256 of model.npz."""
    ensure_dir(out_dir)
    sha = model_mod.save_npz(os.path.join(out_dir, "model.npz"), model_mod.state_arrays(model))
    vocab_doc = {
        "schemaVersion": SCHEMA_VERSION,
        "workload": WORKLOAD_NAME,
        "events": vocab,
        "unknown": vocab[0],
        "eventKey": ts.event_key,
        "window": ts.window,
        "topk": ts.topk,
        "hidden": ts.hidden,
        "layers": ts.layers,
        "numClasses": len(vocab),
        "inputEncoding": "one-hot",
        "modelSha256": sha,
        "trainedOn": {"preset": args.preset, "seed": args.seed, "epochs": ts.epochs, "batchSize": ts.batch_size, "windows": windows_count},
    }
    write_json(os.path.join(out_dir, "vocab.json"), vocab_doc)
    return sha
