import { availableParallelism } from 'node:os';
import { errorMessage } from '../core/errors.ts';
import { createJobCgroup } from '../sampling/cgroup.ts';
import { createSampler } from '../sampling/sampler.ts';
import { sharedGpuProbe } from '../sampling/gpu.ts';
import type { JobCgroup } from '../sampling/types.ts';
import { startWatchdog } from './watchdog.ts';
import type { FilesystemWrites, JobSpec, RunOutcome } from './types.ts';
import type { DriverInjection } from './driver-libs.ts';
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
  /** The host driver libraries given to the job (bare metal with GPUs asked), or null. */
  hostDriver?: DriverInjection | null;
}

/** Seconds between SIGTERM and SIGKILL when a job must stop. */
export const KILL_GRACE_MS = 3000;

/**
 * Runs a job under the sampler, in an accounting cgroup of its own, with timeout and abort handling.
 * `launch` must call `markStart()` right before the job starts, and place the job in `cgroup`.
 */
export async function supervise(
  job: JobSpec,
  signal: AbortSignal,
  launch: (cgroup: JobCgroup, markStart: () => void) => Promise<Launched>,
  command: string[],
): Promise<RunOutcome> {
  const cgroup = await createJobCgroup(job.runId);
  // Should the harness die (SIGKILL, crash), the watchdog stops the job within the grace period.
  const watchdog = startWatchdog([...new Set([cgroup.memoryDir, cgroup.cpuDir])], KILL_GRACE_MS);
  const gpu = await sharedGpuProbe();
  const sampler = createSampler({ cgroup, intervalMs: job.intervalMs, gpu, hostCpus: availableParallelism() });
  const clock = { t0: 0, startedAt: new Date() };
  const markStart = (): void => {
    sampler.start();
    clock.startedAt = new Date();
    clock.t0 = performance.now();
  };
  const run: Running = { launched: null, reason: null };
  try {
    const exit = await launchAndWait(job, signal, cgroup, () => launch(cgroup, markStart), run);
    if (clock.t0 === 0) markStart();
    const launchToExit = (performance.now() - clock.t0) / 1000;
    const wallSeconds =
      exit.runSeconds !== undefined && exit.runSeconds <= launchToExit ? exit.runSeconds : launchToExit;
    // Children may outlive the main process; they belong to the job and must not survive it.
    await cgroup.killAll().catch(() => undefined);
    const sampling = await sampler.stop(wallSeconds);
    const filesystemWrites = (await run.launched?.writes?.().catch(() => null)) ?? null;
    const status = runStatus(exit, run.reason, sampling.memory.oomKills > 0);
    return {
      status,
      exitCode: exit.exitCode,
      signal: exit.signal,
      error: describe(status, exit, job),
      startedAt: clock.startedAt.toISOString(),
      endedAt: new Date().toISOString(),
      wallSeconds,
      launchOverheadSeconds: launchToExit - wallSeconds,
      sampling,
      command,
      filesystemWrites,
      hostDriver: run.launched?.hostDriver ?? null,
    };
  } finally {
    await run.launched?.cleanup().catch(() => undefined);
    await cgroup.remove().catch(() => undefined);
    watchdog.release();
  }
}

/** What supervise knows of a launched job: the launch, and why the harness stopped it (if it did). */
interface Running {
  launched: Launched | null;
  reason: 'timeout' | 'interrupted' | null;
}

// Launches the job and waits for its exit, stopping it on timeout or abort (SIGTERM, then SIGKILL of the
// cgroup after the grace period). A launch that throws is an exit with a start error.
async function launchAndWait(
  job: JobSpec,
  signal: AbortSignal,
  cgroup: JobCgroup,
  launch: () => Promise<Launched>,
  run: Running,
): Promise<Exit> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const launched = await launch();
    run.launched = launched;
    const stop = (why: 'timeout' | 'interrupted'): void => {
      if (run.reason) return;
      run.reason = why;
      void launched.terminate().catch(() => undefined);
      setTimeout(() => void cgroup.killAll().catch(() => undefined), KILL_GRACE_MS).unref();
    };
    timer = setTimeout(() => stop('timeout'), job.timeoutMs);
    const onAbort = (): void => stop('interrupted');
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    const exit = await launched.exited;
    signal.removeEventListener('abort', onAbort);
    return exit;
  } catch (error) {
    return { exitCode: null, signal: null, startError: errorMessage(error) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The status of a run. A job asked to stop (timeout or Ctrl-C: SIGTERM, then SIGKILL after the grace period)
 * is recorded `timeout` or `interrupted` only when the stop ended it: killed by a signal, or an exit status
 * above 128 (128+N is how shells and Docker report death by signal N, so it reads the same in every
 * deployment). A job that exits by itself with a status of 0..128 within the grace period finished on its
 * own terms and is recorded by that status, `ok` or `failed`, like any other run.
 */
export function runStatus(exit: Exit, reason: 'timeout' | 'interrupted' | null, oomKills: boolean): RunStatus {
  if (exit.startError) return 'failed';
  const exitedByItself = exit.signal === null && exit.exitCode !== null && exit.exitCode <= 128;
  if (reason && !exitedByItself) return reason;
  if (exit.oomKilled || oomKills) return 'oom';
  return exit.exitCode === 0 ? 'ok' : 'failed';
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
