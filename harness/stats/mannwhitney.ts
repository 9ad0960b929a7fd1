/**
 * Mann-Whitney U (Wilcoxon rank-sum) test, two-sided. Exact for small samples, by counting every way of
 * choosing sample A's ranks (a recurrence over the pooled, mid-ranked data, so ties are handled exactly);
 * normal approximation with tie and continuity correction for large samples.
 */
import { erfc } from './distributions.ts';

/** Largest pooled sample size (nA + nB) for which the exact distribution is computed. */
export const EXACT_MAX_N = 60;

/** Result of a Mann-Whitney U test. */
export interface MannWhitneyResult {
  /** U statistic of sample A (number of pairs with a > b, ties counting 1/2). */
  u: number;
  /** Two-sided p-value. */
  pValue: number;
  /** Whether the p-value comes from the exact distribution (else the normal approximation). */
  exact: boolean;
}

// Doubled mid-ranks of the pooled sample (integers, so sums compare exactly), and the tie-group sizes.
function doubledRanks(a: readonly number[], b: readonly number[]): { ranksA: number[]; all: number[]; ties: number[] } {
  const pooled = [...a.map((v) => ({ v, a: true })), ...b.map((v) => ({ v, a: false }))].sort((x, y) => x.v - y.v);
  const ranksA: number[] = [];
  const all: number[] = [];
  const ties: number[] = [];
  for (let i = 0; i < pooled.length;) {
    let j = i;
    while (j + 1 < pooled.length && pooled[j + 1]!.v === pooled[i]!.v) j++;
    const r2 = i + 1 + (j + 1); // first rank + last rank = 2 x mid-rank
    ties.push(j - i + 1);
    for (let k = i; k <= j; k++) {
      all.push(r2);
      if (pooled[k]!.a) ranksA.push(r2);
    }
    i = j + 1;
  }
  return { ranksA, all, ties };
}

// Number of ways to pick `k` of `ranks` with each doubled rank sum: ways[s].
function rankSumCounts(ranks: readonly number[], k: number): Float64Array {
  const total = ranks.reduce((s, r) => s + r, 0);
  const ways = Array.from({ length: k + 1 }, () => new Float64Array(total + 1));
  ways[0]![0] = 1;
  ranks.forEach((r, i) => {
    for (let c = Math.min(i + 1, k); c >= 1; c--) {
      const to = ways[c]!;
      const from = ways[c - 1]!;
      for (let s = total; s >= r; s--) if (from[s - r]! !== 0) to[s]! += from[s - r]!;
    }
  });
  return ways[k]!;
}

/** Two-sided Mann-Whitney U test of samples a and b (both non-empty). */
export function mannWhitney(a: readonly number[], b: readonly number[]): MannWhitneyResult {
  const nA = a.length;
  const nB = b.length;
  if (nA === 0 || nB === 0) throw new RangeError('Mann-Whitney test needs two non-empty samples');
  const n = nA + nB;
  const { ranksA, all, ties } = doubledRanks(a, b);
  const w2 = ranksA.reduce((s, r) => s + r, 0);
  const u = w2 / 2 - (nA * (nA + 1)) / 2;
  const mean2 = nA * (n + 1);
  if (n <= EXACT_MAX_N) {
    const counts = rankSumCounts(all, nA);
    const observed = Math.abs(w2 - mean2);
    let extreme = 0;
    let total = 0;
    counts.forEach((c, s) => {
      total += c;
      if (Math.abs(s - mean2) >= observed) extreme += c;
    });
    return { u, pValue: Math.min(1, extreme / total), exact: true };
  }
  const tieTerm = ties.reduce((s, t) => s + t ** 3 - t, 0) / (n * (n - 1));
  const sigma = Math.sqrt(((nA * nB) / 12) * (n + 1 - tieTerm));
  if (sigma === 0) return { u, pValue: 1, exact: false };
  const z = Math.max(0, Math.abs(u - (nA * nB) / 2) - 0.5) / sigma;
  return { u, pValue: Math.min(1, erfc(z / Math.SQRT2)), exact: false };
}

/** Smallest two-sided p-value the test can give with samples of sizes nA and nB (no ties): 2 / C(nA+nB, nA). */
export function minimumPValue(nA: number, nB: number): number {
  if (nA === 0 || nB === 0) return 1;
  let c = 1;
  for (let i = 1; i <= nA; i++) c = (c * (nB + i)) / i;
  return Math.min(1, 2 / c);
}
