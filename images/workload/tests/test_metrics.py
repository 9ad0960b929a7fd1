import unittest

try:
    from .helpers import HAVE_TORCH
except ImportError:
    from helpers import HAVE_TORCH

from deploybench_workload.metrics import detection_metrics, ratio


class MetricsTest(unittest.TestCase):
    def test_known_confusion(self):
        outcomes = [
            ("malicious", 20, 5),  # TP, EDR 0.25
            ("malicious", 10, 10),  # TP, EDR 1.0
            ("malicious", 40, None),  # FN
            ("benign", 100, None),  # TN
            ("benign", 50, None),  # TN
            ("benign", 30, 12),  # FP
        ]
        m = detection_metrics(outcomes)
        self.assertEqual((m["tp"], m["fp"], m["tn"], m["fn"]), (2, 1, 2, 1))
        self.assertAlmostEqual(m["precision"], 2 / 3.0)
        self.assertAlmostEqual(m["recall"], 2 / 3.0)
        self.assertAlmostEqual(m["specificity"], 2 / 3.0)
        self.assertAlmostEqual(m["f1"], 2 / 3.0)
        self.assertAlmostEqual(m["accuracy"], 4 / 6.0)
        self.assertAlmostEqual(m["edr"], (0.25 + 1.0) / 2)

    def test_perfect_precision_low_recall(self):
        m = detection_metrics([("malicious", 10, 4), ("malicious", 10, None), ("malicious", 10, None), ("benign", 99, None)])
        self.assertEqual(m["precision"], 1.0)
        self.assertEqual(m["specificity"], 1.0)
        self.assertAlmostEqual(m["recall"], 1 / 3.0)
        self.assertAlmostEqual(m["f1"], 2 * 1.0 * (1 / 3.0) / (1.0 + 1 / 3.0))
        self.assertAlmostEqual(m["edr"], 0.4)

    def test_undefined_is_none_not_zero(self):
        empty = detection_metrics([])
        for key in ("precision", "recall", "specificity", "f1", "accuracy", "edr"):
            self.assertIsNone(empty[key], key)
        only_benign = detection_metrics([("benign", 20, None)])
        self.assertIsNone(only_benign["precision"])  # nothing flagged
        self.assertIsNone(only_benign["recall"])  # nothing malicious
        self.assertIsNone(only_benign["edr"])  # no true positive
        self.assertIsNone(only_benign["f1"])
        self.assertEqual(only_benign["specificity"], 1.0)
        missed = detection_metrics([("malicious", 20, None)])
        self.assertIsNone(missed["precision"])
        self.assertEqual(missed["recall"], 0.0)
        self.assertEqual(missed["f1"], 0.0)  # 2TP/(2TP+FP+FN) is defined: nothing found
        self.assertIsNone(missed["specificity"])
        self.assertIsNone(missed["edr"])

    def test_ratio(self):
        self.assertIsNone(ratio(0, 0))
        self.assertEqual(ratio(0, 4), 0.0)

    def test_bad_label(self):
        with self.assertRaises(ValueError):
            detection_metrics([("weird", 10, None)])


@unittest.skipUnless(HAVE_TORCH, "needs numpy (and torch)")
class DetectTest(unittest.TestCase):
    def test_windows_and_first_flags(self):
        import numpy as np

        from deploybench_workload import detect

        h = 3
        seqs = [np.array([1, 2, 3, 4, 5, 6], dtype=np.int64), np.array([1, 2, 3], dtype=np.int64), np.array([7, 7, 7, 7], dtype=np.int64)]
        X, Y, offsets = detect.windows(seqs, h)
        self.assertEqual(offsets, [0, -1, 3])
        self.assertEqual(X.tolist(), [[1, 2, 3], [2, 3, 4], [3, 4, 5], [7, 7, 7]])
        self.assertEqual(Y.tolist(), [4, 5, 6, 7])
        # ranks of the actual next events: seq 0 flagged at its 2nd window (k=2) -> event 5, 1-based position 5
        ranks = np.array([0, 2, 7, 1])
        lengths = [6, 3, 4]
        self.assertEqual(detect.first_flags(ranks, lengths, offsets, h, 2), [5, None, None])
        self.assertEqual(detect.first_flags(ranks, lengths, offsets, h, 1), [5, None, 4])
        self.assertEqual(detect.first_flags(ranks, lengths, offsets, h, 3), [6, None, None])
        self.assertEqual(detect.first_flags(ranks, lengths, offsets, h, 8), [None, None, None])
        ranks[3] = detect.UNSEEN_RANK  # an unseen event is flagged at every k
        self.assertEqual(detect.first_flags(ranks, lengths, offsets, h, 100), [None, None, 4])

    def test_no_windows(self):
        import numpy as np

        from deploybench_workload import detect

        X, Y, offsets = detect.windows([np.array([1, 2], dtype=np.int64)], 10)
        self.assertEqual(X.shape, (0, 10))
        self.assertEqual(Y.shape, (0,))
        self.assertEqual(offsets, [-1])


if __name__ == "__main__":
    unittest.main()
