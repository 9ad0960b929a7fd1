/**
 * Dynamic repetitions (as in the Phoronix Test Suite): keep repeating a scenario while its run times
 * vary too much, between a floor and a ceiling of repetitions.
 */
import { mean, standardDeviation } from './descriptive.ts';

/** Limits of needMoreReps. */
export interface DynamicRepsOptions {
  /** Largest acceptable relative standard deviation of the wall times, as a fraction sd / mean (0.035 = 3.5%). */
  maxRsd: number;
  /** Never run more repetitions than this. */
  maxReps: number;
  /** Always run at least this many repetitions. */
  minReps: number;
}

/**
 * Whether another repetition is needed, given the wall times (seconds) of the successful repetitions so
 * far: yes below minReps (and below 2, the fewest that show a spread); no at maxReps or more; otherwise
 * yes while the relative standard deviation (sd / mean, a fraction) exceeds maxRsd. Non-finite values are ignored.
 */
export function needMoreReps(wallSeconds: readonly number[], opts: DynamicRepsOptions): boolean {
  const values = wallSeconds.filter(Number.isFinite);
  const n = values.length;
  if (n >= opts.maxReps) return false;
  if (n < Math.max(opts.minReps, 2)) return true;
  const m = mean(values);
  const sd = standardDeviation(values) ?? 0;
  if (m === 0) return sd > 0;
  return sd / Math.abs(m) > opts.maxRsd;
}
