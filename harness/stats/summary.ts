/**
 * Summary of one metric over the repetitions of one scenario: the figures of the report's tables.
 */
import { bootstrapMedianCI } from './bootstrap.ts';
import { mean, quantileSorted, scaledMad, sorted, standardDeviation } from './descriptive.ts';

/** Distance from the median, in scaled MADs, beyond which a value is flagged as an outlier. */
export const OUTLIER_MADS = 3;

/** Summary statistics of a sample. Every figure is null when there are no values (never NaN). */
export interface Summary {
  /** Number of (finite) values. */
  n: number;
  median: number | null;
  mean: number | null;
  /** Sample standard deviation (n - 1); null for n < 2. */
  sd: number | null;
  min: number | null;
  max: number | null;
  /** Lower end of the 95% percentile-bootstrap confidence interval of the median. */
  ciLow: number | null;
  /** Upper end of the 95% percentile-bootstrap confidence interval of the median. */
  ciHigh: number | null;
  /** Relative standard deviation, in percent (100 * sd / |mean|); null for n < 2 or mean 0. */
  rsd: number | null;
  /**
   * Indices (into the input array) of values more than OUTLIER_MADS scaled MADs from the median. Empty for
   * n < 3. When the MAD is 0 (most values equal), every value different from the median is flagged.
   */
  outliers: number[];
}

/** Options of summarize. */
export interface SummaryOptions {
  /** Seed of the bootstrap (default DEFAULT_SEED: the same data always give the same CI). */
  seed?: number;
  /** Number of bootstrap resamples (default 2000). */
  resamples?: number;
}

/** The summary of an empty sample. */
export const EMPTY_SUMMARY: Readonly<Summary> = Object.freeze({
  n: 0,
  median: null,
  mean: null,
  sd: null,
  min: null,
  max: null,
  ciLow: null,
  ciHigh: null,
  rsd: null,
  outliers: [],
});

/** Indices of values more than OUTLIER_MADS scaled MADs from the median `med` (see Summary.outliers). */
export function findOutliers(values: readonly number[], med: number): number[] {
  if (values.length < 3) return [];
  const mad = scaledMad(values);
  const out: number[] = [];
  values.forEach((v, i) => {
    const d = Math.abs(v - med);
    if (mad === 0 ? d > 0 : d / mad > OUTLIER_MADS) out.push(i);
  });
  return out;
}

/**
 * Summarises a sample: median, mean, sd, range, bootstrap CI of the median, RSD and outliers.
 * Non-finite values (NaN, Infinity) are ignored; outlier indices refer to the input array.
 */
export function summarize(values: readonly number[], opts: SummaryOptions = {}): Summary {
  const index: number[] = [];
  const finite: number[] = [];
  values.forEach((v, i) => {
    if (Number.isFinite(v)) {
      finite.push(v);
      index.push(i);
    }
  });
  const n = finite.length;
  if (n === 0) return { ...EMPTY_SUMMARY, outliers: [] };
  const s = sorted(finite);
  const med = quantileSorted(s, 0.5);
  const m = mean(finite);
  const sd = standardDeviation(finite);
  const ci = bootstrapMedianCI(finite, opts);
  return {
    n,
    median: med,
    mean: m,
    sd,
    min: s[0] as number,
    max: s[n - 1] as number,
    ciLow: ci.low,
    ciHigh: ci.high,
    rsd: sd === null || m === 0 ? null : (100 * sd) / Math.abs(m),
    outliers: findOutliers(finite, med).map((i) => index[i] as number),
  };
}
