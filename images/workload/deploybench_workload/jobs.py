"""The train and infer jobs: timed phases, progress on stdout, result.json in the output folder.

Phases (time.perf_counter, CUDA synchronised at every boundary):
  importSeconds     import torch (and numpy)
  loadSeconds       read the log (and labels; for infer also vocab + weights, model to device)
  preprocessSeconds parse lines, map to events, group by external IP, cut windows
  trainEpochSeconds one entry per epoch (train); trainSeconds all epochs incl. moving data to the device
  saveSeconds       write model.npz and vocab.json (train)
  inferSeconds      forward pass over every window + ranks of the actual next events (infer)
  detectSeconds     first flagged event per sequence and metrics (infer)
  totalSeconds      start of the job to just before result.json is written
"""

import json
import os
import random
import sys
import time

from . import SCHEMA_VERSION, WORKLOAD_NAME, __version__
from . import metrics as metrics_mod
from . import parse as parse_mod
from . import presets as presets_mod
from .errors import WorkloadError

INFER_CHUNK = 8192
K_RANGE = (1, 2, 3, 4, 5)


def _say(msg):
    sys.stdout.write(msg + "\n")
    sys.stdout.flush()


def _finite(obj):
    """obj with NaN and infinities (e.g. a diverged loss) as None: result.json stays strict JSON."""
    if isinstance(obj, float):
        return obj if obj == obj and obj not in (float("inf"), float("-inf")) else None
    if isinstance(obj, dict):
        return dict((k, _finite(v)) for k, v in obj.items())
    if isinstance(obj, (list, tuple)):
        return [_finite(v) for v in obj]
    return obj


def _dump(obj):
    return json.dumps(_finite(obj), indent=1, sort_keys=False, allow_nan=False) + "\n"


def _write_json(path, obj):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(_dump(obj))
    os.replace(tmp, path)


def _ensure_dir(path):
    if os.path.exists(path) and not os.path.isdir(path):
        raise WorkloadError("output path is not a folder: %s" % path)
    if not os.path.isdir(path):
        os.makedirs(path)


