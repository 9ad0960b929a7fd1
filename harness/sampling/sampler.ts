import { HarnessError, internalError } from '../core/errors.ts';
import type { NoiseMetrics, Sample } from '../results/schema.ts';
import { jobCgroupDirs } from './cgroup.ts';
import {
  readCgroupMemorySplit,
  readCgroupPeakBytes,
  readCpuCounters,
  readOomKills,
  type CgroupMemorySplit,
} from './counters.ts';
import { gpuMetrics, type GpuProbe } from './gpu-types.ts';
import type { MemoryPeakTracker } from './memory-peak.ts';
import { noiseMetrics, readHostCpu, type HostCpu } from './noise.ts';
import {
  cpuMetrics,
  intervalPercents,
  nextTickIndex,
  timeAverage,
  validateIntervalMs,
  type CpuPoint,
} from './metrics.ts';
import {
  closeTickState,
  newTickState,
  readCounters,
  readTick,
  type Tick,
  type TickState,
  type TickTarget,
} from './tick.ts';
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

// Final counters of the job cgroup, read once after the job ended.
interface FinalCounters {
  cpu: Awaited<ReturnType<typeof readCpuCounters>>;
  cgroupPeakBytes: number | null;
  split: CgroupMemorySplit | null;
  ownOom: number | null;
}

