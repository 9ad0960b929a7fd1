// Image tags are content hashes: the folder cache `list` uses must give the very same hash as reading the
// folders afresh, read each folder once, and a cache is for one moment only (a new one sees an edit).
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash, type FolderCache } from '../../../harness/images/hash.ts';

describe('contentHash', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hash-'));
    await mkdir(join(dir, 'a', 'sub'), { recursive: true });
    await mkdir(join(dir, 'a', '__pycache__'), { recursive: true });
    await writeFile(join(dir, 'a', 'x.py'), 'print(1)\n');
    await writeFile(join(dir, 'a', 'sub', 'y.py'), 'print(2)\n');
    await writeFile(join(dir, 'a', '__pycache__', 'x.cpython-311.pyc'), 'junk');
    await mkdir(join(dir, 'b'));
    await writeFile(join(dir, 'b', 'Dockerfile'), 'FROM scratch\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives the same hash with and without a folder cache, and fills the cache once per folder', async () => {
    const folders = { workload: join(dir, 'a'), stack: join(dir, 'b') };
    const plain = await contentHash({ base: 'x' }, folders);
    const cache: FolderCache = new Map();
    expect(await contentHash({ base: 'x' }, folders, cache)).toBe(plain);
    expect(await contentHash({ base: 'x' }, folders, cache)).toBe(plain);
    expect([...cache.keys()].sort()).toEqual([join(dir, 'a'), join(dir, 'b')]);
    expect((await cache.get(join(dir, 'a')))!.map((f) => f.file)).toEqual(['sub/y.py', 'x.py']);
    expect(await contentHash({ base: 'y' }, folders, cache)).not.toBe(plain);
  });

  it('sees an edited file with a fresh cache (and not with the old one)', async () => {
    const folders = { workload: join(dir, 'a') };
    const cache: FolderCache = new Map();
    const before = await contentHash({}, folders, cache);
    await writeFile(join(dir, 'a', 'x.py'), 'print(3)\n');
    expect(await contentHash({}, folders, cache)).toBe(before);
    expect(await contentHash({}, folders, new Map())).not.toBe(before);
    expect(await contentHash({}, folders)).not.toBe(before);
  });
});
