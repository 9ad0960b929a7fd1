import hashlib
import json
import os
import shutil
import tempfile
import unittest

try:
    from .helpers import WORKLOAD_DIR
except ImportError:
    from helpers import WORKLOAD_DIR
del WORKLOAD_DIR  # imported for its side effect: the workload folder on sys.path

from deploybench_workload import generate as gen
from deploybench_workload import parse
from deploybench_workload import synth_behaviour as behaviour
from deploybench_workload.synth_rng import Rng, heavy_lengths

#: sha256 of train.log and infer.log of `generate --preset tiny --seed 42`.  The same on
#: every Python 3.7+: if this changes, data (and so every earlier result) changed.
GOLDEN_TINY_42 = {
    "train": "aa8c451a2acfe14dae61825304b42733140e4ebd0062e4724161ade570a317ef",
    "infer": "f27d967be3c40425c9ec26494b2f19894950070d1839c8a2027539e07a64bbc8",
}


def _sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


class GenerateTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="dbw-gen-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_deterministic_bytes(self):
        a, b, c = (os.path.join(self.tmp, x) for x in "abc")
        gen.generate(a, "tiny", 7)
        gen.generate(b, "tiny", 7)
        gen.generate(c, "tiny", 8)
        for name in ("train.log", "infer.log", "labels.json", "meta.json"):
            self.assertEqual(_sha(os.path.join(a, name)), _sha(os.path.join(b, name)), name)
        self.assertNotEqual(_sha(os.path.join(a, "train.log")), _sha(os.path.join(c, "train.log")))

    def test_golden_across_python_versions(self):
        out = os.path.join(self.tmp, "g")
        meta = gen.generate(out, "tiny", 42)
        for name in ("train", "infer"):
            digest = _sha(os.path.join(out, name + ".log"))
            self.assertEqual(digest, meta["files"][name]["sha256"])
            self.assertEqual(digest, GOLDEN_TINY_42[name], name)

    def test_files_and_meta(self):
        out = os.path.join(self.tmp, "m")
        gen.generate(out, "tiny", 3)
        self.assertEqual(sorted(os.listdir(out)), ["infer.log", "labels.json", "meta.json", "train.log"])
        with open(os.path.join(out, "labels.json")) as f:
            labels = json.load(f)
        with open(os.path.join(out, "meta.json")) as f:
            meta = json.load(f)
        self.assertEqual(sorted(labels), ["infer", "train"])
        self.assertEqual(meta["preset"], "tiny")
        self.assertEqual(meta["seed"], 3)
        for name in ("train", "infer"):
            self.assertEqual(set(labels[name].values()), {"malicious", "benign"})
            self.assertEqual(len(labels[name]), meta["files"][name]["sequences"])
            self.assertEqual(set(labels[name]).intersection(labels["infer" if name == "train" else "train"]), set())

    def test_class_balance(self):
        for preset, seed in (("tiny", 1), ("tiny", 2), ("small", 42), ("small", 5)):
            for name, key in (("train", "trainLines"), ("infer", "inferLines")):
                from deploybench_workload import presets

                text, labels, stats = gen.generate_file(seed, name, presets.get(preset)[key])
                self.assertTrue(0.24 <= stats["maliciousLineShare"] <= 0.28, (preset, seed, name, stats))
                self.assertTrue(0.78 <= stats["maliciousSequenceShare"] <= 0.88, (preset, seed, name, stats))
                # Check against the text itself, not just the generator's own counts.
                parsed = parse.parse_lines(text.splitlines())
                self.assertEqual(parsed.malformed, stats["malformedLines"])
                mal_lines = sum(len(ev) for ip, ev in zip(parsed.ips, parsed.events) if labels[ip] == "malicious")
                all_lines = sum(len(ev) for ev in parsed.events)
                self.assertEqual(all_lines, stats["wellFormedLines"])
                self.assertAlmostEqual(mal_lines / float(all_lines), stats["maliciousLineShare"], places=5)
                mal_seqs = sum(1 for ip in parsed.ips if labels[ip] == "malicious")
                self.assertEqual(mal_seqs, stats["maliciousSequences"])
                if preset != "tiny":  # heavy tails: the longest sequences are well above the mean
                    self.assertGreater(stats["maxLength"]["benign"], 2 * stats["meanLength"]["benign"])
                    self.assertGreater(stats["maxLength"]["malicious"], 3 * stats["meanLength"]["malicious"])
                self.assertLess(stats["meanLength"]["malicious"] * 5, stats["meanLength"]["benign"])

    def test_benign_follows_chain_and_attacks_start_benign(self):
        kinds = {}
        text, labels, _ = gen.generate_file(11, "train", 6000, 10, kinds)
        parsed = parse.parse_lines(text.splitlines())
        successors = {}
        for state, (event, nexts) in behaviour.BENIGN_CHAIN.items():
            successors.setdefault(event, set()).update(behaviour.BENIGN_CHAIN[n][0] for n, _ in nexts)
        starts = set(behaviour.BENIGN_CHAIN[s][0] for s, _ in behaviour.BENIGN_START)
        for ip, events in zip(parsed.ips, parsed.events):
            self.assertIn(events[0], starts)
            if labels[ip] == "benign":
                self.assertEqual(kinds[ip], "benign")
                for a, b in zip(events, events[1:]):
                    self.assertIn(b, successors[a], (ip, a, b))
                    self.assertLessEqual(len(successors[a]), 3)
            else:
                self.assertIn(kinds[ip], behaviour.ATTACKS)

    def test_lengths_sum_exactly(self):
        rng = Rng(1)
        lengths = heavy_lengths(rng, 50, 1000, 2, 1.5, 40.0)
        self.assertEqual(sum(lengths), 1000)
        self.assertGreaterEqual(min(lengths), 2)

    def test_rng_helpers(self):
        rng = Rng(5)
        draws = [rng.randint(3, 5) for _ in range(500)]
        self.assertEqual(set(draws), {3, 4, 5})
        counts = {"a": 0, "b": 0}
        for _ in range(2000):
            counts[rng.weighted([("a", 90), ("b", 10)])] += 1
        self.assertTrue(1650 < counts["a"] < 1950, counts)


if __name__ == "__main__":
    unittest.main()