class Job(object):
    """State shared by both jobs: framework setup, the clock, phases."""

    def __init__(self, name, args):
        self.t_start = time.perf_counter()
        self.name = name
        self.args = args
        try:
            self.settings = presets_mod.get(args.preset)
        except KeyError:
            raise WorkloadError("unknown preset %r (expected one of %s)" % (args.preset, ", ".join(presets_mod.names())))
        self.phases = {
            "importSeconds": None,
            "loadSeconds": None,
            "preprocessSeconds": None,
            "trainEpochSeconds": [],
            "trainSeconds": None,
            "saveSeconds": None,
            "inferSeconds": None,
            "detectSeconds": None,
            "totalSeconds": None,
        }
        _ensure_dir(args.out)
        t = time.perf_counter()
        # cuBLAS needs this before CUDA starts to be deterministic; harmless elsewhere.
        os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
        try:
            import numpy as np
            import torch
        except ImportError as e:
            raise WorkloadError("cannot import the framework (%s); this workload needs torch and numpy" % e)
        self.np = np
        self.torch = torch
        self.phases["importSeconds"] = time.perf_counter() - t
        self._setup()

    def _setup(self):
        torch, np, args = self.torch, self.np, self.args
        if args.threads is not None:
            torch.set_num_threads(args.threads)
        random.seed(args.seed)
        np.random.seed(args.seed % (2 ** 32))
        torch.manual_seed(args.seed)
        self.deterministic = True
        torch.backends.cudnn.deterministic = True
        torch.backends.cudnn.benchmark = False
        try:
            torch.use_deterministic_algorithms(True, warn_only=True)  # torch >= 1.11
        except (TypeError, AttributeError):
            self.deterministic = False  # torch 1.10 would raise on ops without a deterministic version
        try:
            # torch >= 2.1 would also fill every new tensor with NaN: a cost torch 1.x does not
            # have, which would bias stack comparisons; our results never read uninitialised memory.
            import torch.utils.deterministic as torch_deterministic

            torch_deterministic.fill_uninitialized_memory = False
        except (ImportError, AttributeError):
            pass
        self.device = self._pick_device(args.device)
        if self.device.type == "cuda":
            torch.cuda.set_device(self.device)
            torch.cuda.manual_seed_all(args.seed)
            torch.cuda.reset_peak_memory_stats(self.device)

    def _pick_device(self, name):
        torch = self.torch
        name = (name or "auto").strip().lower()
        if name == "auto":
            return torch.device("cuda", 0) if torch.cuda.is_available() else torch.device("cpu")
        if name == "cpu":
            return torch.device("cpu")
        if name == "cuda" or name.startswith("cuda:"):
            if not torch.cuda.is_available():
                raise WorkloadError(
                    "--device %s: CUDA is not available (torch %s, built for CUDA %s)" % (name, torch.__version__, torch.version.cuda)
                )
            index = int(name.split(":", 1)[1]) if ":" in name else 0
            if index >= torch.cuda.device_count():
                raise WorkloadError("--device %s: only %d CUDA device(s)" % (name, torch.cuda.device_count()))
            return torch.device("cuda", index)
        raise WorkloadError("unknown device %r (expected auto, cpu, cuda or cuda:N)" % name)

    def sync(self):
        if self.device.type == "cuda":
            self.torch.cuda.synchronize(self.device)

    def now(self):
        self.sync()
        return time.perf_counter()

    def gpu(self):
        if self.device.type != "cuda":
            return {"frameworkPeakBytes": None, "frameworkPeakAllocatedBytes": None}
        return {
            "frameworkPeakBytes": int(self.torch.cuda.max_memory_reserved(self.device)),
            "frameworkPeakAllocatedBytes": int(self.torch.cuda.max_memory_allocated(self.device)),
        }

    def result(self, config, metrics, throughput, loss_curve, data, model_info):
        from . import fingerprint

        framework = fingerprint.framework(self.device, self.deterministic)
        self.phases["totalSeconds"] = self.now() - self.t_start
        return {
            "schemaVersion": SCHEMA_VERSION,
            "workload": WORKLOAD_NAME,
            "workloadVersion": __version__,
            "job": self.name,
            "preset": self.args.preset,
            "seed": self.args.seed,
            "config": config,
            "framework": framework,
            "phases": self.phases,
            "throughput": throughput,
            "metrics": metrics,
            "lossCurve": loss_curve,
            "data": data,
            "model": model_info,
            "gpu": self.gpu(),
        }


def _log_path(data_dir, name):
    if not os.path.isdir(data_dir):
        raise WorkloadError("data folder not found: %s" % data_dir)
    path = os.path.join(data_dir, name + ".log")
    if not os.path.isfile(path):
        raise WorkloadError("%s.log not found in %s (run `generate` first, or provide your own logs)" % (name, data_dir))
    return path


def _label_sequences(parsed, labels):
    """Label of each sequence ('malicious', 'benign' or None)."""
    if labels is None:
        return [None] * len(parsed.ips)
    return [labels.get(ip) for ip in parsed.ips]


