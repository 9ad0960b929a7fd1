import { HarnessError, internalError } from '../core/errors.ts';
import type { Sample } from '../results/schema.ts';
import { jobCgroupDirs } from './cgroup.ts';
import { readCgroupPeakBytes, readCpuCounters, readOomKills } from './counters.ts';
import { gpuMetrics, type GpuProbe } from './gpu-types.ts';
import type { MemoryPeakTracker } from './memory-peak.ts';
import {
  cpuMetrics,
  intervalPercents,
  nextTickIndex,
  timeAverage,
  validateIntervalMs,
  type CpuPoint,
} from './metrics.ts';
import { closeTickState, newTickState, readTick, type Tick } from './tick.ts';
import type { JobCgroup, JobSampler, SamplingResult } from './types.ts';

/** What the sampler needs: the job's cgroup, the interval, an optional GPU probe and the host's logical CPU count. */
export interface SamplerOptions {
  cgroup: JobCgroup;
  /** Sampling interval in ms, 10..10000; default 100. */
  intervalMs?: number;
  /** GPU source shared by the campaign, or null/undefined for none (then `gpu` is null). */
  gpu?: GpuProbe | null;
  /** Logical CPUs of the host, for the `host*Percent` figures. */
  hostCpus: number;
}

// How stop() names a sampler that is not running.
const NOT_RUNNING = { new: 'not started', stopped: 'already stopped' } as const;

/**
 * Samples a job's cgroup every `intervalMs` from `start()` to `stop()`. Ticks are scheduled at
 * start + k x interval on the monotonic clock (missed ones are skipped, never run late in a burst), never
 * overlap, and read the kernel files synchronously (see `readTick`); the harness itself stays outside the measured cgroup.
 */
export function createSampler(options: SamplerOptions): JobSampler {
  const intervalMs = validateIntervalMs(options.intervalMs);
  const { cgroup, hostCpus } = options;
  const gpu = options.gpu ?? null;
  if (!Number.isInteger(hostCpus) || hostCpus < 1)
    throw internalError(`Expected \`hostCpus\` to be a positive integer, got \`${String(hostCpus)}\`.`);
  const dirs = jobCgroupDirs(cgroup);
  dirs.catch(() => undefined);
  const ticks: Tick[] = [];
  const acc = newTickState();
  let baseline: Promise<number | null> = Promise.resolve(null);
  let t0 = 0;
  let k = 0;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  let state: 'new' | 'running' | 'stopped' = 'new';
  let tickError: unknown = null;

  const sampleOnce = async (): Promise<void> => {
    const { cpuDir, memoryDir } = await dirs;
    ticks.push(await readTick({ version: cgroup.version, cpuDir, memoryDir, gpu }, acc, t0));
  };

  const tick = (): void => {
    inFlight = sampleOnce()
      .catch((error: unknown) => void (tickError ??= error))
      .finally(() => {
        if (state !== 'running') return;
        k = nextTickIndex(k, performance.now() - t0, intervalMs);
        timer = setTimeout(tick, t0 + k * intervalMs - performance.now());
        timer.unref();
      });
  };

  return {
    start() {
      if (state !== 'new') throw internalError('A sampler can be started only once; create one per job.');
      state = 'running';
      t0 = performance.now();
      // Before the job exists: CUDA takes far longer to initialise than this one read.
      if (gpu) baseline = gpu.deviceUsedBytes().catch(() => null);
      tick();
    },
    async stop(wallSeconds) {
      if (state !== 'running') throw internalError(`stop() called on a sampler that is ${NOT_RUNNING[state]}.`);
      state = 'stopped';
      clearTimeout(timer);
      await inFlight;
      await sampleOnce().catch((error: unknown) => void (tickError ??= error));
      closeTickState(acc);
      if (ticks.length === 0) throw noSampleError(cgroup.relPath, tickError);
      const final = await readFinalCounters(cgroup, await dirs, acc);
      return summarize(ticks, {
        ...final,
        peak: acc.peak,
        wallSeconds,
        hostCpus,
        intervalMs,
        gpu,
        baseline: await baseline,
      });
    },
  };
}

