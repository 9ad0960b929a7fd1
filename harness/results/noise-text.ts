import type { NoiseMetrics } from './schema.ts';

/** A run's `noise` in words, for the terminal and the report (pure). */
export function noiseText(n: NoiseMetrics): string {
  return `other processes used ${n.otherCpuPercent.toFixed(0)}% of a core meanwhile, steal ${n.stealPercent.toFixed(0)}% (noisy above ${n.thresholdPercent}%)`;
}
