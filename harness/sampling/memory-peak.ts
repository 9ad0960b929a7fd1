import type { TreeMemory } from './proc-memory.ts';

/**
 * Tracks the peak memory of a process tree from samples, two ways. The private peak (what the job needs:
 * RssAnon + RssShmem) is the larger of the highest sampled sum and the highest single-process private peak
 * estimated from VmHWM (see `TreeMemory.privateHwmBytes`), which catches a spike between two samples of any
 * process that is still alive at the next sample. The RSS peak (anon + file-mapped + shmem) is the larger of
 * the highest sampled VmRSS sum and the highest single-process VmHWM. Summing the marks of several processes
 * would overestimate (their peaks need not coincide), so it is not done.
 */
export class MemoryPeakTracker {
  private seen = false;
  private maxPrivate = 0;
  private maxPrivateHwm = 0;
  private maxRss = 0;
  private maxHwm = 0;

  /** Adds one sample (the processes alive at that moment); returns its private sum, or null when none was alive. */
  add(m: TreeMemory): number | null {
    if (m.processes === 0) return null;
    this.seen = true;
    this.maxPrivate = Math.max(this.maxPrivate, m.privateBytes);
    this.maxPrivateHwm = Math.max(this.maxPrivateHwm, m.privateHwmBytes);
    this.maxRss = Math.max(this.maxRss, m.rssBytes);
    this.maxHwm = Math.max(this.maxHwm, m.hwmBytes);
    return m.privateBytes;
  }

  /** Peak private bytes (RssAnon + RssShmem) of the tree; null when no process was ever seen. */
  get peakBytes(): number | null {
    return this.seen ? Math.max(this.maxPrivate, this.maxPrivateHwm) : null;
  }

  /** Peak resident bytes (VmRSS, file-mapped pages included) of the tree; null when no process was ever seen. */
  get rssPeakBytes(): number | null {
    return this.seen ? Math.max(this.maxRss, this.maxHwm) : null;
  }
}
