import { readFileSync } from 'node:fs';
import type { NoiseMetrics } from '../results/schema.ts';
import { USER_HZ } from './counters.ts';

/** Share of one core that everything but the job may use before a run counts as noisy, in percent. */
export const NOISY_ABOVE_PERCENT = 10;

/** The host's cumulative CPU time from the `cpu` line of /proc/stat, all CPUs together. */
export interface HostCpu {
  /** user + nice + system + irq + softirq, in seconds (guest time is inside user; idle and iowait are not busy). */
  busySeconds: number;
  /** Time the hypervisor ran something else while this host wanted to run, in seconds. */
  stealSeconds: number;
}

/** Parses the aggregate `cpu` line of /proc/stat (USER_HZ ticks) into seconds; null when absent (pure). */
export function parseHostCpu(text: string): HostCpu | null {
  const line = /^cpu\s+([\d ]+)$/m.exec(text)?.[1];
  if (!line) return null;
  const f = line.trim().split(/\s+/).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = f;
  if (f.length < 4) return null;
  return { busySeconds: (user + nice + system + irq + softirq) / USER_HZ, stealSeconds: steal / USER_HZ };
}

/** Reads the host's CPU time now (synchronous: /proc/stat is generated in memory); null when unreadable. */
export function readHostCpu(): HostCpu | null {
  try {
    return parseHostCpu(readFileSync('/proc/stat', 'utf8'));
  } catch {
    return null;
  }
}

/**
 * What else used the host's CPUs during a run (pure): the host's busy time over the window minus the job's
 * own cgroup CPU time, and the steal time, each as % of one core averaged over the window. Noisy when the
 * two together exceed `thresholdPercent`. Null when a reading is missing or the window is empty.
 */
export function noiseMetrics(
  before: HostCpu | null,
  after: HostCpu | null,
  windowSeconds: number,
  jobCpuSeconds: number | null,
  thresholdPercent = NOISY_ABOVE_PERCENT,
): NoiseMetrics | null {
  if (!before || !after || jobCpuSeconds === null || !(windowSeconds > 0)) return null;
  const per = (s: number): number => (Math.max(0, s) / windowSeconds) * 100;
  const otherCpuPercent = per(after.busySeconds - before.busySeconds - jobCpuSeconds);
  const stealPercent = per(after.stealSeconds - before.stealSeconds);
  return {
    otherCpuPercent,
    stealPercent,
    windowSeconds,
    thresholdPercent,
    noisy: otherCpuPercent + stealPercent > thresholdPercent,
  };
}
