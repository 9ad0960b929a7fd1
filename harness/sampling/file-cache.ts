import { open, type FileHandle } from 'node:fs/promises';
import { isGone } from './cgroup-tree.ts';

const CHUNK = 4096;

/**
 * Keeps kernel files (cgroup counters, /proc/<pid>/status) open between ticks and re-reads them with pread
 * at offset 0, which makes the kernel regenerate them: one thread-pool round trip per file instead of
 * four (open, stat, read, close). A handle not read during a tick is closed by `sweep()`; a process that
 * exited makes its handle fail with ESRCH, which reads as null (gone), like a missing file.
 * Not for `cgroup.procs`: cgroup v1 keeps serving the PID list built at the first read of an open file
 * (it is rebuilt only when the file is opened again after the list expired), so it must be reopened.
 */
export class KernelFileCache {
  private readonly handles = new Map<string, FileHandle>();
  private readonly used = new Set<string>();

  /** The file's current text, or null when it (or its process) is gone. */
  async read(path: string): Promise<string | null> {
    this.used.add(path);
    let handle = this.handles.get(path);
    try {
      if (!handle) {
        handle = await open(path, 'r');
        this.handles.set(path, handle);
      }
      return await readAll(handle);
    } catch (error) {
      if (handle) await this.drop(path);
      if (isGone(error)) return null;
      throw error;
    }
  }

  /** Closes the handles not read since the last sweep (processes gone, cgroups removed). */
  async sweep(): Promise<void> {
    const stale = [...this.handles.keys()].filter((p) => !this.used.has(p));
    this.used.clear();
    await Promise.all(stale.map((p) => this.drop(p)));
  }

  /** Closes every handle. */
  async close(): Promise<void> {
    this.used.clear();
    await this.sweep();
  }

  private async drop(path: string): Promise<void> {
    const handle = this.handles.get(path);
    this.handles.delete(path);
    await handle?.close().catch(() => undefined);
  }
}

async function readAll(handle: FileHandle): Promise<string> {
  const chunks: Buffer[] = [];
  for (let position = 0; ; ) {
    const buf = Buffer.allocUnsafe(CHUNK);
    const { bytesRead } = await handle.read(buf, 0, CHUNK, position);
    chunks.push(buf.subarray(0, bytesRead));
    position += bytesRead;
    // seq_file hands out at most one page per read: a short read means the end.
    if (bytesRead < CHUNK) break;
  }
  return Buffer.concat(chunks).toString('utf8');
}
