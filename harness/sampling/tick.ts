import { listTree, readProcs } from './cgroup-tree.ts';
import { readCpuTotalSeconds, readOomKills } from './counters.ts';
import type { GpuProbe, GpuReading } from './gpu-types.ts';
import { MemoryPeakTracker } from './memory-peak.ts';
import { readProcsMemory } from './proc.ts';

/** One reading of the sampling loop. */
export interface Tick {
  /** Seconds since the sampler started (monotonic), at the moment the CPU counter was read. */
  t: number;
  /** Cumulative CPU seconds of the cgroup tree; null if the read failed. */
  cpuSeconds: number | null;
  /** Sum of VmRSS of the tree's processes; null when none is alive. */
  memoryBytes: number | null;
  /** GPU reading for the tree's PIDs; null without a probe or when it failed. */
  gpu: GpuReading | null;
}

/** State one job's ticks accumulate beyond the tick list: memory high-water marks and v1 OOM counts. */
export interface TickState {
  peak: MemoryPeakTracker;
  /** OOM kills last seen per cgroup directory of the tree (v1 counts them per cgroup, not hierarchically). */
  oomByDir: Map<string, number>;
}

/** Where one job's counters are. */
export interface TickTarget {
  version: 1 | 2;
  cpuDir: string;
  memoryDir: string;
  gpu: GpuProbe | null;
}

/** A fresh accumulator for one job. */
export function newTickState(): TickState {
  return { peak: new MemoryPeakTracker(), oomByDir: new Map() };
}

/**
 * Takes one reading: the CPU counter (stamped with the midpoint of its read), the PIDs of the whole cgroup
 * tree, each one's RSS and high-water mark, and the GPU. Asynchronous reads only; never spawns.
 */
export async function readTick(target: TickTarget, state: TickState, t0: number): Promise<Tick> {
  const before = performance.now();
  const cpuSeconds = await readCpuTotalSeconds(target.version, target.cpuDir).catch(() => null);
  const t = ((before + performance.now()) / 2 - t0) / 1000;
  const tree = await listTree(target.memoryDir);
  const noteOom = async (dir: string): Promise<void> => {
    const n = await readOomKills(1, dir);
    if (n !== null) state.oomByDir.set(dir, Math.max(n, state.oomByDir.get(dir) ?? 0));
  };
  // A bare-metal job has no child cgroups: its own OOM count is read once at the end.
  const [lists] = await Promise.all([Promise.all(tree.map(readProcs)), target.version === 1 && tree.length > 1 ? Promise.all(tree.map(noteOom)) : null]);
  const pids = [...new Set(lists.flat())];
  const [procs, gpu] = await Promise.all([readProcsMemory(pids), target.gpu ? target.gpu.read(pids).catch(() => null) : null]);
  return { t, cpuSeconds, memoryBytes: state.peak.add(procs), gpu };
}
