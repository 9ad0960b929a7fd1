"""Windows and first flags (detect.py; needs numpy and, through model.py, torch)."""

import unittest

try:
    from .helpers import HAVE_TORCH
except ImportError:
    from helpers import HAVE_TORCH


@unittest.skipUnless(HAVE_TORCH, "needs torch and numpy")
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

    def test_session_verdicts_to_metrics(self):
        # A session is anomalous when any window's actual next event is outside the top g (rank >= g:
        # at least g events scored strictly higher); its first such window gives the position for EDR.
        import numpy as np

        from deploybench_workload import detect
        from deploybench_workload.metrics import detection_metrics

        h, g = 2, 3
        lengths = [6, 5, 4, 2, 5]  # windows per session: length - h = 4, 3, 2, none, 3
        labels = ["malicious", "malicious", "benign", "malicious", "benign"]
        offsets = [0, 4, 7, -1, 9]
        ranks = np.array([0, 2, 3, 9, 1, 0, 2, 2, 0, 0, 1, 5], dtype=np.int64)
        flags = detect.first_flags(ranks, lengths, offsets, h, g)
        # session 0: window 2 (rank 3) predicts event 2+h = index 4, 1-based position 5; later ones do not matter
        # session 1: ranks 1, 0, 2 all inside the top 3 -> not flagged (FN); session 2: ranks 2, 0 -> TN
        # session 3: too short for a window, not classified; session 4: window 2 (rank 5) -> position 5 (FP)
        self.assertEqual(flags, [5, None, None, None, 5])
        outcomes = [(lab, n, f) for lab, n, f, o in zip(labels, lengths, flags, offsets) if o >= 0]
        m = detection_metrics(outcomes)
        self.assertEqual((m["tp"], m["fp"], m["tn"], m["fn"]), (1, 1, 1, 1))
        self.assertAlmostEqual(m["edr"], 5 / 6.0)
        # g = 1: every window with rank >= 1 flags; session 1 (rank 1 first) and 2 (rank 2 first) now too
        self.assertEqual(detect.first_flags(ranks, lengths, offsets, h, 1), [4, 3, 3, None, 4])

    def test_no_windows(self):
        import numpy as np

        from deploybench_workload import detect

        X, Y, offsets = detect.windows([np.array([1, 2], dtype=np.int64)], 10)
        self.assertEqual(X.shape, (0, 10))
        self.assertEqual(Y.shape, (0,))
        self.assertEqual(offsets, [-1])


if __name__ == "__main__":
    unittest.main()
