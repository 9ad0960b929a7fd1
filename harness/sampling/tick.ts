import { join } from 'node:path';
import { listTree, readProcs } from './cgroup-tree.ts';
import { parseCpuStatV2, parseKeyValues } from './counters.ts';
import { KernelFileCache } from './file-cache.ts';
import type { GpuProbe, GpuReading } from './gpu-types.ts';
import { MemoryPeakTracker } from './memory-peak.ts';
import { parseProcStatus, type ProcMemory } from './proc.ts';

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

/** State one job's ticks accumulate: memory high-water marks, v1 OOM counts, open kernel files. */
export interface TickState {
  peak: MemoryPeakTracker;
  /** OOM kills last seen per cgroup directory of the tree (v1 counts them per cgroup, not hierarchically). */
  oomByDir: Map<string, number>;
  /** Kernel files kept open between ticks; close it when the job is done. */
  files: KernelFileCache;
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
  return { peak: new MemoryPeakTracker(), oomByDir: new Map(), files: new KernelFileCache() };
}

async function cpuSecondsNow(target: TickTarget, files: KernelFileCache): Promise<number | null> {
  const text = await files.read(join(target.cpuDir, target.version === 1 ? 'cpuacct.usage' : 'cpu.stat'));
  if (text === null) return null;
  return target.version === 1 ? Number(text) / 1e9 : parseCpuStatV2(text).totalSeconds;
}

/**
 * Takes one reading: the CPU counter (stamped with the midpoint of its read), the PIDs of the whole cgroup
 * tree, each one's RSS and high-water mark, and the GPU. Asynchronous reads only; never spawns.
 */
export async function readTick(target: TickTarget, state: TickState, t0: number): Promise<Tick> {
  const { files } = state;
  const before = performance.now();
  const cpuSeconds = await cpuSecondsNow(target, files).catch(() => null);
  const t = ((before + performance.now()) / 2 - t0) / 1000;
  const tree = await listTree(target.memoryDir);
  const noteOom = async (dir: string): Promise<void> => {
    const text = await files.read(join(dir, 'memory.oom_control'));
    const n = text === null ? undefined : parseKeyValues(text).get('oom_kill');
    if (n !== undefined) state.oomByDir.set(dir, Math.max(n, state.oomByDir.get(dir) ?? 0));
  };
  // A bare-metal job has no child cgroups: its own OOM count is read once at the end.
  const [lists] = await Promise.all([Promise.all(tree.map(readProcs)), target.version === 1 && tree.length > 1 ? Promise.all(tree.map(noteOom)) : null]);
  const pids = [...new Set(lists.flat())];
  const readStatus = async (pid: number): Promise<ProcMemory | null> => {
    const text = await files.read(`/proc/${pid}/status`);
    return text === null ? null : parseProcStatus(pid, text);
  };
  const [procs, gpu] = await Promise.all([Promise.all(pids.map(readStatus)), target.gpu ? target.gpu.read(pids).catch(() => null) : null]);
  await files.sweep();
  return { t, cpuSeconds, memoryBytes: state.peak.add(procs.filter((p) => p !== null)), gpu };
}
