import { HarnessError } from '../core/errors.ts';
import type { CpuMetrics } from '../results/schema.ts';
import type { CpuCounters } from './counters.ts';

/** Shortest sampling interval accepted, in milliseconds. */
export const MIN_INTERVAL_MS = 10;
/** Longest sampling interval accepted, in milliseconds. */
export const MAX_INTERVAL_MS = 10_000;
/** Sampling interval when none is given, in milliseconds. */
export const DEFAULT_INTERVAL_MS = 100;
/** Width of the sliding window of `cpu.maxPercent`, in seconds. */
export const MAX_WINDOW_SECONDS = 1;
// A window may be this much shorter than nominal, so that timer jitter does not push every window one tick wider.
const WINDOW_TOLERANCE = 0.02;

function show(value: unknown): string {
  return typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' || value == null
    ? String(value)
    : JSON.stringify(value);
}

/** Checks a sampling interval: an integer or fractional number of ms in 10..10000; undefined gives the default. */
export function validateIntervalMs(value: unknown): number {
  if (value === undefined) return DEFAULT_INTERVAL_MS;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < MIN_INTERVAL_MS || value > MAX_INTERVAL_MS) {
    throw new HarnessError(
      'E_USAGE',
      `Expected the sampling interval \`intervalMs\` to be a number from ${MIN_INTERVAL_MS} to ${MAX_INTERVAL_MS}, got \`${show(value)}\` (${typeof value}).`,
      {
        fix: `Use --interval-ms with a value between ${MIN_INTERVAL_MS} and ${MAX_INTERVAL_MS} (default ${DEFAULT_INTERVAL_MS}).`,
      },
    );
  }
  return value;
}

/**
 * Index of the next tick on the grid start + k x interval, after tick `k` finished `elapsedMs` after the
 * start: the next slot still ahead, so a slow tick skips the slots it overran instead of bunching them up.
 */
export function nextTickIndex(k: number, elapsedMs: number, intervalMs: number): number {
  return Math.max(k + 1, Math.floor(elapsedMs / intervalMs) + 1);
}

/** A cumulative CPU reading at a moment: seconds since start, CPU seconds so far. */
export interface CpuPoint {
  t: number;
  cpuSeconds: number;
}

/** CPU rate (100 = one core) between each reading and the one before; null for the first (no baseline). */
export function intervalPercents(points: readonly (CpuPoint | null)[]): (number | null)[] {
  return points.map((p, i) => {
    const prev = i > 0 ? points[i - 1] : null;
    if (!p || !prev || p.t <= prev.t) return null;
    return ((p.cpuSeconds - prev.cpuSeconds) / (p.t - prev.t)) * 100;
  });
}

/**
 * Highest CPU rate (100 = one core) over any window of at least `windowSeconds` (less 2 % for timer
 * jitter) between two readings. When all readings span less than the window, the rate over the whole
 * span; null with fewer than two readings or a zero span.
 */
export function maxWindowPercent(points: readonly CpuPoint[], windowSeconds = MAX_WINDOW_SECONDS): number | null {
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last || last.t <= first.t) return null;
  const minSpan = windowSeconds * (1 - WINDOW_TOLERANCE);
  if (last.t - first.t < minSpan) return ((last.cpuSeconds - first.cpuSeconds) / (last.t - first.t)) * 100;
  let best = -Infinity;
  let j = 0;
  for (let i = 1; i < points.length; i++) {
    const end = points[i] as CpuPoint;
    // Advance j to the latest reading that still leaves a window of at least minSpan.
    while (j + 1 < i && end.t - (points[j + 1] as CpuPoint).t >= minSpan) j++;
    const start = points[j] as CpuPoint;
    if (end.t - start.t >= minSpan)
      best = Math.max(best, ((end.cpuSeconds - start.cpuSeconds) / (end.t - start.t)) * 100);
  }
  return best;
}

/**
 * Time-weighted average of a sampled value (trapezoids between consecutive non-null samples); the value
 * itself when only one sample is non-null; null when none is.
 */
export function timeAverage(points: readonly { t: number; value: number | null }[]): number | null {
  let area = 0;
  let span = 0;
  let seen: number | null = null;
  let low = Infinity;
  let high = -Infinity;
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as { t: number; value: number | null };
    if (p.value === null) continue;
    seen ??= p.value;
    low = Math.min(low, p.value);
    high = Math.max(high, p.value);
    const next = points[i + 1];
    if (next && next.value !== null && next.t > p.t) {
      area += ((p.value + next.value) / 2) * (next.t - p.t);
      span += next.t - p.t;
    }
  }
  if (seen === null) return null;
  // The mean lies between the lowest and highest reading; the clamp removes the float rounding of area / span
  // (a constant 157405184 averaged to 157405184.00000003, above the peak).
  return span > 0 ? Math.min(high, Math.max(low, area / span)) : seen;
}

/**
 * CPU metrics of a job from its final counters (the cgroup is new, so they start at 0), its wall time and
 * the sampled readings (for the sliding-window maximum).
 */
export function cpuMetrics(
  final: CpuCounters,
  wallSeconds: number,
  points: readonly CpuPoint[],
  hostCpus: number,
): CpuMetrics {
  const avgPercent = wallSeconds > 0 ? (final.totalSeconds / wallSeconds) * 100 : null;
  const maxPercent = maxWindowPercent(points);
  const perHost = (v: number | null): number | null => (v === null || hostCpus <= 0 ? null : v / hostCpus);
  return {
    avgPercent,
    maxPercent,
    maxWindowSeconds: MAX_WINDOW_SECONDS,
    userSeconds: final.userSeconds,
    systemSeconds: final.systemSeconds,
    totalSeconds: final.totalSeconds,
    hostAvgPercent: perHost(avgPercent),
    hostMaxPercent: perHost(maxPercent),
  };
}
