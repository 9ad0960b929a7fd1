import { readFile } from 'node:fs/promises';
import { isGone } from './cgroup-tree.ts';

/** Resident memory of one process, from /proc/<pid>/status. */
export interface ProcMemory {
  pid: number;
  /** VmRSS: resident anon + file-mapped + shmem pages now, in bytes. */
  rssBytes: number;
  /** VmHWM: the kernel's high-water mark of VmRSS over the process's life, in bytes. */
  hwmBytes: number;
}

/** Parses VmRSS and VmHWM (kB) of a /proc/<pid>/status text; null for a kernel thread or zombie (pure). */
export function parseProcStatus(pid: number, text: string): ProcMemory | null {
  const rss = /^VmRSS:\s+(\d+) kB/m.exec(text);
  const hwm = /^VmHWM:\s+(\d+) kB/m.exec(text);
  if (!rss?.[1] || !hwm?.[1]) return null;
  return { pid, rssBytes: Number(rss[1]) * 1024, hwmBytes: Number(hwm[1]) * 1024 };
}

/** Reads one process's resident memory; null when it has exited meanwhile (normal at any time). */
export async function readProcMemory(pid: number): Promise<ProcMemory | null> {
  try {
    return parseProcStatus(pid, await readFile(`/proc/${pid}/status`, 'utf8'));
  } catch (error) {
    if (isGone(error)) return null;
    throw error;
  }
}
