import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isAlive, ownerDead, ownerPid } from '../core/owner.ts';
import { cgroupLayout } from './cgroup-mounts.ts';
import { cgroupAgeMs, isDeadPid, isGone, killTree, listTree, readProcs, removeTree, treePids } from './cgroup-tree.ts';

/** What `cleanupStaleCgroups` did. */
export interface StaleCleanup {
  /** Absolute paths of the job cgroups removed. */
  removed: string[];
  /** Job cgroups left alone: live processes in them, too young, or not removable. */
  kept: string[];
}

/**
 * Removes leftovers of crashed runs under `/deploybench` in every hierarchy: job cgroups with no live
 * process (empty, or zombies only) that are older than `minAgeMs` (default 60 s, so a cgroup another
 * harness just created and has not filled yet is left alone), and whose owning harness (the pid in the
 * run id) is gone: another campaign's cgroup between its job's exit and its own removal is left alone.
 * Never kills anything.
 */
export async function cleanupStaleCgroups(options: { minAgeMs?: number } = {}): Promise<StaleCleanup> {
  const minAgeMs = options.minAgeMs ?? 60_000;
  const layout = await cgroupLayout();
  const result: StaleCleanup = { removed: [], kept: [] };
  for (const root of layout.allRoots) {
    const parent = join(root, 'deploybench');
    let entries;
    try {
      entries = await readdir(parent, { withFileTypes: true });
    } catch (error) {
      if (isGone(error)) continue;
      throw error;
    }
    for (const entry of entries.filter((e) => e.isDirectory())) {
      const dir = join(parent, entry.name);
      const owner = ownerPid(entry.name);
      if (owner !== null && owner !== process.pid && isAlive(owner)) {
        result.kept.push(dir);
      } else if (await isStale(dir, minAgeMs)) {
        try {
          await removeTree(dir, 500);
          result.removed.push(dir);
        } catch {
          result.kept.push(dir);
        }
      } else {
        result.kept.push(dir);
      }
    }
  }
  return result;
}

async function isStale(dir: string, minAgeMs: number): Promise<boolean> {
  const age = await cgroupAgeMs(dir);
  if (age === null || age < minAgeMs) return false;
  for (const d of await listTree(dir)) {
    for (const pid of await readProcs(d)) if (!(await isDeadPid(pid))) return false;
  }
  return true;
}

/** What `cleanupDeadOwnerCgroups` did. */
export interface DeadOwnerCleanup {
  /** Run ids whose cgroups were removed (in every hierarchy). */
  removed: string[];
  /** How many processes were still running in them and were killed. */
  killed: number;
}

/**
 * Removes the job cgroups of harness processes that are gone (SIGKILLed, crashed, or exited without
 * clean-up), whatever their age: every process still in them is SIGKILLed first. A cgroup whose name is
 * not a run id, or whose harness still runs (another campaign running now), is left alone.
 */
export async function cleanupDeadOwnerCgroups(): Promise<DeadOwnerCleanup> {
  const layout = await cgroupLayout();
  const result: DeadOwnerCleanup = { removed: [], killed: 0 };
  const dead = new Map<string, string[]>();
  for (const root of layout.allRoots) {
    const entries = await readdir(join(root, 'deploybench'), { withFileTypes: true }).catch(() => []);
    for (const e of entries)
      if (e.isDirectory() && ownerDead(e.name))
        dead.set(e.name, [...(dead.get(e.name) ?? []), join(root, 'deploybench', e.name)]);
  }
  for (const [id, dirs] of dead) {
    const pids = new Set((await Promise.all(dirs.map(treePids))).flat());
    for (const p of pids) if (await isDeadPid(p)) pids.delete(p);
    result.killed += pids.size;
    try {
      for (const dir of dirs) await killTree(dir);
      for (const dir of dirs) await removeTree(dir);
      result.removed.push(id);
    } catch {
      // A process stuck in the kernel (state D) keeps its cgroup; the next start tries again.
    }
  }
  return result;
}
