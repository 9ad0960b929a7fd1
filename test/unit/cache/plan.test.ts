import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../../harness/render/units.ts';
import { planCache, type CacheInventory, type CurrentStack } from '../../../harness/cache/plan.ts';
import { globMatch } from '../../../harness/cache/prune.ts';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const DAY = 86_400_000;

const stacks: CurrentStack[] = [
  {
    name: 'torch-2.6-debian13',
    tag: 'deploybench/torch-2.6-debian13:aaaaaaaaaaaa',
    baseTag: 'deploybench-base:trixie-111111111111',
    suite: 'trixie',
  },
  {
    name: 'cuda',
    tag: 'deploybench/cuda:cccccccccccc',
    baseTag: 'nvidia/cuda:11.8.0-runtime-ubuntu22.04',
    suite: null,
  },
];

const inventory: CacheInventory = {
  images: [
    { tag: 'deploybench/torch-2.6-debian13:aaaaaaaaaaaa', id: 'sha256:a1', sizeBytes: 1300 },
    { tag: 'deploybench/torch-2.6-debian13:000000000000', id: 'sha256:a0', sizeBytes: 1200 },
    { tag: 'deploybench/gone-stack:bbbbbbbbbbbb', id: 'sha256:b1', sizeBytes: 900 },
    { tag: 'deploybench/gone-stack:dddddddddddd', id: 'sha256:d1', sizeBytes: 900 },
    { tag: 'deploybench-base:trixie-111111111111', id: 'sha256:t1', sizeBytes: 1000 },
    { tag: 'deploybench-base:bookworm-222222222222', id: 'sha256:w1', sizeBytes: 1000 },
  ],
  allImages: [
    { id: 'sha256:a1', name: 'deploybench/torch-2.6-debian13:aaaaaaaaaaaa' },
    { id: 'sha256:e1eeeeeeeeeeeeeeeeeeeeeeeeeeeee', name: 'someone/else:1' },
  ],
  containerImageIds: ['sha256:d1'],
  exports: [
    { name: 'e1eeeeeeeeeeeeeeeeeeeeee', sizeBytes: 50 },
    { name: 'f0f0f0f0f0f0f0f0f0f0f0f0', sizeBytes: 60 },
    { name: 'f0f0f0f0f0f0f0f0f0f0f0f0.tmp-123', sizeBytes: 5, ownerAlive: false },
    { name: 'f1f1f1f1f1f1f1f1f1f1f1f1.tmp-456', sizeBytes: 7, ownerAlive: true },
  ],
  debs: [
    { name: 'trixie', sizeBytes: 200 },
    { name: 'bookworm', sizeBytes: 300 },
  ],
  logs: [
    { name: 'build-new.log', sizeBytes: 10, modifiedMs: NOW - 2 * DAY },
    { name: 'build-old.log', sizeBytes: 20, modifiedMs: NOW - 30 * DAY },
  ],
  runRoots: [
    { name: 'x-bare-metal-train-123-abc-1', sizeBytes: 3, ownerAlive: false },
    { name: 'x-bare-metal-train-456-abc-2', sizeBytes: 4, ownerAlive: true },
  ],
  scratch: [{ name: 'deploybench-base_trixie-1-99', sizeBytes: 8, ownerAlive: false }],
};

describe('planCache: what is unused', () => {
  const items = planCache(inventory, stacks, { nowMs: NOW, logDays: 14 });
  const unused = items.filter((i) => i.usedBy.length === 0);

  it('lists exactly the unused things, stack images before bases, then exports, debs, logs, roots', () => {
    expect(unused.map((i) => [i.kind, i.name, i.unused])).toEqual([
      ['image', 'deploybench/gone-stack:bbbbbbbbbbbb', 'no current stack has this tag'],
      ['image', 'deploybench/torch-2.6-debian13:000000000000', 'an old build of torch-2.6-debian13'],
      ['base', 'deploybench-base:bookworm-222222222222', 'no current stack is built on it'],
      ['export', 'rootfs/f0f0f0f0f0f0f0f0f0f0f0f0', 'its image no longer exists'],
      ['export', 'rootfs/f0f0f0f0f0f0f0f0f0f0f0f0.tmp-123', 'left by a harness that died'],
      ['debs', 'debs/bookworm', 'no current stack is based on bookworm'],
      ['log', 'logs/build-old.log', 'older than 14 days'],
      ['run-root', 'runs/x-bare-metal-train-123-abc-1', 'left by a harness that died'],
      ['scratch', 'debootstrap/deploybench-base_trixie-1-99', 'left by a harness that died'],
    ]);
  });

  it('says what uses the rest', () => {
    const used = Object.fromEntries(items.filter((i) => i.usedBy.length > 0).map((i) => [i.name, i.usedBy]));
    expect(used).toEqual({
      'deploybench/torch-2.6-debian13:aaaaaaaaaaaa': ['stack torch-2.6-debian13'],
      'deploybench/gone-stack:dddddddddddd': ['a container'],
      'deploybench-base:trixie-111111111111': ['base of torch-2.6-debian13'],
      'rootfs/e1eeeeeeeeeeeeeeeeeeeeee': ['export of someone/else:1'],
      'rootfs/f1f1f1f1f1f1f1f1f1f1f1f1.tmp-456': ['an export being made'],
      'debs/trixie': ['stack torch-2.6-debian13'],
      'logs/build-new.log': ['kept 14 days'],
      'runs/x-bare-metal-train-456-abc-2': ['a running harness'],
    });
  });

  it('keeps every image when each is some stack tag or base, whatever its age', () => {
    const only = {
      ...inventory,
      images: inventory.images.slice(0, 1),
      allImages: [],
      exports: [],
      debs: [],
      logs: [],
      runRoots: [],
      scratch: [],
    };
    expect(planCache(only, stacks, { nowMs: NOW, logDays: 14 }).every((i) => i.usedBy.length > 0)).toBe(true);
  });

  it('counts a log as old only past the given number of days', () => {
    expect(
      planCache(inventory, stacks, { nowMs: NOW, logDays: 1 }).filter((i) => i.kind === 'log' && i.usedBy.length === 0),
    ).toHaveLength(2);
    expect(
      planCache(inventory, stacks, { nowMs: NOW, logDays: 60 }).filter(
        (i) => i.kind === 'log' && i.usedBy.length === 0,
      ),
    ).toHaveLength(0);
  });
});

describe('formatBytes and globMatch', () => {
  it('formats sizes in binary units, as everything deploybench prints', () => {
    expect([0, 999, 1000, 1024, 12_345, 1_340_000_000].map(formatBytes)).toEqual([
      '0 B',
      '999 B',
      '1000 B',
      '1.00 KiB',
      '12.1 KiB',
      '1.25 GiB',
    ]);
  });
  it('matches whole tags with * wildcards only', () => {
    expect(globMatch('deploybench/torch-1.13*', 'deploybench/torch-1.13-debian12:abc')).toBe(true);
    expect(globMatch('deploybench/torch-1.13*', 'xdeploybench/torch-1.13-debian12:abc')).toBe(false);
    expect(globMatch('deploybench/a.b:*', 'deploybench/aXb:1')).toBe(false);
  });
});
