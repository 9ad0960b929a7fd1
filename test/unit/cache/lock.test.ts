import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockCache, withCacheLock } from '../../../harness/cache/lock.ts';

describe('cache locks (flock(2) on <cache>/locks/<name>.lock, temp cache dir)', () => {
  let dir = '';
  const saved = process.env.DEPLOYBENCH_CACHE_DIR;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'deploybench-lock-'));
    process.env.DEPLOYBENCH_CACHE_DIR = dir;
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.DEPLOYBENCH_CACHE_DIR;
    else process.env.DEPLOYBENCH_CACHE_DIR = saved;
    await rm(dir, { recursive: true, force: true });
  });

  it('makes a second taker wait, saying who holds it, until the first releases', async () => {
    const first = await lockCache('image-deploybench/x:1');
    expect(first.file).toBe(join(dir, 'locks', 'image-deploybench_x_1.lock'));
    const waits: string[] = [];
    const order: string[] = [];
    const second = withCacheLock('image-deploybench/x:1', () => Promise.resolve(void order.push('second')), {
      onWait: (h) => waits.push(h),
      pollMs: 20,
    });
    await new Promise((r) => setTimeout(r, 150));
    order.push('first released');
    await first.release();
    await second;
    expect(order).toEqual(['first released', 'second']);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toMatch(new RegExp(`^pid ${process.pid} since \\d{4}-\\d\\d-\\d\\dT`));
  });

  it('does not make different names wait for each other', async () => {
    const a = await lockCache('a');
    const waits: string[] = [];
    await withCacheLock('b', () => Promise.resolve(), { onWait: (h) => waits.push(h) });
    await a.release();
    expect(waits).toEqual([]);
  });

  it('is free again when its holder is killed (no stale lock), and is the lock flock(1) takes', async () => {
    // flock(1) -o holds the lock in its own process only; SIGKILL of it is a harness dying.
    const file = join(dir, 'locks', 'held.lock');
    const holder = execa('flock', ['-o', file, 'sh', '-c', 'echo "locked $$"; exec sleep 60'], {
      reject: false,
      buffer: false,
    });
    const child = await new Promise<number>((resolve) =>
      holder.stdout?.on('data', (d: Buffer) => resolve(Number(/locked (\d+)/.exec(d.toString())?.[1]))),
    );
    const waits: string[] = [];
    const taken = lockCache('held', { onWait: (h) => waits.push(h), pollMs: 20 });
    await new Promise((r) => setTimeout(r, 150));
    expect(waits).toEqual(['another deploybench']);
    holder.kill('SIGKILL');
    const lock = await taken;
    await lock.release();
    process.kill(child, 'SIGKILL');
    await holder;
  }, 30_000);
});
