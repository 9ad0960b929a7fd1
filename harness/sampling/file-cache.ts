import { closeSync, openSync, readSync } from 'node:fs';
import { isGone } from './cgroup-tree.ts';

const CHUNK = 4096;
// seq_file hands out at most one page (4 KiB or more) per read, and less than a page minus one record only
// at the end: a read shorter than this is surely the last, a longer one is followed by another.
const SURELY_LAST = 2048;

/** A buffer that grows to hold the largest file read into it. */
export interface ReadBuffer {
  buf: Buffer;
}

/** A fresh ReadBuffer. */
export function newReadBuffer(): ReadBuffer {
  return { buf: Buffer.allocUnsafe(CHUNK) };
}

/** Reads a whole kernel file from `fd` (pread from offset 0, which regenerates it) into `into.buf`; its length. */
export function readWhole(fd: number, into: ReadBuffer): number {
  for (let n = 0; ;) {
    if (n === into.buf.length) {
      const bigger = Buffer.allocUnsafe(into.buf.length * 2);
      into.buf.copy(bigger);
      into.buf = bigger;
    }
    const got = readSync(fd, into.buf, n, into.buf.length - n, n);
    n += got;
    if (got < SURELY_LAST) return n;
  }
}

/**
 * Keeps kernel files (cgroup counters, /proc/<pid>/stat and status) open between ticks and re-reads them
 * with one synchronous pread at offset 0, which makes the kernel regenerate them: one system call per file
 * instead of four (open, fstat, read, close) and no thread-pool round trip. These files are generated in
 * memory without sleeping locks (not smaps, which takes the mmap lock), so a read takes microseconds.
 * A handle not read since the last `sweep()` is closed then. A process that exited makes its handle fail
 * with ESRCH; since its PID may have been reused, the file is opened once more before it reads as gone (null).
 * Not for `cgroup.procs`: cgroup v1 builds the PID list when the file is opened, so it must be reopened.
 */
export class KernelFileCache<K extends string | number = string> {
  private readonly handles = new Map<K, { fd: number; sweep: number }>();
  private sweeps = 0;
  private readonly into = newReadBuffer();

  /** `pathOf` names the file of a key (default: the key is the path). */
  constructor(private readonly pathOf: (key: K) => string = String) {}

  /** The file's current bytes (a view valid until the next read), or null when it (or its process) is gone. */
  read(key: K): Buffer | null {
    let handle = this.handles.get(key);
    const wasOpen = handle !== undefined;
    try {
      if (!handle) {
        handle = { fd: openSync(this.pathOf(key), 'r'), sweep: 0 };
        this.handles.set(key, handle);
      }
      handle.sweep = this.sweeps;
      return this.into.buf.subarray(0, readWhole(handle.fd, this.into));
    } catch (error) {
      if (handle) this.drop(key);
      if (!isGone(error)) throw error;
      return wasOpen ? this.read(key) : null;
    }
  }

  /** The file's current text (latin1: kernel files are ASCII), or null when gone. */
  readText(key: K): string | null {
    return this.read(key)?.toString('latin1') ?? null;
  }

  /** Closes the handles not read since the last sweep (processes gone, cgroups removed). */
  sweep(): void {
    for (const [key, handle] of this.handles) if (handle.sweep !== this.sweeps) this.drop(key);
    this.sweeps++;
  }

  /** Closes every handle. */
  close(): void {
    for (const key of [...this.handles.keys()]) this.drop(key);
  }

  private drop(key: K): void {
    const handle = this.handles.get(key);
    this.handles.delete(key);
    if (handle) closeQuietly(handle.fd);
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Closing a kernel file cannot lose data; a failure here has nothing to report.
  }
}
