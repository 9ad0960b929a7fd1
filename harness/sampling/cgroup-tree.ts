import { readdir, readFile, rmdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HarnessError } from '../core/errors.ts';

/**
 * True for the errors that mean "it is already gone": normal for processes and cgroups that end at any time
 * (ENODEV: reading a file kept open from a cgroup that was removed since).
 */
export function isGone(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ESRCH' || code === 'ENODEV';
}

/** `dir` and every cgroup below it, parents before children; [] when `dir` does not exist. */
export async function listTree(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch (error) {
      if (isGone(error)) return;
      throw error;
    }
    out.push(d);
    await Promise.all(entries.filter((e) => e.isDirectory()).map((e) => walk(join(d, e.name))));
  };
  await walk(dir);
  return out;
}

/** PIDs listed in one cgroup's `cgroup.procs` ([] when the cgroup is gone). */
export async function readProcs(dir: string): Promise<number[]> {
  try {
    const text = await readFile(join(dir, 'cgroup.procs'), 'utf8');
    return text
      .split('\n')
      .filter((l) => l !== '')
      .map(Number);
  } catch (error) {
    if (isGone(error)) return [];
    throw error;
  }
}

/** PIDs of every process in `dir` and its descendants. */
export async function treePids(dir: string): Promise<number[]> {
  const dirs = await listTree(dir);
  const lists = await Promise.all(dirs.map(readProcs));
  return [...new Set(lists.flat())];
}

/** True when a PID is a zombie or gone (so it cannot hold a cgroup busy much longer). */
export async function isDeadPid(pid: number): Promise<boolean> {
  try {
    const text = await readFile(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2, text.lastIndexOf(')') + 3) === 'Z';
  } catch (error) {
    if (isGone(error)) return true;
    throw error;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * SIGKILLs every process in the tree until none is left (new forks are caught by the next round).
 * On cgroup v2 `cgroup.kill` does it atomically where the kernel has it (5.14+).
 */
export async function killTree(dir: string, timeoutMs = 5000): Promise<void> {
  try {
    await writeFile(join(dir, 'cgroup.kill'), '1');
  } catch {
    // v1, or a v2 kernel older than 5.14, or already gone: fall back to killing PID by PID.
  }
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const pids = await treePids(dir);
    const alive = (await Promise.all(pids.map(async (p) => ((await isDeadPid(p)) ? null : p)))).filter(
      (p) => p !== null,
    );
    if (alive.length === 0) return;
    for (const pid of alive) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch (error) {
        if (!isGone(error)) throw error;
      }
    }
    if (performance.now() > deadline) {
      throw new HarnessError(
        'E_CGROUP',
        `Processes ${alive.join(', ')} in ${dir} survived SIGKILL for ${timeoutMs} ms.`,
        {
          fix: 'They may be stuck in uninterruptible sleep (state D); check `ps -o pid,stat,wchan -p <pid>`.',
        },
      );
    }
    await sleep(20);
  }
}

/**
 * Removes `dir` and its descendants, deepest first. A cgroup whose last processes are still exiting is
 * busy (EBUSY) for a moment, so each rmdir is retried until `timeoutMs`. A missing tree is fine.
 */
export async function removeTree(dir: string, timeoutMs = 3000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  const dirs = (await listTree(dir)).sort((a, b) => b.length - a.length);
  for (const d of dirs) {
    for (;;) {
      try {
        await rmdir(d);
        break;
      } catch (error) {
        if (isGone(error)) break;
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'EBUSY' || performance.now() > deadline) {
          const pids = await readProcs(d).catch(() => []);
          throw new HarnessError(
            'E_CGROUP',
            `Cannot remove cgroup ${d}: ${code ?? String(error)}${pids.length > 0 ? ` (processes ${pids.join(', ')} still in it)` : ''}.`,
            {
              fix: 'Kill the processes left in it, then run `deploybench doctor` or remove it with rmdir.',
              cause: error,
            },
          );
        }
        await sleep(20);
      }
    }
  }
}

/** Milliseconds since the cgroup directory was created (cgroupfs sets mtime at creation); null if gone. */
export async function cgroupAgeMs(dir: string): Promise<number | null> {
  try {
    return Date.now() - (await stat(dir)).mtimeMs;
  } catch (error) {
    if (isGone(error)) return null;
    throw error;
  }
}
