import { join } from 'node:path';
import { parseCpuStatV2, parseKeyValues } from './counters.ts';
import { KernelFileCache } from './file-cache.ts';
import type { GpuProbe, GpuReading } from './gpu-types.ts';
import { MemoryPeakTracker } from './memory-peak.ts';
import { ProcMemoryReader } from './proc-memory.ts';
import { TreePids } from './tree-pids.ts';

/** One reading of the sampling loop. */
export interface Tick {
  /** Seconds since the sampler started (monotonic), at the moment the CPU counter was read. */
  t: number;
  /** Cumulative CPU seconds of the cgroup tree; null if the read failed. */
  cpuSeconds: number | null;
  /** Sum of the private resident memory (RssAnon + RssShmem) of the tree's processes; null when none is alive. */
  memoryBytes: number | null;
  /** Sum of VmRSS (file-mapped pages included) of the tree's processes; null when none is alive. */
  rssBytes: number | null;
  /** GPU reading for the tree's PIDs; null without a probe or when it failed. */
  gpu: GpuReading | null;
}

/** State one job's ticks accumulate: memory high-water marks, v1 OOM counts, open kernel files. */
export interface TickState {
  peak: MemoryPeakTracker;
  /** OOM kills last seen per cgroup directory of the tree (v1 counts them per cgroup, not hierarchically). */
  oomByDir: Map<string, number>;
  /** Cgroup counter files kept open between ticks. */
  files: KernelFileCache;
  /** The job's cgroup tree and its PIDs. */
  tree: TreePids;
  /** Per-process memory files kept open between ticks. */
  procs: ProcMemoryReader;
  /** The job's CPU counter file, once known. */
  cpuPath?: string;
  /** The last full reading: when (performance.now() ms), the CPU counter then, its PIDs and memory sum. */
  last: {
    atMs: number;
    cpuSeconds: number | null;
    pids: readonly number[];
    memoryBytes: number | null;
    rssBytes: number | null;
  };
}

/** Longest time a tick may reuse the last full reading of processes and memory, in ms (five default intervals): an idle job then costs one read a tick. */
export const FULL_READING_MS = 500;

/** Where one job's counters are. */
export interface TickTarget {
  version: 1 | 2;
  cpuDir: string;
  memoryDir: string;
  gpu: GpuProbe | null;
}

/** A fresh accumulator for one job; close it with `closeTickState` when the job is done. */
export function newTickState(): TickState {
  return {
    peak: new MemoryPeakTracker(),
    oomByDir: new Map(),
    files: new KernelFileCache(),
    tree: new TreePids(),
    procs: new ProcMemoryReader(),
    last: { atMs: -Infinity, cpuSeconds: null, pids: [], memoryBytes: null, rssBytes: null },
  };
}

/** Closes the kernel files a job's ticks kept open. */
export function closeTickState(state: TickState): void {
  state.files.close();
  state.procs.close();
}

function cpuSecondsNow(target: TickTarget, state: TickState): number | null {
  try {
    // Joined once per job: a state belongs to one job, whose counter file never moves.
    state.cpuPath ??= join(target.cpuDir, target.version === 1 ? 'cpuacct.usage' : 'cpu.stat');
    const text = state.files.readText(state.cpuPath);
    if (text === null) return null;
    return target.version === 1 ? Number(text) / 1e9 : parseCpuStatV2(text).totalSeconds;
  } catch {
    return null;
  }
}

function noteOom(state: TickState, dir: string): void {
  const text = state.files.readText(join(dir, 'memory.oom_control'));
  const n = text === null ? undefined : parseKeyValues(text).get('oom_kill');
  if (n !== undefined) state.oomByDir.set(dir, Math.max(n, state.oomByDir.get(dir) ?? 0));
}

/**
 * Takes one reading: the CPU counter (stamped with the midpoint of its read), the PIDs of the whole cgroup
 * tree, their private and total RSS and high-water marks, and the GPU. The kernel files are read synchronously (microseconds
 * each, generated in memory; a thread-pool round trip per file would cost far more CPU than the read);
 * only the GPU probe is awaited. Never spawns.
 * When the tree's CPU counter has not moved since the last full reading (less than FULL_READING_MS ago), no
 * task of the tree has run: none can have faulted in memory, unmapped it, forked or exited, so PIDs, RSS and
 * high-water marks are those of that reading and are not read again (an idle job costs one read a tick).
 * Only the kernel can change them meanwhile (reclaim under memory pressure lowers RSS); the bound limits that.
 */
export async function readTick(target: TickTarget, state: TickState, t0: number): Promise<Tick> {
  const tick = readCounters(target, state, t0);
  if (target.gpu) tick.gpu = await target.gpu.read(state.last.pids).catch(() => null);
  return tick;
}

/**
 * The reading of `readTick` without the GPU (`gpu: null`), synchronously: the sampler's path when it has no
 * GPU probe, so that a 10 ms tick costs no promise and no microtask hop.
 */
export function readCounters(target: TickTarget, state: TickState, t0: number): Tick {
  const before = performance.now();
  const cpuSeconds = cpuSecondsNow(target, state);
  const t = ((before + performance.now()) / 2 - t0) / 1000;
  const { last } = state;
  if (cpuSeconds === null || cpuSeconds !== last.cpuSeconds || before - last.atMs >= FULL_READING_MS) {
    last.pids = state.tree.refresh(target.memoryDir);
    // A bare-metal job has no child cgroups: its own OOM count is read once at the end.
    if (target.version === 1 && state.tree.dirs.length > 1) for (const dir of state.tree.dirs) noteOom(state, dir);
    const memory = state.procs.read(last.pids);
    state.files.sweep();
    const memoryBytes = state.peak.add(memory);
    Object.assign(last, {
      atMs: before,
      cpuSeconds,
      memoryBytes,
      rssBytes: memoryBytes === null ? null : memory.rssBytes,
    });
  }
  return { t, cpuSeconds, memoryBytes: last.memoryBytes, rssBytes: last.rssBytes, gpu: null };
}
