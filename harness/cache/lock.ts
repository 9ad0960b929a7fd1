// Locks around writes to the shared caches (image builds, debootstrap bases, .deb caches, rootfs
// exports), so that two campaigns on one host make each thing once and never replace what the other uses.
import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import koffi from 'koffi';
import { HarnessError } from '../core/errors.ts';
import { paths } from '../core/paths.ts';

const LOCK_EX = 2;
const LOCK_NB = 4;
const LOCK_UN = 8;

let flockFn: ((fd: number, op: number) => number) | undefined;

// flock(2) from libc: the kernel drops the lock when its holder dies, so no lock is ever stale.
function flock(): (fd: number, op: number) => number {
  if (!flockFn) {
    try {
      flockFn = koffi.load('libc.so.6').func('int flock(int fd, int operation)') as (fd: number, op: number) => number;
    } catch (cause) {
      throw new HarnessError('E_PREPARE_FAILED', `cannot load flock(2) from libc.so.6: ${(cause as Error).message}`, {
        fix: 'deploybench needs glibc (Linux) for its cache locks',
        cause,
      });
    }
  }
  return flockFn;
}

/** Folder of the lock files (one per cached thing; they stay, empty of meaning once unlocked). */
export function locksDir(): string {
  return join(paths.cache(), 'locks');
}

/** A held lock; `release` is idempotent. */
export interface CacheLock {
  /** Lock file path. */
  file: string;
  release(): Promise<void>;
}

/** Options of `lockCache`. */
export interface LockOptions {
  /** Said once when another process holds the lock and this one waits. */
  onWait?: (holder: string) => void;
  /** Milliseconds between tries (default 250). */
  pollMs?: number;
}

/**
 * Takes the exclusive lock named `name` (e.g. `image-deploybench_torch-2.6_abc`) under the cache's
 * locks/ folder, waiting as long as another process (or another call in this one) holds it. The lock
 * file records the holder's pid for the wait message; the lock itself is flock(2) on it.
 */
export async function lockCache(name: string, options: LockOptions = {}): Promise<CacheLock> {
  await mkdir(locksDir(), { recursive: true });
  const file = join(locksDir(), `${name.replace(/[^A-Za-z0-9_.-]/g, '_')}.lock`);
  const handle: FileHandle = await open(file, 'a+');
  let told = false;
  for (let tries = 1; ; tries++) {
    if (flock()(handle.fd, LOCK_EX | LOCK_NB) === 0) break;
    if (!told) {
      // The holder writes its pid just after taking the lock: an empty file is read again for a few tries
      // (CI once caught the waiter between the two) before the wait is told without the holder.
      const holder = (await readFile(file, 'utf8').catch(() => '')).trim();
      told = holder !== '' || tries >= 4;
      if (told) options.onWait?.(holder === '' ? 'another deploybench' : holder);
    }
    await new Promise((r) => setTimeout(r, options.pollMs ?? 250));
  }
  await handle.truncate(0);
  await handle.write(`pid ${process.pid} since ${new Date().toISOString()}\n`, 0);
  let released = false;
  return {
    file,
    release: async () => {
      if (released) return;
      released = true;
      await handle.truncate(0).catch(() => undefined);
      flock()(handle.fd, LOCK_UN);
      await handle.close();
    },
  };
}

/** Runs `fn` holding the lock `name`. */
export async function withCacheLock<T>(name: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const lock = await lockCache(name, options);
  try {
    return await fn();
  } finally {
    await lock.release();
  }
}
