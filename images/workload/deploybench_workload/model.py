"""The DeepLog-style next-event LSTM, its framework-neutral weight file, and training.

Weights are initialised from numpy's legacy RandomState (stable across numpy
versions) rather than torch's initialisers, and batches are drawn in an order
from the same generator, so every torch version starts from the same weights and
sees the same batches; differences between stacks come from numerics only.

model.npz is written with fixed zip timestamps: identical weights give a
byte-identical file (its sha256 is reported).
"""

import hashlib
import io
import math
import os
import zipfile

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from .errors import WorkloadError

UNK = 0  # input index of events never seen in training


class NextEventLSTM(nn.Module):
    """Window of h event ids -> logits of the next event (one-hot input, as in DeepLog)."""

    def __init__(self, num_classes, hidden=64, layers=2):
        super(NextEventLSTM, self).__init__()
        self.num_classes = int(num_classes)
        self.lstm = nn.LSTM(self.num_classes, hidden, layers, batch_first=True)
        self.fc = nn.Linear(hidden, self.num_classes)

    def forward(self, x):
        onehot = F.one_hot(x, self.num_classes).to(self.fc.weight.dtype)
        out, _ = self.lstm(onehot)
        return self.fc(out[:, -1, :])


def init_weights(model, seed):
    """PyTorch's default init distributions, drawn from numpy RandomState(seed) in parameter-name order."""
    rs = np.random.RandomState(seed)
    hidden = model.lstm.hidden_size
    with torch.no_grad():
        for name, param in sorted(model.named_parameters()):
            if name.startswith("lstm."):
                bound = 1.0 / math.sqrt(hidden)
            else:  # fc: kaiming-uniform(a=sqrt(5)) bound for weight and bias = 1/sqrt(fan_in)
                bound = 1.0 / math.sqrt(model.fc.in_features)
            values = rs.uniform(-bound, bound, size=tuple(param.shape)).astype(np.float32)
            param.copy_(torch.from_numpy(values))


def state_arrays(model):
    """{name: float32 numpy array} of the model's parameters (on the CPU)."""
    return dict((k, v.detach().cpu().numpy().astype(np.float32)) for k, v in model.state_dict().items())


def npz_bytes(arrays):
    """An .npz archive of arrays, byte-identical for identical arrays (fixed zip metadata)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_STORED) as zf:
        for name in sorted(arrays):
            member = io.BytesIO()
            np.lib.format.write_array(member, np.ascontiguousarray(arrays[name]), version=(1, 0), allow_pickle=False)
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            zf.writestr(info, member.getvalue())
    return buf.getvalue()


def save_npz(path, arrays):
    data = npz_bytes(arrays)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)
    return hashlib.sha256(data).hexdigest()


def load_npz(path):
    """(arrays, sha256) of a weight file."""
    with open(path, "rb") as f:
        data = f.read()
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            arrays = dict((k, npz[k]) for k in npz.files)
    except Exception as e:  # zipfile.BadZipFile, ValueError, ...
        raise WorkloadError("cannot read model weights %s: %s" % (path, e))
    return arrays, hashlib.sha256(data).hexdigest()


def build_from_arrays(arrays, num_classes, hidden, layers):
    model = NextEventLSTM(num_classes, hidden, layers)
    expected = model.state_dict()
    missing = sorted(set(expected) - set(arrays))
    extra = sorted(set(arrays) - set(expected))
    if missing or extra:
        raise WorkloadError("model weights do not match the model (missing %s, unexpected %s)" % (missing, extra))
    for k, v in expected.items():
        if tuple(arrays[k].shape) != tuple(v.shape):
            raise WorkloadError("model weight %s has shape %s, expected %s" % (k, arrays[k].shape, tuple(v.shape)))
    model.load_state_dict(dict((k, torch.from_numpy(np.ascontiguousarray(arrays[k], dtype=np.float32))) for k in expected))
    return model


def parameter_count(model):
    return int(sum(p.numel() for p in model.parameters()))


def ranks(logits, targets):
    """Rank of each target among the logits: how many classes scored strictly higher (0 = top-1)."""
    target_logit = logits.gather(1, targets.unsqueeze(1))
    return (logits > target_logit).sum(dim=1)
