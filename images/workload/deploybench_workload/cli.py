"""Command line: python3 -m deploybench_workload {generate,train,infer,presets} ...

Exit status: 0 ok, 1 unexpected error (traceback on stderr), 2 usage or input error
(one line on stderr starting with "error:").
"""

import argparse
import json
import os
import sys
import time

from . import __version__
from . import presets as presets_mod
from .errors import WorkloadError


def _nonneg_int(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("expected a whole number, got %r" % text)
    if value < 0:
        raise argparse.ArgumentTypeError("expected a number >= 0, got %d" % value)
    return value


def _pos_int(text):
    value = _nonneg_int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("expected a number >= 1, got %d" % value)
    return value


def _common(p):
    p.add_argument("--preset", default=presets_mod.DEFAULT_PRESET, choices=presets_mod.names(), help="workload size (default: %(default)s)")
    p.add_argument("--seed", type=_nonneg_int, default=42, help="seed of data generation, weights and batch order (default: %(default)s)")


def _framework(p):
    p.add_argument("--device", default="auto", help="auto (CUDA when available), cpu, cuda or cuda:N (default: %(default)s)")
    p.add_argument("--threads", type=_pos_int, default=None, help="torch.set_num_threads(N) (default: the framework's choice)")


def _topg(p, what):
    # The study calls it k, DeepLog g: both spellings work, --topk as before.
    p.add_argument("--topg", "--topk", dest="topk", metavar="G", type=_pos_int, default=None, help="top-g: " + what)


def build_parser():
    parser = argparse.ArgumentParser(
        prog="python3 -m deploybench_workload",
        description="deploybench reference workload: early detection of malicious IPS/firewall log sequences with a DeepLog-style LSTM.",
    )
    parser.add_argument("--version", action="version", version="deploybench_workload " + __version__)
    sub = parser.add_subparsers(dest="verb", metavar="VERB")
    sub.required = True

    g = sub.add_parser("generate", help="write synthetic train.log, infer.log, labels.json, meta.json")
    g.add_argument("--out", required=True, help="data folder to write")
    _common(g)

    t = sub.add_parser("train", help="train on the benign sequences of DATA/train.log; write model.npz, vocab.json, result.json")
    t.add_argument("--data", required=True, help="folder with train.log (labels.json optional), or with dataset.json naming the logs and their format")
    t.add_argument("--out", required=True, help="folder for model.npz, vocab.json and result.json")
    _common(t)
    _framework(t)
    t.add_argument("--epochs", type=_pos_int, default=None, help="override the preset's epochs")
    t.add_argument("--batch-size", dest="batch_size", type=_pos_int, default=None, help="override the preset's batch size")
    t.add_argument("--window", type=_pos_int, default=None, help="window size h (default 10)")
    _topg(t, "g of topkAccuracy, stored in vocab.json as infer's default (default 3)")
    t.add_argument(
        "--event-key",
        dest="event_key",
        default="action+category",
        choices=("action+category", "action"),
        help="how a log line maps to an event type when DATA/dataset.json has no mapping.event (default: %(default)s)",
    )

    i = sub.add_parser("infer", help="detect on DATA/infer.log with a trained model; write result.json")
    i.add_argument("--data", required=True, help="folder with infer.log (labels.json optional), or with dataset.json naming the logs and their format")
    i.add_argument("--model", required=True, help="folder with model.npz and vocab.json from `train`")
    i.add_argument("--out", required=True, help="folder for result.json")
    _common(i)
    _framework(i)
    _topg(i, "g: candidates accepted as normal (default: the model's, 3)")
    i.add_argument("--batch-size", dest="batch_size", type=_pos_int, default=None, help="windows per forward pass (default: the preset's)")

    sub.add_parser("presets", help="print the presets as JSON")
    return parser


def _event_key_from_dataset(args):
    # DATA/dataset.json's mapping.event (from the matrix's workload.data) decides the event mapping;
    # --event-key applies to data without one.  vocab.json records it, so infer maps the same way.
    from .readers.dataset import load_dataset
    from .readers.mapping import check_event

    if not os.path.isdir(args.data):
        return
    ds = load_dataset(args.data)
    event = ((ds or {}).get("mapping") or {}).get("event")
    if event:
        args.event_key = check_event(event)


def main(argv=None):
    args = build_parser().parse_args(argv)
    try:
        if args.verb == "generate":
            from . import generate

            t = time.perf_counter()
            meta = generate.generate(args.out, args.preset, args.seed)
            seconds = time.perf_counter() - t
            for name in ("train", "infer"):
                f = meta["files"][name]
                sys.stdout.write(
                    "generate: %s.log %d lines (%d malformed), %d sequences, malicious: %.1f%% of lines, %.1f%% of sequences\n"
                    % (name, f["lines"], f["malformedLines"], f["sequences"], 100 * f["maliciousLineShare"], 100 * f["maliciousSequenceShare"])
                )
            sys.stdout.write("generate: done in %.3f s -> %s\n" % (seconds, args.out))
            return 0
        if args.verb == "presets":
            out = dict((name, presets_mod.get(name)) for name in presets_mod.names())
            sys.stdout.write(json.dumps({"default": presets_mod.DEFAULT_PRESET, "presets": out}, indent=1, sort_keys=True) + "\n")
            return 0
        from . import jobs

        if args.verb == "train":
            _event_key_from_dataset(args)
            return jobs.run_train(args)
        if args.verb == "infer":
            return jobs.run_infer(args)
        raise WorkloadError("unknown verb %r" % args.verb)
    except WorkloadError as e:
        sys.stdout.flush()
        sys.stderr.write("error: %s\n" % e)
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("error: interrupted\n")
        return 130
    except (IOError, OSError) as e:
        sys.stdout.flush()
        sys.stderr.write("error: %s\n" % e)
        return 2
