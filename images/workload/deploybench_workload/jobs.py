"""The train and infer jobs: timed phases, progress on stdout, result.json in the output folder.

Phases (time.perf_counter, CUDA synchronised at every boundary):
  importSeconds     import torch (and numpy)                                        runtime.Runtime
  loadSeconds       read the log (and labels; for infer also vocab + weights, model to device)  load
  preprocessSeconds parse lines, map to events, group by external IP, cut windows  preprocess
  trainEpochSeconds one entry per epoch (train); trainSeconds all epochs incl. moving data to the device  train
  saveSeconds       write model.npz and vocab.json (train)                         train.save
  inferSeconds      forward pass over every window + ranks of the actual next events (infer)  infer.ranks
  detectSeconds     first flagged event per sequence and metrics (infer)           infer.detect_all
  totalSeconds      start of the job to just before result.json is written         assemble

This module imports no framework: cli.py imports it before torch is loaded, and the
modules that need numpy or torch are imported after runtime.Runtime() has loaded them.
"""

import os
import sys
import time

from . import load
from .errors import WorkloadError
from .result import write_json
from .runtime import Runtime


def _say(msg):
    sys.stdout.write(msg + "\n")
    sys.stdout.flush()


def _fmt(x):
    return "n/a" if x is None else "%.4f" % x


def run_train(args):
    rt = Runtime(args)
    from . import assemble, preprocess
    from . import train as train_mod

    ts = train_mod.TrainSettings.from_args(args, rt.settings)
    h = ts.window

    t = rt.now()
    loaded = load.load_train(args)
    rt.phases.loadSeconds = rt.now() - t

    t = time.perf_counter()
    trainset = preprocess.preprocess_train(loaded, ts.event_key, h)
    rt.phases.preprocessSeconds = time.perf_counter() - t
    parsed, n, short = trainset.parsed, trainset.windows.count, trainset.windows.short
    _say(
        "train: %d lines (%d malformed), %d sequences, %d used for training (%d shorter than %d), %d windows, %d event types"
        % (parsed.lines, parsed.malformed, len(parsed.ips), len(trainset.chosen), short, h + 1, n, len(trainset.vocab) - 1)
    )
    if n == 0:
        raise WorkloadError(
            "no training windows: %s needs %ssequences of at least %d events" % (parsed.file or "train.log", "benign-labelled " if trainset.labelled else "", h + 1)
        )

    def on_epoch(epoch, loss, seconds):
        _say("train: epoch %d/%d loss=%.6f seconds=%.3f windows/s=%.0f" % (epoch + 1, ts.epochs, loss, seconds, n / seconds if seconds > 0 else 0.0))

    model = train_mod.new_model(len(trainset.vocab), ts, args.seed)
    t_train = rt.now()
    trained = train_mod.train(rt, model, trainset.windows, ts, args.seed, on_epoch)
    rt.phases.trainSeconds = rt.now() - t_train

    t = time.perf_counter()
    sha = train_mod.save(args.out, model, trainset.vocab, ts, args, n)
    rt.phases.saveSeconds = time.perf_counter() - t

    result = assemble.train_result(rt, ts, trainset, trained, sha)
    path = os.path.join(args.out, "result.json")
    write_json(path, result.to_json())
    _say(
        "train: done loss=%.6f top%d-accuracy=%.4f train=%.3fs total=%.3fs -> %s"
        % (trained.loss_curve[-1], ts.topk, result.metrics.topkAccuracy, sum(rt.phases.trainEpochSeconds), rt.phases.totalSeconds, path)
    )
    return 0


def run_infer(args):
    rt = Runtime(args)
    from . import assemble, preprocess
    from . import infer as infer_mod

    t = rt.now()
    loaded = load.load_infer(args, rt)
    rt.phases.loadSeconds = rt.now() - t
    h, k = loaded.window, loaded.topk

    t = time.perf_counter()
    inferset = preprocess.preprocess_infer(loaded)
    rt.phases.preprocessSeconds = time.perf_counter() - t
    parsed, n = inferset.parsed, inferset.windows.count
    _say("infer: %d lines (%d malformed), %d sequences (%d shorter than %d), %d windows" % (parsed.lines, parsed.malformed, len(parsed.ips), inferset.windows.short, h + 1, n))

    chunk = infer_mod.batch_size(args, rt.settings)
    t = rt.now()
    ranks = infer_mod.ranks(rt, loaded.model, inferset.windows, chunk)
    rt.phases.inferSeconds = rt.now() - t
    _say("infer: forward pass over %d windows in %.3f s (batches of %d)" % (n, rt.phases.inferSeconds, chunk))

    t = time.perf_counter()
    seq_labels = preprocess.label_sequences(parsed, loaded.labels)
    detection = infer_mod.detect_all(ranks, inferset, seq_labels, h, k)
    rt.phases.detectSeconds = time.perf_counter() - t

    result = assemble.infer_result(rt, loaded, inferset, seq_labels, detection, chunk)
    path = os.path.join(args.out, "result.json")
    write_json(path, result.to_json())
    m = result.metrics
    _say(
        "infer: done k=%d precision=%s recall=%s specificity=%s f1=%s edr=%s tp=%d fp=%d tn=%d fn=%d total=%.3fs -> %s"
        % (k, _fmt(m.precision), _fmt(m.recall), _fmt(m.specificity), _fmt(m.f1), _fmt(m.edr), m.tp, m.fp, m.tn, m.fn, rt.phases.totalSeconds, path)
    )
    return 0