def run_train(args):
    job = Job("train", args)
    np, torch = job.np, job.torch
    from . import detect
    from . import model as model_mod
    import torch.nn.functional as F

    s = job.settings
    epochs = args.epochs if args.epochs is not None else s["epochs"]
    batch_size = args.batch_size if args.batch_size is not None else s["batchSize"]
    h = args.window if args.window is not None else s["window"]
    k = s["topk"]
    event_key = args.event_key

    t = job.now()
    lines = parse_mod.read_lines(_log_path(args.data, "train"))
    labels = parse_mod.load_labels(args.data, "train")
    job.phases["loadSeconds"] = job.now() - t

    t = time.perf_counter()
    parsed = parse_mod.parse_lines(lines, event_key)
    del lines
    seq_labels = _label_sequences(parsed, labels)
    if labels is None:
        chosen = list(range(len(parsed.ips)))  # unlabelled logs: assume normal traffic, as DeepLog does
    else:
        chosen = [i for i, lab in enumerate(seq_labels) if lab == "benign"]
    train_events = [parsed.events[i] for i in chosen]
    vocab = ["<unk>"] + sorted(set(e for seq in train_events for e in seq))
    index = dict((e, i) for i, e in enumerate(vocab))
    encoded = [detect.encode(seq, index) for seq in train_events]
    X, Y, offsets = detect.windows(encoded, h)
    job.phases["preprocessSeconds"] = time.perf_counter() - t
    n = int(X.shape[0])
    short = sum(1 for o in offsets if o < 0)
    _say(
        "train: %d lines (%d malformed), %d sequences, %d used for training (%d shorter than %d), %d windows, %d event types"
        % (parsed.lines, parsed.malformed, len(parsed.ips), len(chosen), short, h + 1, n, len(vocab) - 1)
    )
    if n == 0:
        raise WorkloadError(
            "no training windows: train.log needs %ssequences of at least %d events"
            % ("benign-labelled " if labels is not None else "", h + 1)
        )

    model = model_mod.NextEventLSTM(len(vocab), s["hidden"], s["layers"])
    model_mod.init_weights(model, args.seed % (2 ** 32))
    t_train = job.now()
    model.to(job.device)
    Xt = torch.from_numpy(X).to(job.device)
    Yt = torch.from_numpy(Y).to(job.device)
    optimizer = torch.optim.Adam(model.parameters(), lr=s["learningRate"])
    order_rng = np.random.RandomState(args.seed % (2 ** 32))
    loss_curve = []
    topk_hits = 0
    model.train()
    for epoch in range(epochs):
        t = job.now()
        perm = torch.from_numpy(order_rng.permutation(n)).to(job.device)
        loss_sum = torch.zeros((), dtype=torch.float64, device=job.device)
        hits = torch.zeros((), dtype=torch.int64, device=job.device)
        last = epoch == epochs - 1
        for start in range(0, n, batch_size):
            idx = perm[start : start + batch_size]
            xb, yb = Xt[idx], Yt[idx]
            optimizer.zero_grad()
            logits = model(xb)
            loss = F.cross_entropy(logits, yb)
            loss.backward()
            optimizer.step()
            loss_sum += loss.detach().double() * idx.shape[0]
            if last:
                hits += (model_mod.ranks(logits.detach(), yb) < k).sum()
        epoch_loss = float(loss_sum.item()) / n
        if last:
            topk_hits = int(hits.item())
        seconds = job.now() - t
        job.phases["trainEpochSeconds"].append(seconds)
        loss_curve.append(epoch_loss)
        _say(
            "train: epoch %d/%d loss=%.6f seconds=%.3f windows/s=%.0f"
            % (epoch + 1, epochs, epoch_loss, seconds, n / seconds if seconds > 0 else 0.0)
        )
    job.phases["trainSeconds"] = job.now() - t_train

    t = time.perf_counter()
    _ensure_dir(args.out)
    sha = model_mod.save_npz(os.path.join(args.out, "model.npz"), model_mod.state_arrays(model))
    vocab_doc = {
        "schemaVersion": SCHEMA_VERSION,
        "workload": WORKLOAD_NAME,
        "events": vocab,
        "unknown": vocab[0],
        "eventKey": event_key,
        "window": h,
        "topk": k,
        "hidden": s["hidden"],
        "layers": s["layers"],
        "numClasses": len(vocab),
        "inputEncoding": "one-hot",
        "modelSha256": sha,
        "trainedOn": {"preset": args.preset, "seed": args.seed, "epochs": epochs, "batchSize": batch_size, "windows": n},
    }
    _write_json(os.path.join(args.out, "vocab.json"), vocab_doc)
    job.phases["saveSeconds"] = time.perf_counter() - t

    train_seconds = sum(job.phases["trainEpochSeconds"])
    config = {
        "window": h,
        "topk": k,
        "hidden": s["hidden"],
        "layers": s["layers"],
        "learningRate": s["learningRate"],
        "epochs": epochs,
        "batchSize": batch_size,
        "eventKey": event_key,
        "threadsRequested": args.threads,
        "deviceRequested": args.device,
    }
    metrics = {
        "finalLoss": loss_curve[-1],
        "topkAccuracy": topk_hits / float(n),
        "topk": k,
        "epochs": epochs,
    }
    data = {
        "file": "train.log",
        "lines": parsed.lines,
        "blankLines": parsed.blank,
        "malformed": parsed.malformed,
        "sequences": len(parsed.ips),
        "labelled": labels is not None,
        "trainingSequences": len(chosen),
        "skippedMaliciousSequences": sum(1 for lab in seq_labels if lab == "malicious"),
        "skippedUnlabelledSequences": (sum(1 for lab in seq_labels if lab is None) if labels is not None else 0),
        "shortSequences": short,
        "windows": n,
        "eventTypes": len(vocab) - 1,
    }
    result = job.result(
        config,
        metrics,
        {"windowsPerSecond": (n * epochs / train_seconds) if train_seconds > 0 else None},
        loss_curve,
        data,
        {"sha256": sha, "parameters": model_mod.parameter_count(model), "numClasses": len(vocab)},
    )
    _write_json(os.path.join(args.out, "result.json"), result)
    _say(
        "train: done loss=%.6f top%d-accuracy=%.4f train=%.3fs total=%.3fs -> %s"
        % (loss_curve[-1], k, metrics["topkAccuracy"], train_seconds, result["phases"]["totalSeconds"], os.path.join(args.out, "result.json"))
    )
    return 0


