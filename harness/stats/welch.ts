/**
 * Welch's unequal-variances t test, and the rule for when compare() uses it instead of Mann-Whitney.
 */
import { mean, median, skewness, variance } from './descriptive.ts';
import { studentTTwoSided } from './distributions.ts';
import { findOutliers } from './summary.ts';

/** Result of a Welch t test. */
export interface WelchResult {
  t: number;
  /** Welch-Satterthwaite degrees of freedom. */
  df: number;
  /** Two-sided p-value. */
  pValue: number;
}

/** Two-sided Welch t test; null when a side has fewer than 2 values or both variances are 0. */
export function welch(a: readonly number[], b: readonly number[]): WelchResult | null {
  const va = variance(a);
  const vb = variance(b);
  if (va === null || vb === null) return null;
  const sa = va / a.length;
  const sb = vb / b.length;
  if (sa + sb === 0) return null;
  const t = (mean(b) - mean(a)) / Math.sqrt(sa + sb);
  const df = (sa + sb) ** 2 / (sa ** 2 / (a.length - 1) + sb ** 2 / (b.length - 1));
  return { t, df, pValue: studentTTwoSided(t, df) };
}

/** Smallest sample size per side from which Welch's test may be used. */
export const WELCH_MIN_N = 10;

/** Largest |skewness| of a side for which it is treated as close enough to normal. */
export const WELCH_MAX_SKEW = 1;

/**
 * Whether a sample looks normal enough for Welch's test: at least WELCH_MIN_N values, non-zero spread,
 * |skewness| <= WELCH_MAX_SKEW and no outlier beyond 3 scaled MADs. With fewer values a normality check
 * has no power, so the rank test (which assumes nothing about the shape) is used instead.
 */
export function looksNormal(values: readonly number[]): boolean {
  if (values.length < WELCH_MIN_N) return false;
  const skew = skewness(values);
  if (skew === null || Math.abs(skew) > WELCH_MAX_SKEW) return false;
  return findOutliers(values, median(values)).length === 0;
}
