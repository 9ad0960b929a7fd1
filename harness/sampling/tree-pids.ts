import { closeSync, openSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isGone } from './cgroup-tree.ts';
import { newReadBuffer, readWhole } from './file-cache.ts';

interface ProcsFile {
  path: string;
  /** Bytes of the last read, to skip parsing when nothing changed. */
  bytes: Buffer;
  pids: number[];
}

/**
 * The cgroups of a job's tree and the PIDs in them, re-read every tick with few system calls: a cgroup
 * directory's link count is 2 + its subdirectories (kernfs), so one stat shows a leaf and only cgroups with
 * children are listed; each `cgroup.procs` is read (reopened: v1 builds its list at open) and parsed only
 * when its bytes differ from the last tick's. Synchronous: these files are generated in memory.
 */
export class TreePids {
  /** The cgroup directories of the tree at the last refresh, parents first. */
  dirs: string[] = [];
  private readonly files = new Map<string, ProcsFile>();
  private pids: number[] = [];
  private readonly into = newReadBuffer();

  /** PIDs of every process in `root` and below, now ([] when `root` is gone). Do not modify the array. */
  refresh(root: string): readonly number[] {
    const dirs: string[] = [];
    walk(root, dirs);
    let changed = dirs.length !== this.dirs.length || dirs.some((d, i) => d !== this.dirs[i]);
    for (const dir of dirs) if (this.readProcs(dir)) changed = true;
    if (changed) {
      for (const dir of this.files.keys()) if (!dirs.includes(dir)) this.files.delete(dir);
      const lists = dirs.map((d) => this.files.get(d)?.pids ?? []);
      this.pids = lists.length === 1 ? (lists[0] as number[]) : [...new Set(lists.flat())];
    }
    this.dirs = dirs;
    return this.pids;
  }

  // Reads one cgroup.procs; true when its contents changed since the last read.
  private readProcs(dir: string): boolean {
    let file = this.files.get(dir);
    const n = this.readFile(file?.path ?? join(dir, 'cgroup.procs'));
    const view = this.into.buf.subarray(0, n);
    if (file && file.bytes.equals(view)) return false;
    file ??= { path: join(dir, 'cgroup.procs'), bytes: Buffer.alloc(0), pids: [] };
    file.bytes = Buffer.from(view);
    file.pids = parsePids(view);
    this.files.set(dir, file);
    return true;
  }

  // Reads the whole file into this.into; 0 bytes when the cgroup is gone.
  private readFile(path: string): number {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (error) {
      if (isGone(error)) return 0;
      throw error;
    }
    try {
      return readWhole(fd, this.into);
    } catch (error) {
      if (isGone(error)) return 0;
      throw error;
    } finally {
      closeSync(fd);
    }
  }
}

// `dir` and every cgroup below it, parents first; nothing when `dir` is gone.
function walk(dir: string, out: string[]): void {
  const st = statSync(dir, { throwIfNoEntry: false });
  if (!st) return;
  out.push(dir);
  if (st.nlink <= 2) return;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if (isGone(error)) return;
    throw error;
  }
  for (const e of entries) if (e.isDirectory()) walk(join(dir, e.name), out);
}

/** PIDs of a cgroup.procs text, one decimal number a line (pure). */
export function parsePids(bytes: Uint8Array): number[] {
  const pids: number[] = [];
  let value = 0;
  let digits = 0;
  for (const c of bytes) {
    if (c >= 0x30 && c <= 0x39) {
      value = value * 10 + (c - 0x30);
      digits++;
    } else if (digits > 0) {
      pids.push(value);
      value = 0;
      digits = 0;
    }
  }
  if (digits > 0) pids.push(value);
  return pids;
}