def _read_vocab(model_dir):
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


def run_infer(args):
    job = Job("infer", args)
    np, torch = job.np, job.torch
    from . import detect
    from . import model as model_mod

    t = job.now()
    log_path = _log_path(args.data, "infer")
    vocab_doc = _read_vocab(args.model)
    weights = os.path.join(args.model, "model.npz")
    if not os.path.isfile(weights):
        raise WorkloadError("model.npz not found in %s (run `train` first)" % args.model)
    lines = parse_mod.read_lines(log_path)
    labels = parse_mod.load_labels(args.data, "infer")
    arrays, sha = model_mod.load_npz(weights)
    vocab = list(vocab_doc["events"])
    h = int(vocab_doc["window"])
    k = args.topk if args.topk is not None else int(vocab_doc.get("topk", job.settings["topk"]))
    event_key = vocab_doc.get("eventKey", "action+category")
    model = model_mod.build_from_arrays(arrays, len(vocab), int(vocab_doc["hidden"]), int(vocab_doc["layers"]))
    model.to(job.device)
    model.eval()
    job.phases["loadSeconds"] = job.now() - t

    t = time.perf_counter()
    parsed = parse_mod.parse_lines(lines, event_key)
    del lines
    index = dict((e, i) for i, e in enumerate(vocab))
    encoded = [detect.encode(seq, index) for seq in parsed.events]
    lengths = [len(seq) for seq in encoded]
    X, Y, offsets = detect.windows(encoded, h)
    unseen_types = sorted(set(e for seq in parsed.events for e in seq if e not in index))
    job.phases["preprocessSeconds"] = time.perf_counter() - t
    n = int(X.shape[0])
    short = sum(1 for o in offsets if o < 0)
    _say(
        "infer: %d lines (%d malformed), %d sequences (%d shorter than %d), %d windows"
        % (parsed.lines, parsed.malformed, len(parsed.ips), short, h + 1, n)
    )

    t = job.now()
    rank_parts = []
    with torch.no_grad():
        Xt = torch.from_numpy(X).to(job.device)
        Yt = torch.from_numpy(Y).to(job.device)
        for start in range(0, n, INFER_CHUNK):
            logits = model(Xt[start : start + INFER_CHUNK])
            rank_parts.append(model_mod.ranks(logits, Yt[start : start + INFER_CHUNK]))
        ranks = torch.cat(rank_parts).cpu().numpy().astype(np.int64) if rank_parts else np.zeros((0,), dtype=np.int64)
    job.phases["inferSeconds"] = job.now() - t
    _say("infer: forward pass over %d windows in %.3f s" % (n, job.phases["inferSeconds"]))

    t = time.perf_counter()
    unseen_windows = Y == model_mod.UNK
    ranks[unseen_windows] = detect.UNSEEN_RANK
    seq_labels = _label_sequences(parsed, labels)

    def score(kk):
        flags = detect.first_flags(ranks, lengths, offsets, h, kk)
        outcomes = [
            (lab, length, flag)
            for lab, length, flag, offset in zip(seq_labels, lengths, flags, offsets)
            if offset >= 0 and lab is not None
        ]
        return flags, metrics_mod.detection_metrics(outcomes)

    flags, metrics = score(k)
    by_k = {}
    for kk in K_RANGE:
        m = score(kk)[1]
        by_k[str(kk)] = dict((key, m[key]) for key in ("precision", "recall", "specificity", "f1", "edr", "tp", "fp", "tn", "fn"))
    job.phases["detectSeconds"] = time.perf_counter() - t

    classified = [i for i, o in enumerate(offsets) if o >= 0]
    metrics.update(
        {
            "topk": k,
            "shortSequences": short,
            "classifiedSequences": len(classified),
            "flaggedSequences": sum(1 for f in flags if f is not None),
            "labelled": labels is not None,
            "byK": by_k,
        }
    )
    data = {
        "file": "infer.log",
        "lines": parsed.lines,
        "blankLines": parsed.blank,
        "malformed": parsed.malformed,
        "sequences": len(parsed.ips),
        "labelled": labels is not None,
        "shortSequences": short,
        "shortMaliciousSequences": sum(1 for i, o in enumerate(offsets) if o < 0 and seq_labels[i] == "malicious"),
        "classifiedSequences": len(classified),
        "maliciousSequences": sum(1 for i in classified if seq_labels[i] == "malicious"),
        "benignSequences": sum(1 for i in classified if seq_labels[i] == "benign"),
        "unlabelledSequences": sum(1 for i in classified if seq_labels[i] is None),
        "windows": n,
        "unseenEventWindows": int(unseen_windows.sum()),
        "unseenEventTypes": len(unseen_types),
        "eventTypes": len(vocab) - 1,
    }
    config = {
        "window": h,
        "topk": k,
        "hidden": int(vocab_doc["hidden"]),
        "layers": int(vocab_doc["layers"]),
        "eventKey": event_key,
        "inferChunk": INFER_CHUNK,
        "threadsRequested": args.threads,
        "deviceRequested": args.device,
    }
    infer_seconds = job.phases["inferSeconds"]
    result = job.result(
        config,
        metrics,
        {"windowsPerSecond": (n / infer_seconds) if infer_seconds > 0 and n else None},
        [],
        data,
        {"sha256": sha, "parameters": model_mod.parameter_count(model), "numClasses": len(vocab)},
    )
    _write_json(os.path.join(args.out, "result.json"), result)

    def fmt(x):
        return "n/a" if x is None else "%.4f" % x

    _say(
        "infer: done k=%d precision=%s recall=%s specificity=%s f1=%s edr=%s tp=%d fp=%d tn=%d fn=%d total=%.3fs -> %s"
        % (
            k,
            fmt(metrics["precision"]),
            fmt(metrics["recall"]),
            fmt(metrics["specificity"]),
            fmt(metrics["f1"]),
            fmt(metrics["edr"]),
            metrics["tp"],
            metrics["fp"],
            metrics["tn"],
            metrics["fn"],
            result["phases"]["totalSeconds"],
            os.path.join(args.out, "result.json"),
        )
    )
    return 0