// The error when not one tick could be read (the cgroup files unreadable): the first tick's error is its cause.
function noSampleError(relPath: string, tickError: unknown): HarnessError {
  return new HarnessError(
    'E_CGROUP',
    `Could not take a single sample of the job cgroup ${relPath}: ${String((tickError as Error | null)?.message ?? tickError)}.`,
    {
      fix: 'Run `deploybench doctor`: the cgroup filesystem must be readable by the harness (root).',
      cause: tickError,
    },
  );
}

// The cgroup's own totals once the job has ended: CPU time, the kernel's memory peak and the OOM kills.
async function readFinalCounters(
  cgroup: SamplerOptions['cgroup'],
  { cpuDir, memoryDir }: { cpuDir: string; memoryDir: string },
  acc: ReturnType<typeof newTickState>,
): Promise<{ cpu: Awaited<ReturnType<typeof readCpuCounters>>; cgroupPeakBytes: number | null; oomKills: number }> {
  let final;
  try {
    final = await Promise.all([
      readCpuCounters(cgroup.version, cpuDir),
      readCgroupPeakBytes(cgroup.version, memoryDir),
      readOomKills(cgroup.version, memoryDir),
    ]);
  } catch (error) {
    throw new HarnessError(
      'E_CGROUP',
      `Cannot read the final counters of the job cgroup ${cgroup.relPath}: ${(error as Error).message}.`,
      {
        fix: 'The cgroup must stay until the sampler has stopped: call cgroup.remove() after sampler.stop().',
        cause: error,
      },
    );
  }
  const [cpu, cgroupPeakBytes, ownOom] = final;
  // v2 counts hierarchically; v1 adds the kills seen in descendant cgroups (e.g. Docker's) while they existed.
  let oomKills = Math.max(ownOom ?? 0, acc.oomByDir.get(memoryDir) ?? 0);
  if (cgroup.version === 1) for (const [dir, n] of acc.oomByDir) if (dir !== memoryDir) oomKills += n;
  return { cpu, cgroupPeakBytes, oomKills };
}

function summarize(
  ticks: Tick[],
  f: {
    cpu: Awaited<ReturnType<typeof readCpuCounters>>;
    cgroupPeakBytes: number | null;
    oomKills: number;
    peak: MemoryPeakTracker;
    wallSeconds: number;
    hostCpus: number;
    intervalMs: number;
    gpu: GpuProbe | null;
    baseline: number | null;
  },
): SamplingResult {
  const points = ticks.map((x) => (x.cpuSeconds === null ? null : { t: x.t, cpuSeconds: x.cpuSeconds }));
  const percents = intervalPercents(points);
  const samples: Sample[] = ticks.map((x, i) => ({
    t: x.t,
    cpuPercent: percents[i] ?? null,
    memoryBytes: x.memoryBytes,
    gpuMemoryBytes: x.gpu?.processBytes ?? null,
    gpuUtilPercent: x.gpu?.utilPercent ?? null,
  }));
  return {
    cpu: cpuMetrics(
      f.cpu,
      f.wallSeconds,
      points.filter((p): p is CpuPoint => p !== null),
      f.hostCpus,
    ),
    memory: {
      peakBytes: f.peak.peakBytes,
      avgBytes: timeAverage(ticks.map((x) => ({ t: x.t, value: x.memoryBytes }))),
      cgroupPeakBytes: f.cgroupPeakBytes,
      oomKills: f.oomKills,
    },
    gpu: f.gpu
      ? gpuMetrics(
          ticks.flatMap((x) => (x.gpu ? [x.gpu] : [])),
          f.baseline,
          f.gpu,
        )
      : null,
    samples,
    intervalMs: f.intervalMs,
  };
}
