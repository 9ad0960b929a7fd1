/**
 * Percentile bootstrap confidence intervals of the median and of a ratio of medians, with a seeded
 * generator so that the same data and seed always give the same interval.
 */
import { medianInPlace, quantileSorted } from './descriptive.ts';
import { DEFAULT_SEED, resampleInto, seededRandom } from './random.ts';

/** Default number of bootstrap resamples. */
export const DEFAULT_RESAMPLES = 2000;

/** Options shared by the bootstrap functions. */
export interface BootstrapOptions {
  /** Seed of the generator (default DEFAULT_SEED). */
  seed?: number;
  /** Number of resamples (default DEFAULT_RESAMPLES). */
  resamples?: number;
  /** Coverage of the interval, 0..1 (default 0.95). */
  level?: number;
}

/** A two-sided interval. */
export interface Interval {
  low: number;
  high: number;
}

function percentileInterval(estimates: Float64Array, level: number): Interval {
  estimates.sort();
  const alpha = (1 - level) / 2;
  return { low: quantileSorted(estimates, alpha), high: quantileSorted(estimates, 1 - alpha) };
}

/** Bootstrap CI of the median of `values` (non-empty). With a single value the interval is that value. */
export function bootstrapMedianCI(values: readonly number[], opts: BootstrapOptions = {}): Interval {
  if (values.length === 0) throw new RangeError('bootstrap of an empty sample');
  const resamples = Math.max(1, Math.floor(opts.resamples ?? DEFAULT_RESAMPLES));
  const random = seededRandom(opts.seed ?? DEFAULT_SEED);
  const buf = new Float64Array(values.length);
  const estimates = new Float64Array(resamples);
  for (let i = 0; i < resamples; i++) estimates[i] = medianInPlace(resampleInto(values, buf, random));
  return percentileInterval(estimates, opts.level ?? 0.95);
}

/**
 * Bootstrap CI of median(b) / median(a), resampling each side independently. Resamples whose median(a)
 * is 0 are dropped; returns null when every resample was dropped (or a side is empty).
 */
export function bootstrapRatioCI(
  a: readonly number[],
  b: readonly number[],
  opts: BootstrapOptions = {},
): Interval | null {
  if (a.length === 0 || b.length === 0) return null;
  const resamples = Math.max(1, Math.floor(opts.resamples ?? DEFAULT_RESAMPLES));
  const random = seededRandom(opts.seed ?? DEFAULT_SEED);
  const bufA = new Float64Array(a.length);
  const bufB = new Float64Array(b.length);
  const estimates: number[] = [];
  for (let i = 0; i < resamples; i++) {
    const ma = medianInPlace(resampleInto(a, bufA, random));
    const mb = medianInPlace(resampleInto(b, bufB, random));
    if (ma !== 0) estimates.push(mb / ma);
  }
  return estimates.length === 0 ? null : percentileInterval(Float64Array.from(estimates), opts.level ?? 0.95);
}
