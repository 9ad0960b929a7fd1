"""The command line without the framework: generate, usage errors, presets, strict JSON (no torch needed)."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

try:
    from .helpers import WORKLOAD_DIR, run
except ImportError:
    from helpers import WORKLOAD_DIR, run


class ResultJsonTest(unittest.TestCase):
    def test_non_finite_floats_become_null(self):
        from deploybench_workload.result import dumps

        doc = json.loads(dumps({"a": float("nan"), "b": [1.5, float("inf")], "c": {"d": float("-inf")}, "e": None}))
        self.assertEqual(doc, {"a": None, "b": [1.5, None], "c": {"d": None}, "e": None})


class GenerateCliTest(unittest.TestCase):
    def test_generate_needs_no_torch(self):
        tmp = tempfile.mkdtemp(prefix="dbw-cli-")
        try:
            code = (
                "import sys; from deploybench_workload import cli; rc = cli.main(['generate', '--out', %r, '--preset', 'tiny', '--seed', '1']);"
                "assert 'torch' not in sys.modules and 'numpy' not in sys.modules; sys.exit(rc)" % os.path.join(tmp, "d")
            )
            env = dict(os.environ)
            env["PYTHONPATH"] = WORKLOAD_DIR
            self.assertEqual(subprocess.call([sys.executable, "-c", code], env=env, stdout=subprocess.DEVNULL), 0)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def test_usage_errors(self):
        rc, _, err = run("generate", "--out", "/tmp/x", "--preset", "huge")
        self.assertEqual(rc, 2)
        self.assertIn("invalid choice", err)
        rc, _, err = run("generate", "--out", "/tmp/x", "--seed", "-1")
        self.assertEqual(rc, 2)
        rc, out, _ = run("presets")
        self.assertEqual(rc, 0)
        presets = json.loads(out)["presets"]
        self.assertEqual(sorted(presets), ["paper", "small", "tiny"])
        self.assertEqual(presets["paper"]["epochs"], 20)

    def test_topg_and_batch_size_arguments(self):
        from deploybench_workload.cli import build_parser

        parse = build_parser().parse_args
        common = ["--data", "d", "--out", "o"]
        # g: --topg (the matrix's and DeepLog's name) and --topk (the study's, as before) are one setting.
        self.assertEqual(parse(["infer", "--model", "m", "--topg", "9"] + common).topk, 9)
        self.assertEqual(parse(["infer", "--model", "m", "--topk", "2"] + common).topk, 2)
        self.assertIsNone(parse(["infer", "--model", "m"] + common).topk)
        t = parse(["train", "--topg", "4", "--window", "5", "--batch-size", "256"] + common)
        self.assertEqual((t.topk, t.window, t.batch_size), (4, 5, 256))
        self.assertEqual(parse(["infer", "--model", "m", "--batch-size", "1024"] + common).batch_size, 1024)
        rc, _, err = run("infer", "--model", "m", "--topg", "0", *common)
        self.assertEqual(rc, 2)
        self.assertIn("--topg/--topk: expected a number >= 1, got 0", err)
        rc, _, err = run("infer", "--model", "m", "--batch-size", "x", *common)
        self.assertEqual(rc, 2)
        self.assertIn("--batch-size: expected a whole number, got 'x'", err)

    def test_presets_batch_sizes(self):
        from deploybench_workload import presets

        for name in presets.names():
            p = presets.get(name)
            self.assertGreaterEqual(p["batchSize"], 1, name)
            self.assertGreaterEqual(p["inferBatchSize"], 1, name)
            self.assertEqual((p["window"], p["topk"], p["hidden"], p["layers"]), (10, 3, 64, 2), name)  # the study's model

    def test_jobs_import_no_framework(self):
        # cli.py imports jobs before torch: the framework import must stay inside runtime.Runtime() (timed).
        code = "import sys; from deploybench_workload import cli, jobs; assert 'torch' not in sys.modules and 'numpy' not in sys.modules"
        env = dict(os.environ)
        env["PYTHONPATH"] = WORKLOAD_DIR
        self.assertEqual(subprocess.call([sys.executable, "-c", code], env=env), 0)


if __name__ == "__main__":
    unittest.main()
