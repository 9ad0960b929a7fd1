import { mkdir, mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rootfsKey } from '../../../harness/executors/rootfs.ts';
import { docker, imageId } from '../../../harness/images/docker.ts';
import { cli } from '../../helpers/cli.ts';
import { skipWithoutDocker } from '../../helpers/env.ts';
import { scratchImage } from '../../helpers/scratch-image.ts';

const skip = await skipWithoutDocker();

// Tags of the real stack images and bases, which these tests must never touch.
async function realTags(): Promise<string[]> {
  const list = await docker().listImages();
  return list
    .flatMap((i) => i.RepoTags ?? [])
    .filter((t) => /^deploybench(\/torch-|-base:)/.test(t))
    .sort();
}

// A test-only stack FROM a tiny FROM-scratch image, in a temp images dir, with a temp cache dir:
// `deploybench build` of it twice at once, then `cache` and `cache prune` on test-only images and files.
describe.skipIf(skip)('deploybench cache and the build lock', () => {
  const env: Record<string, string> = {};
  let cache = '';
  let currentTag = '';
  let before: string[] = [];
  const old = 'deploybench/cache-test-a:000000000000';
  const gone = 'deploybench/cache-test-gone:111111111111';

  beforeAll(async () => {
    before = await realTags();
    const bin = await mkdtemp(join(tmpdir(), 'deploybench-cache-bin-'));
    const base = await scratchImage(bin);
    const images = await mkdtemp(join(tmpdir(), 'deploybench-images-'));
    cache = await mkdtemp(join(tmpdir(), 'deploybench-cache-'));
    Object.assign(env, { DEPLOYBENCH_IMAGES_DIR: images, DEPLOYBENCH_CACHE_DIR: cache });
    await mkdir(join(images, 'workload'));
    await writeFile(join(images, 'workload/README'), 'test\n');
    await mkdir(join(images, 'cache-test-a'));
    await writeFile(
      join(images, 'cache-test-a/stack.yaml'),
      `name: cache-test-a\nframework: { name: none, version: "0" }\nbase: { kind: image, image: "${base}" }\n`,
    );
    // A unique line, so the image is new at each run of the test and really built.
    await writeFile(
      join(images, 'cache-test-a/Dockerfile'),
      `ARG BASE_IMAGE\nFROM \${BASE_IMAGE}\nRUN echo ${Date.now()} > /stamp && sleep 2\n`,
    );
  }, 300_000);

  afterAll(async () => {
    for (const t of [currentTag, old, gone])
      if (t)
        await docker()
          .getImage(t)
          .remove()
          .catch(() => undefined);
    if (cache) await rm(cache, { recursive: true, force: true });
  });

  it('two builds of one stack at once: one builds, the other waits and finds it; both succeed', async () => {
    const [a, b] = await Promise.all([cli(['build', 'cache-test-a'], env), cli(['build', 'cache-test-a'], env)]);
    expect(a.exitCode, a.all).toBe(0);
    expect(b.exitCode, b.all).toBe(0);
    const states = [a, b].map((r) => /^cache-test-a: (built|cached) /m.exec(r.stdout)?.[1]).sort();
    expect(states).toEqual(['built', 'cached']);
    const waiter = [a, b].find((r) => r.stdout.includes(': cached '));
    expect(waiter?.stderr).toMatch(
      /waiting for pid \d+ since .*, which is building deploybench\/cache-test-a:[0-9a-f]{12}/,
    );
    expect((await readdir(join(cache, 'logs'))).filter((f) => f.startsWith('build-cache-test-a'))).toHaveLength(1);
    currentTag = /(deploybench\/cache-test-a:[0-9a-f]{12})/.exec(a.stdout)?.[1] ?? '';
    expect(await imageId(currentTag)).not.toBeNull();
  }, 300_000);

  it('lists images with the stack using them, exports, .deb caches, logs and run roots', async () => {
    await docker().getImage(currentTag).tag({ repo: 'deploybench/cache-test-a', tag: '000000000000' });
    await docker().getImage(currentTag).tag({ repo: 'deploybench/cache-test-gone', tag: '111111111111' });
    const id = (await imageId(currentTag)) ?? '';
    for (const key of [rootfsKey(id), 'f'.repeat(24)]) {
      await mkdir(join(cache, 'rootfs', key, 'root'), { recursive: true });
      await writeFile(join(cache, 'rootfs', key, 'root', 'file'), 'x'.repeat(5000));
    }
    await mkdir(join(cache, 'debs', 'sid'), { recursive: true });
    await writeFile(join(cache, 'debs/sid/a.deb'), 'x'.repeat(3000));
    await writeFile(join(cache, 'logs/build-old.log'), 'old\n');
    const month = (Date.now() - 30 * 86_400_000) / 1000;
    await utimes(join(cache, 'logs/build-old.log'), month, month);
    await mkdir(join(cache, 'runs', 'x-bare-metal-train-3999999-abc-1', 'upper'), { recursive: true });
    const r = await cli(['cache'], env);
    expect(r.exitCode, r.all).toBe(0);
    const row = (name: string): string =>
      r.stdout.split('\n').find((l) => l.includes(` ${name} `)) ?? `(no row for ${name})`;
    expect(row(currentTag)).toMatch(/^\s+\d.*B\s+deploybench\/cache-test-a:[0-9a-f]{12}\s+stack cache-test-a$/);
    expect(row(old)).toMatch(/UNUSED: an old build of cache-test-a$/);
    expect(row(gone)).toMatch(/UNUSED: no current stack has this tag$/);
    expect(row(`rootfs/${rootfsKey(id)}`)).toMatch(
      /\d+(\.\d+)? KiB\s+rootfs\/\S+\s+export of deploybench\/cache-test-/,
    );
    expect(row(`rootfs/${'f'.repeat(24)}`)).toMatch(/UNUSED: its image no longer exists$/);
    expect(row('debs/sid')).toMatch(/UNUSED: no current stack is based on sid$/);
    expect(row('logs/build-old.log')).toMatch(/UNUSED: older than 14 days$/);
    expect(r.stdout).toMatch(/logs\/build-cache-test-a-\S+\.log\s+kept 14 days/);
    expect(row('runs/x-bare-metal-train-3999999-abc-1')).toMatch(/UNUSED: left by a harness that died$/);
  });

  it('prune --dry-run says what it would remove and removes nothing', async () => {
    const r = await cli(['cache', 'prune', '--dry-run', '--match', 'deploybench/cache-test-*'], env);
    expect(r.exitCode, r.all).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.slice(0, -1).map((l) => l.replace(/ \(.*$/, ''))).toEqual([
      `would remove ${old}`,
      `would remove ${gone}`,
      `would remove rootfs/${'f'.repeat(24)}`,
      'would remove debs/sid',
      'would remove logs/build-old.log',
      'would remove runs/x-bare-metal-train-3999999-abc-1',
    ]);
    expect(lines.at(-1)).toMatch(/^would free up to \d+(\.\d+)? MiB \(images share layers\)$/);
    expect(await imageId(old)).not.toBeNull();
    expect(await stat(join(cache, 'debs/sid')).then(() => true)).toBe(true);
  });

  it('prune removes what nothing uses, prints each removal and the space freed, keeps the rest', async () => {
    const r = await cli(['cache', 'prune', '--match', 'deploybench/cache-test-*'], env);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(`^removed ${old.replace(/[/.]/g, '\\$&')} \\(.* an old build of cache-test-a\\)$`, 'm'),
    );
    expect(r.stdout).toMatch(/^removed rootfs\/f{24} \(\d+(\.\d+)? KiB; its image no longer exists\)$/m);
    expect(r.stdout).toMatch(/^freed up to \d+(\.\d+)? MiB \(images share layers\)$/m);
    expect(await imageId(old)).toBeNull();
    expect(await imageId(gone)).toBeNull();
    expect(await imageId(currentTag)).not.toBeNull();
    const id = (await imageId(currentTag)) ?? '';
    expect((await readdir(join(cache, 'rootfs'))).sort()).toEqual([rootfsKey(id)]);
    expect(await readdir(join(cache, 'debs'))).toEqual([]);
    expect(await readdir(join(cache, 'runs'))).toEqual([]);
    expect((await readdir(join(cache, 'logs'))).filter((f) => f === 'build-old.log')).toEqual([]);
    expect(await realTags()).toEqual(before);
    const again = await cli(['cache', 'prune', '--match', 'deploybench/cache-test-*'], env);
    expect(again.stdout.trim()).toBe('freed 0 B (nothing unused)');
  });

  it('doctor warns when the cache dir has under 10 GiB free', async () => {
    const small = await mkdtemp(join(tmpdir(), 'deploybench-small-'));
    await execa('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', small]);
    try {
      const r = await cli(['doctor'], { DEPLOYBENCH_CACHE_DIR: small });
      expect(r.stdout).toMatch(
        new RegExp(
          `^WARN  disk +0\\.1 GiB free on the filesystem of the cache dir ${small} \\(under 10 GiB: builds and exports may fail\\)$`,
          'm',
        ),
      );
      expect(r.stdout).toMatch(/fix: `deploybench cache` shows what the caches hold/);
    } finally {
      await execa('umount', [small]);
      await rm(small, { recursive: true, force: true });
    }
  });
});
