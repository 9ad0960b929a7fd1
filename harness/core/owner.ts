// Which harness process owns a run's things (cgroups, run roots), and whether it still lives.
import { kill } from 'node:process';

/** The harness pid a run id carries (ids are `<label>-<pid>-<time>-<n>`, see runner/execute.ts runId), or null. */
export function ownerPid(runId: string): number | null {
  const m = /-(\d+)-[0-9a-z]+-\d+$/.exec(runId);
  return m ? Number(m[1]) : null;
}

/** True when a process with this pid exists (EPERM: it exists but belongs to someone else). */
export function isAlive(pid: number): boolean {
  try {
    kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
