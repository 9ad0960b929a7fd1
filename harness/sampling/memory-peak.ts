import type { ProcMemory } from './proc.ts';

/**
 * Tracks the peak resident memory of a process tree from samples. A sample gives each live process's
 * RSS now and its kernel high-water mark (VmHWM). The peak is the larger of the highest sampled sum and
 * the highest single-process high-water mark: both are lower bounds of the true peak, and the second
 * catches a spike between two samples of any process that is still alive at the next sample. Summing
 * the marks of several processes would overestimate (their peaks need not coincide), so it is not done.
 */
export class MemoryPeakTracker {
  private maxSum: number | null = null;
  private maxHwm: number | null = null;

  /** Adds one sample (the processes alive at that moment) and returns the sum of their RSS, or null when none. */
  add(procs: readonly ProcMemory[]): number | null {
    let sum = 0;
    let hwm = 0;
    for (const p of procs) {
      sum += p.rssBytes;
      hwm = Math.max(hwm, p.hwmBytes);
    }
    return this.addTotals(procs.length, sum, hwm);
  }

  /** Adds one sample given as totals: how many processes, the sum of their RSS, their highest VmHWM. */
  addTotals(processes: number, rssSumBytes: number, maxHwmBytes: number): number | null {
    if (processes === 0) return null;
    this.maxHwm = Math.max(this.maxHwm ?? 0, maxHwmBytes);
    this.maxSum = Math.max(this.maxSum ?? 0, rssSumBytes);
    return rssSumBytes;
  }

  /** Peak resident bytes of the tree; null when no process was ever seen. */
  get peakBytes(): number | null {
    if (this.maxSum === null || this.maxHwm === null) return null;
    return Math.max(this.maxSum, this.maxHwm);
  }
}
