import { availableParallelism } from 'node:os';
import { errorMessage } from '../core/errors.ts';
import { createJobCgroup } from '../sampling/cgroup.ts';
import { createSampler } from '../sampling/sampler.ts';
import { sharedGpuProbe } from '../sampling/gpu.ts';
import type { JobCgroup } from '../sampling/types.ts';
import type { FilesystemWrites, JobSpec, RunOutcome } from './types.ts';
import type { RunStatus } from '../results/schema.ts';

/** How a launched job ended, as seen by its executor. */
export interface Exit {
  exitCode: number | null;
  signal: string | null;
  /** The engine says the kernel OOM-killed it (container state). */
  oomKilled?: boolean;
  /** The job could not be started at all. */
  startError?: string;
  /**
   * How long the job's process itself ran, when the medium knows better than our clock (Docker's
   * StartedAt..FinishedAt excludes the engine's container set-up and tear-down).
   */
  runSeconds?: number;
}

/** A job started by an executor. */
export interface Launched {
  /** Resolves when the job's main process has exited. */
  exited: Promise<Exit>;
  /** Asks the job to stop (SIGTERM); the supervisor escalates to SIGKILL of the whole cgroup. */
  terminate(): Promise<void>;
  /** Releases what the launch created (container, mounts); runs after the final counters are read. */
  cleanup(): Promise<void>;
  /** What the job wrote into its filesystem; asked after it exited, before cleanup. */
  writes?: () => Promise<FilesystemWrites | null>;
}

/** Seconds between SIGTERM and SIGKILL when a job must stop. */
export const KILL_GRACE_MS = 3000;

/**
 * Runs a job under the sampler, in an accounting cgroup of its own, with timeout and abort handling.
 * `launch` must call `markStart()` right before the job starts, and place the job in `cgroup`.
 */
export async function supervise(job: JobSpec, signal: AbortSignal, launch: (cgroup: JobCgroup, markStart: () => void) => Promise<Launched>, command: string[]): Promise<RunOutcome> {
  const cgroup = await createJobCgroup(job.runId);
  const gpu = await sharedGpuProbe();
  const sampler = createSampler({ cgroup, intervalMs: job.intervalMs, gpu, hostCpus: availableParallelism() });
  let t0 = 0;
  let startedAt = new Date();
  let launched: Launched | null = null;
  let reason: 'timeout' | 'interrupted' | null = null;
  let timer: NodeJS.Timeout | undefined;
  const markStart = (): void => {
    sampler.start();
    startedAt = new Date();
    t0 = performance.now();
  };
  try {
    let exit: Exit;
    try {
      launched = await launch(cgroup, markStart);
      const stop = (why: 'timeout' | 'interrupted'): void => {
        if (reason) return;
        reason = why;
        const l = launched;
        void l?.terminate().catch(() => undefined);
        setTimeout(() => void cgroup.killAll().catch(() => undefined), KILL_GRACE_MS).unref();
      };
      timer = setTimeout(() => stop('timeout'), job.timeoutMs);
      const onAbort = (): void => stop('interrupted');
      if (signal.aborted) onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      exit = await launched.exited;
      signal.removeEventListener('abort', onAbort);
    } catch (error) {
      if (t0 === 0) markStart();
      exit = { exitCode: null, signal: null, startError: errorMessage(error) };
    }
    clearTimeout(timer);
    const launchToExit = (performance.now() - t0) / 1000;
    const wallSeconds = exit.runSeconds !== undefined && exit.runSeconds <= launchToExit ? exit.runSeconds : launchToExit;
    // Children may outlive the main process; they belong to the job and must not survive it.
    await cgroup.killAll().catch(() => undefined);
    const sampling = await sampler.stop(wallSeconds);
    const filesystemWrites = (await launched?.writes?.().catch(() => null)) ?? null;
    const status: RunStatus = exit.startError
      ? 'failed'
      : reason ?? (exit.oomKilled || sampling.memory.oomKills > 0 ? 'oom' : exit.exitCode === 0 ? 'ok' : 'failed');
    const error = describe(status, exit, job);
    return { status, exitCode: exit.exitCode, signal: exit.signal, error, startedAt: startedAt.toISOString(), endedAt: new Date().toISOString(), wallSeconds, launchOverheadSeconds: launchToExit - wallSeconds, sampling, command, filesystemWrites };
  } finally {
    await launched?.cleanup().catch(() => undefined);
    await cgroup.remove().catch(() => undefined);
  }
}

function describe(status: RunStatus, exit: Exit, job: JobSpec): string | null {
  switch (status) {
    case 'ok':
      return null;
    case 'timeout':
      return `killed after the timeout of ${job.timeoutMs / 1000} s`;
    case 'interrupted':
      return 'interrupted (Ctrl-C); the job was stopped';
    case 'oom':
      return 'killed by the kernel OOM killer';
    default:
      if (exit.startError) return `could not start: ${exit.startError}`;
      return exit.signal ? `killed by ${exit.signal}` : `exited with code ${exit.exitCode}`;
  }
}
