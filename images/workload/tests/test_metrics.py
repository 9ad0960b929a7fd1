"""Metric definitions on hand-made cases (pure Python)."""

import unittest

try:
    from .helpers import WORKLOAD_DIR
except ImportError:
    from helpers import WORKLOAD_DIR
del WORKLOAD_DIR  # imported for its side effect: the workload folder on sys.path

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

    def test_hand_computed_asymmetric(self):
        # 10 sessions; every ratio different, so a swapped definition cannot pass.
        outcomes = [
            ("malicious", 40, 10),  # TP, seen 10/40 = 0.25 before the flag
            ("malicious", 20, 15),  # TP, 0.75
            ("malicious", 11, 11),  # TP, 1.0 (flagged at its last event)
            ("malicious", 30, None),  # FN
            ("malicious", 12, None),  # FN
            ("benign", 200, 150),  # FP
            ("benign", 100, None),  # TN
            ("benign", 90, None),  # TN
            ("benign", 80, None),  # TN
            ("benign", 70, None),  # TN
        ]
        m = detection_metrics(outcomes)
        self.assertEqual((m["tp"], m["fp"], m["tn"], m["fn"]), (3, 1, 4, 2))
        self.assertAlmostEqual(m["precision"], 0.75)  # 3 / (3 + 1)
        self.assertAlmostEqual(m["recall"], 0.6)  # 3 / (3 + 2)
        self.assertAlmostEqual(m["specificity"], 0.8)  # 4 / (4 + 1)
        self.assertAlmostEqual(m["f1"], 2 * 0.75 * 0.6 / (0.75 + 0.6))  # = 6/9
        self.assertAlmostEqual(m["f1"], 6 / 9.0)
        self.assertAlmostEqual(m["accuracy"], 0.7)  # (3 + 4) / 10
        self.assertAlmostEqual(m["edr"], (0.25 + 0.75 + 1.0) / 3)  # over true positives only; FP's 0.75 not counted

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


if __name__ == "__main__":
    unittest.main()
