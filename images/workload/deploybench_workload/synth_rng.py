"""The generator's only source of randomness, and heavy-tailed sequence lengths.

Every draw is derived from `random.Random(seed).random()`, whose sequence is the same on
every Python 3.7+ (unlike `randint`, `choice` or `shuffle`, whose algorithms changed).
"""

import random


class Rng(object):
    """All draws derived from random.Random(seed).random(), which is stable across Python versions."""

    def __init__(self, seed):
        self._r = random.Random(seed)

    def random(self):
        return self._r.random()

    def randint(self, lo, hi):
        """Integer in [lo, hi]."""
        return lo + min(int(self._r.random() * (hi - lo + 1)), hi - lo)

    def choice(self, items):
        return items[self.randint(0, len(items) - 1)]

    def weighted(self, pairs):
        """First element of one of (value, weight) pairs, by weight (integers)."""
        total = 0
        for _, w in pairs:
            total += w
        x = self._r.random() * total
        acc = 0
        for value, w in pairs:
            acc += w
            if x < acc:
                return value
        return pairs[-1][0]

    def pareto(self, alpha):
        """Pareto draw >= 1 with tail index alpha."""
        return (1.0 - self._r.random()) ** (-1.0 / alpha)

    def shuffle(self, items):
        for i in range(len(items) - 1, 0, -1):
            j = self.randint(0, i)
            items[i], items[j] = items[j], items[i]


def heavy_lengths(rng, n, total, minimum, alpha, cap):
    """n heavy-tailed (Pareto) lengths >= minimum summing exactly to total."""
    if n <= 0:
        return []
    if total < n * minimum:
        minimum = max(1, total // n)
    raw = [min(rng.pareto(alpha), cap) for _ in range(n)]
    budget = total - n * minimum
    scale = budget / sum(raw)
    exact = [r * scale for r in raw]
    lengths = [minimum + int(x) for x in exact]
    rest = total - sum(lengths)
    # Largest fractional parts first (ties: lower index first): exact sum, deterministic.
    order = sorted(range(n), key=lambda i: (-(exact[i] - int(exact[i])), i))
    i = 0
    while rest > 0:
        lengths[order[i % n]] += 1
        rest -= 1
        i += 1
    return lengths
