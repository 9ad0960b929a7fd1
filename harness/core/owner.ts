// Which harness process owns a run's things (containers, cgroups, run roots), and whether it still lives.
import { readFileSync } from 'node:fs';

/**
 * The harness process a run id belongs to, and when the id was made: run ids are
 * `<label>-<pid>-<time36>-<n>` (runner/execute.ts runId). Null when `id` is not one.
 */
export function runOwner(id: string): { pid: number; createdMs: number } | null {
  const m = /-(\d+)-([0-9a-z]+)-\d+$/.exec(id);
  if (!m) return null;
  const pid = Number(m[1]);
  const createdMs = parseInt(m[2]!, 36);
  return pid > 0 && Number.isFinite(createdMs) ? { pid, createdMs } : null;
}

// Milliseconds since the epoch at which a process started (/proc/<pid>/stat field 22, in clock ticks after boot), or null.
function startedMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    const btime = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
    // USER_HZ is 100 on every Linux architecture Node runs on.
    return btime && Number.isFinite(ticks) ? Number(btime[1]) * 1000 + ticks * 10 : null;
  } catch {
    return null;
  }
}

/**
 * Whether the harness that made run id `id` (or, without an id time, process `pid`) still runs. A PID that
 * now belongs to a process started after the id was made (PID reuse) does not count as the owner.
 */
export function ownerAlive(pid: number, createdMs?: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (createdMs === undefined) return true;
  const started = startedMs(pid);
  // btime has whole seconds: allow 2 s of slack before calling it a different process.
  return started === null || started <= createdMs + 2000;
}

/** True when `id` is a run id whose harness is gone (a crashed or SIGKILLed run); false for a live owner or a foreign name. */
export function ownerDead(id: string): boolean {
  const owner = runOwner(id);
  return owner !== null && !ownerAlive(owner.pid, owner.createdMs);
}

/** The harness pid a run id carries, or null when `id` is not a run id. */
export function ownerPid(runId: string): number | null {
  return runOwner(runId)?.pid ?? null;
}

/** True when a process with this pid exists (EPERM: it exists but belongs to someone else). */
export function isAlive(pid: number): boolean {
  return ownerAlive(pid);
}
