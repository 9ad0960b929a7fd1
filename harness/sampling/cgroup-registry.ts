import { readdirSync, readFileSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import type { JobCgroup } from './types.ts';

// Job cgroups that exist right now, with every directory they may have, so that a dying harness can remove them.
const live = new Map<JobCgroup, string[]>();

/** Remembers a job cgroup and its directories (in every hierarchy) until its `remove()` succeeds. */
export function trackCgroup(cgroup: JobCgroup, dirs: string[]): void {
  live.set(cgroup, dirs);
}

/** Forgets a removed job cgroup. */
export function untrackCgroup(cgroup: JobCgroup): void {
  live.delete(cgroup);
}

/** Kills the processes of, and removes, every job cgroup of this process not yet removed. */
export async function removeTrackedCgroups(): Promise<void> {
  await Promise.allSettled([...live.keys()].map((c) => c.remove()));
}

// Last-chance cleanup from a process 'exit' handler, where only synchronous code runs.
function removeTrackedSync(): void {
  for (const dirs of live.values()) {
    for (const dir of dirs) {
      killTreeSync(dir);
      rmTreeSync(dir);
    }
  }
  live.clear();
}

function killTreeSync(dir: string): void {
  try {
    for (const line of readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n')) {
      if (line !== '') {
        try {
          process.kill(Number(line), 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    }
    for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) killTreeSync(join(dir, e.name));
  } catch {
    // The cgroup is gone.
  }
}

function rmTreeSync(dir: string): void {
  try {
    for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) rmTreeSync(join(dir, e.name));
  } catch {
    return;
  }
  // Killed processes need a moment to leave the cgroup: retry for up to 1 s.
  const until = Date.now() + 1000;
  for (;;) {
    try {
      rmdirSync(dir);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EBUSY' || Date.now() > until) return;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}

let installed = false;

/**
 * Makes sure no job cgroup (nor its processes) outlives the harness: on process exit (synchronously) and,
 * when `signals` is true, on SIGINT/SIGTERM (kills and removes them, then exits with 128+signal if no other
 * handler is registered for that signal). Idempotent. The run loop should still call `remove()` itself.
 */
export function installCgroupCleanup(options: { signals?: boolean } = {}): void {
  if (installed) return;
  installed = true;
  process.on('exit', removeTrackedSync);
  if (!options.signals) return;
  for (const [signal, number] of [
    ['SIGINT', 2],
    ['SIGTERM', 15],
  ] as const) {
    const handler = (): void => {
      void removeTrackedCgroups().finally(() => {
        if (process.listenerCount(signal) === 1) process.exit(128 + number);
      });
    };
    process.on(signal, handler);
  }
}