async function readFinal(cgroup: JobCgroup, cpuDir: string, memoryDir: string): Promise<FinalCounters> {
  try {
    const [cpu, cgroupPeakBytes, split, ownOom] = await Promise.all([
      readCpuCounters(cgroup.version, cpuDir),
      readCgroupPeakBytes(cgroup.version, memoryDir),
      readCgroupMemorySplit(cgroup.version, memoryDir),
      readOomKills(cgroup.version, memoryDir),
    ]);
    return { cpu, cgroupPeakBytes, split, ownOom };
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
}

function noSampleError(cgroup: JobCgroup, tickError: unknown): HarnessError {
  return new HarnessError(
    'E_CGROUP',
    `Could not take a single sample of the job cgroup ${cgroup.relPath}: ${String((tickError as Error | null)?.message ?? tickError)}.`,
    {
      fix: 'Run `deploybench doctor`: the cgroup filesystem must be readable by the harness (root).',
      cause: tickError,
    },
  );
}

function validateHostCpus(hostCpus: number): number {
  if (!Number.isInteger(hostCpus) || hostCpus < 1)
    throw internalError(`Expected \`hostCpus\` to be a positive integer, got \`${String(hostCpus)}\`.`);
  return hostCpus;
}

// How stop() names a sampler that is not running.
const NOT_RUNNING = { new: 'not started', stopped: 'already stopped' } as const;

// One synchronous reading (no GPU probe) into `ticks`, taken even after an earlier error: the first error seen
// (`earlier`, else the one this reading threw), or null.
function readInto(ticks: Tick[], target: TickTarget, acc: TickState, t0: number, earlier: unknown): unknown {
  try {
    ticks.push(readCounters(target, acc, t0));
    return earlier;
  } catch (error) {
    return earlier ?? error;
  }
}

/**
 * `timer` re-armed for `ms` from now (`refresh`), or a new unref'd one the first time: a quarter less CPU at
 * 10 ms than a fresh `setTimeout` on the grid each tick. The next tick then comes an interval after this one
 * began; Node's timers fire up to ~1 ms late, so 2-3 % fewer ticks than the grid has, never two in one slot.
 */
function rearm(timer: NodeJS.Timeout | undefined, fn: () => void, ms: number): NodeJS.Timeout {
  return timer ? timer.refresh() : setTimeout(fn, ms).unref();
}

/**
 * Samples a job's cgroup every `intervalMs` from `start()` to `stop()`. Ticks never overlap and never run
 * late in a burst: with a GPU probe each is scheduled at start + k x interval on the monotonic clock (missed
 * slots are skipped); without one, an interval after the previous tick began (see `tick`). They read the kernel files
 * synchronously (see `readTick`); the harness itself stays outside the measured cgroup.
 * The host's /proc/stat is read at start and stop, for `noise`.
 */
export function createSampler(options: SamplerOptions): JobSampler {
  const intervalMs = validateIntervalMs(options.intervalMs);
  const { cgroup, gpu = null } = options;
  const hostCpus = validateHostCpus(options.hostCpus);
  const dirs = jobCgroupDirs(cgroup);
  void dirs.catch(() => undefined);
  const ticks: Tick[] = [];
  const acc = newTickState();
  let baseline: Promise<number | null> = Promise.resolve(null);
  let hostBefore: HostCpu | null = null;
  let t0 = 0;
  let k = 0;
  let timer: NodeJS.Timeout | undefined, regular: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  let state: 'new' | 'running' | 'stopped' = 'new';
  let tickError: unknown = null;
  // Where the counters are, once the cgroup directories are known; until then a tick waits for them.
  let target: TickTarget | null = null;
  const targetReady = dirs.then((d) => (target = { version: cgroup.version, ...d, gpu }));
  targetReady.catch(() => undefined);
  const sampleOnce = async (): Promise<void> => {
    ticks.push(await readTick(target ?? (await targetReady), acc, t0));
  };
  // Whole ms (libuv's precision): Node groups timers by duration; a fraction made a new list every tick.
  const schedule = (): void => {
    if (state !== 'running') return;
    const now = performance.now();
    k = nextTickIndex(k, now - t0, intervalMs);
    timer = setTimeout(tick, Math.max(1, Math.round(t0 + k * intervalMs - now)));
    timer.unref();
  };
  const tick = (): void => {
    // No GPU probe: one synchronous call, no promise, and one timer re-armed (see `rearm`).
    if (target && !gpu) {
      regular = rearm(regular, tick, intervalMs);
      tickError = readInto(ticks, target, acc, t0, tickError);
      return;
    }
    inFlight = sampleOnce()
      .catch((error: unknown) => void (tickError ??= error))
      .finally(schedule);
  };

  return {
    start() {
      if (state !== 'new') throw internalError('A sampler can be started only once; create one per job.');
      state = 'running';
      hostBefore = readHostCpu();
      t0 = performance.now();
      // Before the job exists: CUDA takes far longer to initialise than this one read.
      if (gpu) baseline = gpu.deviceUsedBytes().catch(() => null);
      tick();
    },
    async stop(wallSeconds) {
      if (state !== 'running') throw internalError(`stop() called on a sampler that is ${NOT_RUNNING[state]}.`);
      state = 'stopped';
      clearTimeout(timer);
      clearTimeout(regular);
      await inFlight;
      await sampleOnce().catch((error: unknown) => void (tickError ??= error));
      const base = { cgroup, dirs, ticks, acc, tickError, hostBefore, t0, baseline };
      return conclude({ ...base, wallSeconds, hostCpus, intervalMs, gpu });
    },
  };
}

// After the final reading: the cgroup's own counters and the host's CPU time since start(), summarised.
async function conclude(c: {
  cgroup: JobCgroup;
  dirs: Promise<{ cpuDir: string; memoryDir: string }>;
  ticks: Tick[];
  acc: TickState;
  tickError: unknown;
  hostBefore: HostCpu | null;
  t0: number;
  baseline: Promise<number | null>;
  wallSeconds: number;
  hostCpus: number;
  intervalMs: number;
  gpu: GpuProbe | null;
}): Promise<SamplingResult> {
  const hostAfter = readHostCpu();
  const windowSeconds = (performance.now() - c.t0) / 1000;
  closeTickState(c.acc);
  if (c.ticks.length === 0) throw noSampleError(c.cgroup, c.tickError);
  const { cpuDir, memoryDir } = await c.dirs;
  const final = await readFinal(c.cgroup, cpuDir, memoryDir);
  // v2 counts hierarchically; v1 adds the kills seen in descendant cgroups (e.g. Docker's) while they existed.
  let oomKills = Math.max(final.ownOom ?? 0, c.acc.oomByDir.get(memoryDir) ?? 0);
  if (c.cgroup.version === 1) for (const [dir, n] of c.acc.oomByDir) if (dir !== memoryDir) oomKills += n;
  const noise = noiseMetrics(c.hostBefore, hostAfter, windowSeconds, final.cpu.totalSeconds);
  const { wallSeconds, hostCpus, intervalMs, gpu } = c;
  const rest = { oomKills, peak: c.acc.peak, wallSeconds, hostCpus, intervalMs, gpu, noise };
  return summarize(c.ticks, { ...final, ...rest, baseline: await c.baseline });
}

interface Summary extends FinalCounters {
  oomKills: number;
  peak: MemoryPeakTracker;
  wallSeconds: number;
  hostCpus: number;
  intervalMs: number;
  gpu: GpuProbe | null;
  noise: NoiseMetrics | null;
  baseline: number | null;
}

function summarize(ticks: Tick[], f: Summary): SamplingResult {
  const points = ticks.map((x) => (x.cpuSeconds === null ? null : { t: x.t, cpuSeconds: x.cpuSeconds }));
  const percents = intervalPercents(points);
  const samples: Sample[] = ticks.map((x, i) => ({
    t: x.t,
    cpuPercent: percents[i] ?? null,
    memoryBytes: x.memoryBytes,
    gpuMemoryBytes: x.gpu?.processBytes ?? null,
    gpuUtilPercent: x.gpu?.utilPercent ?? null,
  }));
  const cpuPoints = points.filter((p): p is CpuPoint => p !== null);
  return {
    cpu: cpuMetrics(f.cpu, f.wallSeconds, cpuPoints, f.hostCpus),
    memory: {
      peakBytes: f.peak.peakBytes,
      avgBytes: timeAverage(ticks.map((x) => ({ t: x.t, value: x.memoryBytes }))),
      rssPeakBytes: f.peak.rssPeakBytes,
      rssAvgBytes: timeAverage(ticks.map((x) => ({ t: x.t, value: x.rssBytes }))),
      cgroupPeakBytes: f.cgroupPeakBytes,
      cgroupAtEnd: f.split,
      oomKills: f.oomKills,
    },
    gpu: f.gpu
      ? gpuMetrics(
          ticks.flatMap((x) => (x.gpu ? [x.gpu] : [])),
          f.baseline,
          f.gpu,
        )
      : null,
    noise: f.noise,
    samples,
    intervalMs: f.intervalMs,
  };
}
