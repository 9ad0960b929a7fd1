// Jobs for the sampler benchmarks: N fixture processes in a fresh job cgroup, sleeping or (children) busy a
// fraction of the time.
import { execa, type ResultPromise } from 'execa';
import { createJobCgroup, type LocalJobCgroup } from '../harness/sampling/cgroup.ts';
import { buildFixtures } from '../test/fixtures/build.ts';

/** A running idle job. */
export interface IdleJob {
  cgroup: LocalJobCgroup;
  child: ResultPromise;
  processes: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Starts `processes` processes (forker and its children) in a fresh job cgroup, for `seconds`: the children sleep,
 * or with `percent` > 0 each keeps that share of a core busy in short bursts (so the job's CPU counter moves
 * between two sampler ticks and every tick is a full reading).
 */
export async function idleJob(processes: number, seconds: number, percent = 0): Promise<IdleJob> {
  const bins = await buildFixtures();
  // Named like a run id (`<label>-<pid>-<time36>-<n>`, core/owner.ts): a harness starting meanwhile then sees a live owner
  // and leaves it alone (`bench-1-<pid>-<ms>` read as PID 1 made at <pid> in base 36, "dead", and was removed mid-bench).
  const cgroup = await createJobCgroup(`bench${processes}-${process.pid}-${Date.now().toString(36)}-0`);
  const argv =
    processes === 1
      ? [bins.ignoreterm, '--seconds', String(seconds)]
      : [
          bins.forker,
          '--children',
          String(processes - 1),
          '--percent',
          String(percent),
          '--mb',
          '0',
          '--seconds',
          String(seconds),
        ];
  const [file, ...args] = cgroup.wrapCommand(argv) as [string, ...string[]];
  const child = execa(file, args, { reject: false });
  for (let i = 0; i < 100 && (await cgroup.pids()).length < processes; i++) await sleep(20);
  return { cgroup, child, processes };
}

/** Kills the job and removes its cgroup. */
export async function stopJob(job: IdleJob): Promise<void> {
  await job.cgroup.remove();
  await job.child;
}

/** Median of a non-empty list of numbers. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
