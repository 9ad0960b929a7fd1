/**
 * Descriptive statistics on plain arrays. Pure; callers guarantee non-empty input where noted.
 */

/** Sorted copy of the values, ascending. */
export function sorted(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/**
 * Quantile `p` (0..1) of values already sorted ascending, by linear interpolation between order statistics
 * (Hyndman-Fan type 7, the default of R and numpy). Requires at least one value.
 */
export function quantileSorted(s: ArrayLike<number>, p: number): number {
  const n = s.length;
  if (n === 0) throw new RangeError('quantile of an empty sample');
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const a = s[lo] as number;
  return a + (h - lo) * ((s[hi] as number) - a);
}

/** Median of the values (any order). Requires at least one value. */
export function median(values: ArrayLike<number>): number {
  return quantileSorted(sorted(values), 0.5);
}

/**
 * Median of a scratch buffer, reordering it in place (Hoare's quickselect, O(n) on average): the same value
 * as median() without a sort, for the bootstrap's many resamples. Requires at least one value.
 */
export function medianInPlace(buf: Float64Array): number {
  const n = buf.length;
  if (n === 0) throw new RangeError('median of an empty sample');
  const k = n >> 1;
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const pivot = buf[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (buf[i]! < pivot) i++;
      while (buf[j]! > pivot) j--;
      if (i <= j) {
        const t = buf[i]!;
        buf[i++] = buf[j]!;
        buf[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  const upper = buf[k]!;
  if (n % 2 === 1) return upper;
  // Even n: the lower middle is the largest value left of k.
  let lower = -Infinity;
  for (let x = 0; x < k; x++) if (buf[x]! > lower) lower = buf[x]!;
  return (lower + upper) / 2;
}

/** Arithmetic mean. Requires at least one value. */
export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] as number;
  return sum / values.length;
}

/** Sample variance (denominator n - 1); null for fewer than two values. */
export function variance(values: ArrayLike<number>): number | null {
  const n = values.length;
  if (n < 2) return null;
  const m = mean(values);
  let ss = 0;
  for (let i = 0; i < n; i++) ss += ((values[i] as number) - m) ** 2;
  return ss / (n - 1);
}

/** Sample standard deviation (denominator n - 1); null for fewer than two values. */
export function standardDeviation(values: ArrayLike<number>): number | null {
  const v = variance(values);
  return v === null ? null : Math.sqrt(v);
}

/** Scale factor that makes the MAD a consistent estimator of the standard deviation for normal data. */
export const MAD_SCALE = 1.482602218505602;

/** Median absolute deviation from the median, scaled by MAD_SCALE. Requires at least one value. */
export function scaledMad(values: ArrayLike<number>): number {
  const m = median(values);
  const dev = Float64Array.from(values, (v) => Math.abs(v - m));
  return median(dev) * MAD_SCALE;
}

/** Sample skewness (adjusted Fisher-Pearson, as in Excel's SKEW); null for fewer than 3 values or zero spread. */
export function skewness(values: ArrayLike<number>): number | null {
  const n = values.length;
  const sd = standardDeviation(values);
  if (n < 3 || sd === null || sd === 0) return null;
  const m = mean(values);
  let s3 = 0;
  for (let i = 0; i < n; i++) s3 += (((values[i] as number) - m) / sd) ** 3;
  return (n / ((n - 1) * (n - 2))) * s3;
}
