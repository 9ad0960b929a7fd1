"""generate -> train -> infer on the tiny preset through the real command line, and the model (needs torch and numpy)."""

import json
import os
import shutil
import tempfile
import unittest

try:
    from .helpers import HAVE_TORCH, run
except ImportError:
    from helpers import HAVE_TORCH, run

PHASES = ("importSeconds", "loadSeconds", "preprocessSeconds", "trainEpochSeconds", "trainSeconds", "saveSeconds", "inferSeconds", "detectSeconds", "totalSeconds")
FRAMEWORK = ("name", "version", "cuda", "cudnn", "python", "numpy", "blas", "threads", "interopThreads", "device", "deviceName")
DETECTION = ("precision", "recall", "specificity", "f1", "edr", "tp", "fp", "tn", "fn", "shortSequences")


def load(path):
    with open(path) as f:
        return json.load(f)


@unittest.skipUnless(HAVE_TORCH, "needs torch and numpy")
class EndToEndTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="dbw-e2e-")
        cls.data = os.path.join(cls.tmp, "data")
        rc, out, err = run("generate", "--out", cls.data, "--preset", "tiny", "--seed", "42")
        assert rc == 0, err
        cls.models = []
        for name in ("model-a", "model-b"):
            out_dir = os.path.join(cls.tmp, name)
            rc, out, err = run("train", "--data", cls.data, "--out", out_dir, "--preset", "tiny", "--seed", "42", "--device", "cpu", "--threads", "1")
            assert rc == 0, err
            cls.models.append(out_dir)
        cls.train_stdout = out
        cls.infer = os.path.join(cls.tmp, "infer")
        rc, cls.infer_stdout, err = run(
            "infer", "--data", cls.data, "--model", cls.models[0], "--out", cls.infer, "--preset", "tiny", "--seed", "42", "--device", "cpu", "--threads", "1"
        )
        assert rc == 0, err

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_train_outputs(self):
        self.assertEqual(sorted(os.listdir(self.models[0])), ["model.npz", "result.json", "vocab.json"])
        r = load(os.path.join(self.models[0], "result.json"))
        self.assertEqual(r["schemaVersion"], 1)
        self.assertEqual(r["job"], "train")
        self.assertEqual((r["preset"], r["seed"]), ("tiny", 42))
        for key in PHASES:
            self.assertIn(key, r["phases"])
        for key in FRAMEWORK:
            self.assertIn(key, r["framework"])
        self.assertEqual(r["framework"]["device"], "cpu")
        self.assertEqual(r["framework"]["threads"], 1)
        self.assertEqual(len(r["phases"]["trainEpochSeconds"]), r["config"]["epochs"])
        self.assertEqual(len(r["lossCurve"]), r["config"]["epochs"])
        self.assertIsNone(r["phases"]["inferSeconds"])
        self.assertGreater(r["throughput"]["windowsPerSecond"], 0)
        self.assertEqual(r["metrics"]["finalLoss"], r["lossCurve"][-1])
        self.assertEqual(r["gpu"], {"frameworkPeakBytes": None, "frameworkPeakAllocatedBytes": None})
        self.assertGreater(r["data"]["malformed"], 0)
        self.assertEqual(r["data"]["skippedMaliciousSequences"] + r["data"]["trainingSequences"], r["data"]["sequences"])
        self.assertIn("epoch 1/", self.train_stdout)
        self.assertIn("loss=", self.train_stdout)

    def test_training_is_deterministic(self):
        a, b = (load(os.path.join(m, "result.json")) for m in self.models)
        self.assertEqual(a["model"]["sha256"], b["model"]["sha256"])
        self.assertEqual(a["lossCurve"], b["lossCurve"])
        self.assertEqual(a["metrics"], b["metrics"])
        self.assertEqual(a["framework"], b["framework"])
        with open(os.path.join(self.models[0], "model.npz"), "rb") as f1, open(os.path.join(self.models[1], "model.npz"), "rb") as f2:
            self.assertEqual(f1.read(), f2.read())

    def test_infer_outputs(self):
        r = load(os.path.join(self.infer, "result.json"))
        self.assertEqual(r["job"], "infer")
        for key in DETECTION:
            self.assertIn(key, r["metrics"])
        m = r["metrics"]
        d = r["data"]
        self.assertEqual(m["tp"] + m["fp"] + m["tn"] + m["fn"], d["classifiedSequences"])
        self.assertEqual(d["classifiedSequences"] + d["shortSequences"], d["sequences"])
        self.assertEqual(sorted(m["byK"]), ["1", "2", "3", "4", "5"])
        self.assertEqual(m["byK"]["3"]["tp"], m["tp"])
        self.assertGreater(d["windows"], 0)
        self.assertIsNotNone(r["phases"]["inferSeconds"])
        self.assertEqual(r["phases"]["trainEpochSeconds"], [])
        self.assertEqual(r["lossCurve"], [])
        train = load(os.path.join(self.models[0], "result.json"))
        self.assertEqual(r["model"]["sha256"], train["model"]["sha256"])
        self.assertEqual(r["framework"], train["framework"])
        self.assertIn("precision=", self.infer_stdout)

    def test_infer_is_deterministic_and_topk_override(self):
        out = os.path.join(self.tmp, "infer-again")
        rc, _, err = run("infer", "--data", self.data, "--model", self.models[1], "--out", out, "--seed", "42", "--preset", "tiny", "--device", "cpu", "--threads", "1", "--topk", "2")
        self.assertEqual(rc, 0, err)
        again = load(os.path.join(out, "result.json"))
        first = load(os.path.join(self.infer, "result.json"))
        self.assertEqual(again["metrics"]["topk"], 2)
        self.assertEqual(again["metrics"]["byK"], first["metrics"]["byK"])

    def test_topg_and_batch_size(self):
        out = os.path.join(self.tmp, "infer-g9")
        args = ("infer", "--data", self.data, "--model", self.models[0], "--out", out, "--preset", "tiny", "--device", "cpu", "--threads", "1")
        rc, stdout, err = run(*(args + ("--topg", "9", "--batch-size", "7")))
        self.assertEqual(rc, 0, err)
        r = load(os.path.join(out, "result.json"))
        first = load(os.path.join(self.infer, "result.json"))
        self.assertEqual((r["metrics"]["topk"], r["metrics"]["window"], r["config"]["inferChunk"]), (9, 10, 7))
        self.assertIn("(batches of 7)", stdout)
        self.assertEqual(sorted(r["metrics"]["byK"], key=int), ["1", "2", "3", "4", "5", "9"])
        self.assertEqual(dict((k, r["metrics"]["byK"][k][c]) for k in "12345" for c in ("tp", "fp", "tn", "fn")), dict((k, first["metrics"]["byK"][k][c]) for k in "12345" for c in ("tp", "fp", "tn", "fn")))
        self.assertEqual(dict((c, r["metrics"][c]) for c in ("tp", "fp", "tn", "fn")), dict((c, r["metrics"]["byK"]["9"][c]) for c in ("tp", "fp", "tn", "fn")))
        # a larger g can only accept more windows: no session flagged at 9 that was not flagged at 3
        self.assertLessEqual(r["metrics"]["flaggedSequences"], first["metrics"]["flaggedSequences"])

    def test_train_window_and_topg(self):
        out = os.path.join(self.tmp, "model-h5")
        rc, _, err = run("train", "--data", self.data, "--out", out, "--preset", "tiny", "--device", "cpu", "--threads", "1", "--window", "5", "--topg", "4", "--epochs", "1")
        self.assertEqual(rc, 0, err)
        r = load(os.path.join(out, "result.json"))
        vocab = load(os.path.join(out, "vocab.json"))
        self.assertEqual((r["metrics"]["topk"], r["metrics"]["window"], vocab["topk"], vocab["window"]), (4, 5, 4, 5))
        infer_out = os.path.join(self.tmp, "infer-h5")
        rc, _, err = run("infer", "--data", self.data, "--model", out, "--out", infer_out, "--preset", "tiny", "--device", "cpu", "--threads", "1")
        self.assertEqual(rc, 0, err)
        i = load(os.path.join(infer_out, "result.json"))
        self.assertEqual((i["metrics"]["topk"], i["metrics"]["window"]), (4, 5))  # the model's g and h
        m = i["metrics"]
        self.assertEqual(m["tp"] + m["fp"] + m["tn"] + m["fn"], i["data"]["maliciousSequences"] + i["data"]["benignSequences"])

    def test_infer_without_labels(self):
        data = os.path.join(self.tmp, "nolabels")
        os.makedirs(data)
        shutil.copy(os.path.join(self.data, "infer.log"), data)
        out = os.path.join(self.tmp, "infer-nolabels")
        rc, _, err = run("infer", "--data", data, "--model", self.models[0], "--out", out, "--preset", "tiny", "--device", "cpu")
        self.assertEqual(rc, 0, err)
        r = load(os.path.join(out, "result.json"))
        self.assertFalse(r["metrics"]["labelled"])
        self.assertIsNone(r["metrics"]["precision"])
        self.assertIsNone(r["metrics"]["edr"])
        self.assertGreater(r["metrics"]["flaggedSequences"], 0)

    def test_errors(self):
        missing = os.path.join(self.tmp, "missing")
        rc, _, err = run("train", "--data", missing, "--out", os.path.join(self.tmp, "x"), "--preset", "tiny")
        self.assertEqual(rc, 2)
        self.assertTrue(err.startswith("error: data folder not found"), err)
        rc, _, err = run("infer", "--data", self.data, "--model", missing, "--out", os.path.join(self.tmp, "y"), "--preset", "tiny")
        self.assertEqual(rc, 2)
        self.assertIn("vocab.json not found", err)
        rc, _, err = run("train", "--data", self.data, "--out", os.path.join(self.tmp, "z"), "--preset", "tiny", "--device", "tpu")
        self.assertEqual(rc, 2)
        self.assertIn("unknown device", err)
        few = os.path.join(self.tmp, "few")
        os.makedirs(few)
        with open(os.path.join(few, "train.log"), "w") as f:
            f.write("timestamp=2024-01-01T00:00:00Z srcip=203.0.113.1 dstip=10.0.0.1 action=Allow\n")
        rc, _, err = run("train", "--data", few, "--out", os.path.join(self.tmp, "z"), "--preset", "tiny", "--device", "cpu")
        self.assertEqual(rc, 2)
        self.assertIn("no training windows", err)
        import torch

        if not torch.cuda.is_available():
            rc, _, err = run("train", "--data", self.data, "--out", os.path.join(self.tmp, "z"), "--preset", "tiny", "--device", "cuda")
            self.assertEqual(rc, 2)
            self.assertIn("CUDA is not available", err)


