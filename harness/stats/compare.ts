/**
 * Comparison of one metric between two scenarios: ratio of medians with a bootstrap CI, a significance
 * test and a verdict in words.
 *
 * Test choice: Welch's t test when both sides have at least 10 values and both look normal (|skewness| <= 1,
 * no 3-MAD outlier; see welch.ts), otherwise Mann-Whitney U (exact up to 60 values in all). 'none' when a
 * side has no value.
 */
import { bootstrapRatioCI } from './bootstrap.ts';
import { median } from './descriptive.ts';
import { mannWhitney, minimumPValue } from './mannwhitney.ts';
import { formatChange } from './format-change.ts';
import { DEFAULT_SEED } from './random.ts';
import { decide, DEFAULT_MARGIN, type Decision } from './verdict.ts';
import { looksNormal, welch } from './welch.ts';

/** Result of compare(a, b): b relative to a. */
export interface Comparison {
  /** Number of finite values of each side. */
  nA: number;
  nB: number;
  medianA: number | null;
  medianB: number | null;
  /** median(b) / median(a); null when a side is empty or median(a) is 0. */
  ratio: number | null;
  /** 95% bootstrap CI of the ratio (independent resampling of each side). */
  ciLow: number | null;
  ciHigh: number | null;
  /** Two-sided p-value of the test; null when no test could be run. */
  pValue: number | null;
  test: 'mann-whitney' | 'welch' | 'none';
  /** pValue < alpha. */
  significant: boolean;
  /** The change of b relative to a in percent when significant (e.g. "+12.3%", "-4.0%"), else "~" ("higher"/"lower" when median(a) is 0). */
  verdict: string;
  /** Why the comparison is weak (too few repetitions, empty side), or null. */
  warning: string | null;
  /** Different, equivalent within the margin, or undecided with a reason (see verdict.ts). */
  decision: Decision;
}

/** Options of compare. */
export interface CompareOptions {
  /** Seed of the bootstrap (default DEFAULT_SEED). */
  seed?: number;
  /** Significance level (default 0.05). */
  alpha?: number;
  /** Equivalence margin, as a fraction (default DEFAULT_MARGIN, 0.05 = ±5%). */
  margin?: number;
}

/** Formats a ratio as a signed percentage change (re-exported from format-change.ts). */
export { formatChange };

function fewRepsWarning(nA: number, nB: number, alpha: number): string | null {
  if (nA === 0 || nB === 0) return `no successful run on ${nA === 0 ? 'the baseline' : 'the compared'} side`;
  const minP = minimumPValue(nA, nB);
  if (minP < alpha) return null;
  return `too few repetitions: with n=${nA} and n=${nB} the U test cannot reach p<${alpha} (smallest possible p = ${minP.toPrecision(3)}); use at least 4 per side`;
}

// Welch when both sides look normal (n >= 10, see welch.ts), else Mann-Whitney U; none when a side is empty.
function runTest(xa: number[], xb: number[]): { pValue: number | null; test: Comparison['test'] } {
  if (xa.length === 0 || xb.length === 0) return { pValue: null, test: 'none' };
  const w = looksNormal(xa) && looksNormal(xb) ? welch(xa, xb) : null;
  if (w) return { pValue: w.pValue, test: 'welch' };
  return { pValue: mannWhitney(xa, xb).pValue, test: 'mann-whitney' };
}

/** Compares sample b against sample a (non-finite values are ignored). */
export function compare(a: readonly number[], b: readonly number[], opts: CompareOptions = {}): Comparison {
  const alpha = opts.alpha ?? 0.05;
  const xa = a.filter(Number.isFinite);
  const xb = b.filter(Number.isFinite);
  const nA = xa.length;
  const nB = xb.length;
  const medianA = nA > 0 ? median(xa) : null;
  const medianB = nB > 0 ? median(xb) : null;
  const ratio = medianA !== null && medianB !== null && medianA !== 0 ? medianB / medianA : null;
  const ci = ratio === null ? null : bootstrapRatioCI(xa, xb, { seed: opts.seed ?? DEFAULT_SEED });
  const { pValue, test } = runTest(xa, xb);
  const significant = pValue !== null && pValue < alpha;
  const ciLow = ci?.low ?? null;
  const ciHigh = ci?.high ?? null;
  const decision = decide({ nA, nB, ratio, ciLow, ciHigh, significant }, opts.margin ?? DEFAULT_MARGIN, alpha);
  return {
    nA,
    nB,
    medianA,
    medianB,
    ratio,
    ciLow,
    ciHigh,
    pValue,
    test,
    significant,
    verdict: !significant
      ? '~'
      : ratio !== null
        ? formatChange(ratio)
        : (medianB ?? 0) > (medianA ?? 0)
          ? 'higher'
          : 'lower',
    warning: fewRepsWarning(nA, nB, alpha),
    decision,
  };
}
