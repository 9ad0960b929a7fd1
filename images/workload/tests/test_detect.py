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

    def test_no_windows(self):
        import numpy as np

        from deploybench_workload import detect

        X, Y, offsets = detect.windows([np.array([1, 2], dtype=np.int64)], 10)
        self.assertEqual(X.shape, (0, 10))
        self.assertEqual(Y.shape, (0,))
        self.assertEqual(offsets, [-1])


if __name__ == "__main__":
    unittest.main()