@unittest.skipUnless(HAVE_TORCH, "needs torch and numpy")
class ModelTest(unittest.TestCase):
    def test_npz_roundtrip_and_stable_bytes(self):
        import numpy as np
        import torch

        from deploybench_workload import model as model_mod

        m = model_mod.NextEventLSTM(7, 16, 2)
        model_mod.init_weights(m, 3)
        arrays = model_mod.state_arrays(m)
        self.assertEqual(model_mod.npz_bytes(arrays), model_mod.npz_bytes(model_mod.state_arrays(m)))
        tmp = tempfile.mkdtemp(prefix="dbw-npz-")
        try:
            path = os.path.join(tmp, "m.npz")
            sha = model_mod.save_npz(path, arrays)
            loaded, sha2 = model_mod.load_npz(path)
            self.assertEqual(sha, sha2)
            with np.load(path) as npz:  # a plain numpy archive
                self.assertEqual(sorted(npz.files), sorted(arrays))
            m2 = model_mod.build_from_arrays(loaded, 7, 16, 2)
            x = torch.tensor([[1, 2, 3, 4], [0, 6, 5, 1]])
            with torch.no_grad():
                self.assertTrue(torch.equal(m(x), m2(x)))
            from deploybench_workload.errors import WorkloadError

            with self.assertRaises(WorkloadError):
                model_mod.build_from_arrays(loaded, 8, 16, 2)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def test_init_is_seeded(self):
        from deploybench_workload import model as model_mod

        a, b, c = (model_mod.NextEventLSTM(5, 8, 1) for _ in range(3))
        model_mod.init_weights(a, 1)
        model_mod.init_weights(b, 1)
        model_mod.init_weights(c, 2)
        sa, sb, sc = (model_mod.state_arrays(x) for x in (a, b, c))
        self.assertTrue(all((sa[k] == sb[k]).all() for k in sa))
        self.assertFalse(all((sa[k] == sc[k]).all() for k in sa))

    def test_ranks(self):
        import torch

        from deploybench_workload.model import ranks

        logits = torch.tensor([[0.1, 0.9, 0.5, 0.3], [2.0, 1.0, 0.0, -1.0]])
        self.assertEqual(ranks(logits, torch.tensor([1, 3])).tolist(), [0, 3])
        self.assertEqual(ranks(logits, torch.tensor([3, 0])).tolist(), [2, 0])


if __name__ == "__main__":
    unittest.main()
