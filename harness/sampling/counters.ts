import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isGone } from './cgroup-tree.ts';

/** USER_HZ: the unit of cpuacct.stat, fixed at 100 by the Linux user-space ABI. */
export const USER_HZ = 100;

/** Cumulative CPU counters of a cgroup and its descendants. */
export interface CpuCounters {
  /** Total CPU seconds (cpuacct.usage / cpu.stat usage_usec). */
  totalSeconds: number;
  /** User-mode CPU seconds. */
  userSeconds: number;
  /** Kernel-mode CPU seconds. */
  systemSeconds: number;
}

/** Parses `key value` lines (cpu.stat, cpuacct.stat, memory.events, memory.oom_control) into numbers (pure). */
export function parseKeyValues(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const [key, value] = line.trim().split(/\s+/);
    if (key && value !== undefined && /^-?\d+$/.test(value)) out.set(key, Number(value));
  }
  return out;
}

/** Parses v1 `cpuacct.stat` (USER_HZ ticks) into seconds (pure). */
export function parseCpuacctStat(text: string): { userSeconds: number; systemSeconds: number } {
  const kv = parseKeyValues(text);
  return { userSeconds: (kv.get('user') ?? 0) / USER_HZ, systemSeconds: (kv.get('system') ?? 0) / USER_HZ };
}

/** Parses v2 `cpu.stat` (microseconds) into CPU counters (pure). */
export function parseCpuStatV2(text: string): CpuCounters {
  const kv = parseKeyValues(text);
  return {
    totalSeconds: (kv.get('usage_usec') ?? 0) / 1e6,
    userSeconds: (kv.get('user_usec') ?? 0) / 1e6,
    systemSeconds: (kv.get('system_usec') ?? 0) / 1e6,
  };
}

/** Total, user and system CPU seconds: the full read done at the end. */
export async function readCpuCounters(version: 1 | 2, cpuDir: string): Promise<CpuCounters> {
  if (version === 2) return parseCpuStatV2(await readFile(join(cpuDir, 'cpu.stat'), 'utf8'));
  const [usage, stat] = await Promise.all([
    readFile(join(cpuDir, 'cpuacct.usage'), 'utf8'),
    readFile(join(cpuDir, 'cpuacct.stat'), 'utf8'),
  ]);
  return { totalSeconds: Number(usage) / 1e9, ...parseCpuacctStat(stat) };
}

/**
 * The cgroup's high-water mark of charged memory: v1 memory.max_usage_in_bytes, v2 memory.peak (Linux 5.19+);
 * null when absent. Charged: anon and shmem pages the job touched, and page cache the job brought in first
 * (a file page already cached stays charged to the cgroup that read it first).
 */
export async function readCgroupPeakBytes(version: 1 | 2, memoryDir: string): Promise<number | null> {
  const file = join(memoryDir, version === 1 ? 'memory.max_usage_in_bytes' : 'memory.peak');
  try {
    return Number(await readFile(file, 'utf8'));
  } catch (error) {
    if (isGone(error)) return null;
    throw error;
  }
}

/**
 * OOM kills counted in one cgroup: v1 `memory.oom_control` oom_kill (not hierarchical: a container's
 * count lives in its own child cgroup), v2 `memory.events` oom_kill (hierarchical). Null when the file is gone.
 */
export async function readOomKills(version: 1 | 2, memoryDir: string): Promise<number | null> {
  const file = join(memoryDir, version === 1 ? 'memory.oom_control' : 'memory.events');
  try {
    return parseKeyValues(await readFile(file, 'utf8')).get('oom_kill') ?? 0;
  } catch (error) {
    if (isGone(error)) return null;
    throw error;
  }
}

/** What the cgroup's pages are at one moment: v1 memory.stat total_rss/total_cache/total_shmem, v2 anon/file/shmem. */
export interface CgroupMemorySplit {
  /** Anonymous pages charged to the cgroup tree, in bytes. */
  anonBytes: number;
  /** Page cache charged to the cgroup tree, shmem excluded, in bytes. */
  fileBytes: number;
  /** Shared memory (tmpfs, memfd, SysV, shared anonymous) charged to the cgroup tree, in bytes. */
  shmemBytes: number;
}

/** Parses a memory.stat text into the anon/file/shmem split (v1 total_*, hierarchical; v2 as is); null when absent (pure). */
export function parseMemoryStat(version: 1 | 2, text: string): CgroupMemorySplit | null {
  const kv = parseKeyValues(text);
  const [anon, file, shmem] = version === 1 ? ['total_rss', 'total_cache', 'total_shmem'] : ['anon', 'file', 'shmem'];
  const a = kv.get(anon);
  const f = kv.get(file);
  const s = kv.get(shmem) ?? 0;
  if (a === undefined || f === undefined) return null;
  // Both versions count shmem inside the page cache figure.
  return { anonBytes: a, fileBytes: Math.max(0, f - s), shmemBytes: s };
}

/** The cgroup's memory.stat split now; null when the file is gone or lacks the fields. */
export async function readCgroupMemorySplit(version: 1 | 2, memoryDir: string): Promise<CgroupMemorySplit | null> {
  try {
    return parseMemoryStat(version, await readFile(join(memoryDir, 'memory.stat'), 'utf8'));
  } catch (error) {
    if (isGone(error)) return null;
    throw error;
  }
}
