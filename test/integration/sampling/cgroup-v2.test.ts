import { access, readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { createJobCgroup } from '../../../harness/sampling/cgroup.ts';
import { detectCgroupVersion, parseCgroupMounts, type CgroupLayout } from '../../../harness/sampling/cgroup-mounts.ts';
import { createSampler } from '../../../harness/sampling/sampler.ts';
import { buildFixtures, type FixtureProgram } from '../../fixtures/build.ts';
import { testCgroupId } from '../../fixtures/measure.ts';
import { skipWithoutRoot } from './env.ts';

const MIB = 1024 * 1024;
const exists = (p: string): Promise<boolean> =>
  access(p).then(
    () => true,
    () => false,
  );

// On a v1 host with a hybrid cgroup2 mount (e.g. /sys/fs/cgroup/unified, no controllers), the v2 code paths
// (cgroup.procs, cpu.stat, cgroup.kill, rmdir) still run for real: cpu.stat is a core v2 file. On a v2 host
// the other integration tests cover v2 and this file has nothing to add.
async function hybridLayout(): Promise<CgroupLayout | null> {
  if ((await detectCgroupVersion()) === 2) return null;
  const unified = parseCgroupMounts(await readFile('/proc/self/mountinfo', 'utf8')).find((m) => m.version === 2);
  if (!unified || !(await exists(join(unified.mountPoint, 'cpu.stat')))) return null;
  return { version: 2, cpuRoot: unified.mountPoint, memoryRoot: unified.mountPoint, allRoots: [unified.mountPoint] };
}

const layout = skipWithoutRoot() ? null : await hybridLayout();

describe.skipIf(layout === null)('cgroup v2 code paths on the hybrid unified hierarchy', () => {
  let bin: Record<FixtureProgram, string>;
  beforeAll(async () => {
    bin = await buildFixtures();
  });

  it('measures CPU from cpu.stat, memory from /proc, and has no memory.peak to read (null, not 0)', async () => {
    const cg = await createJobCgroup(testCgroupId('v2'), { layout: layout as CgroupLayout });
    expect(cg.version).toBe(2);
    const sampler = createSampler({ cgroup: cg, intervalMs: 50, hostCpus: availableParallelism() });
    const [file, ...args] = cg.wrapCommand([
      bin.forker,
      '--children',
      '2',
      '--seconds',
      '1.5',
      '--mb',
      '40',
      '--percent',
      '40',
    ]) as [string, ...string[]];
    sampler.start();
    const t0 = performance.now();
    const done = await execa(file, args);
    const result = await sampler.stop((performance.now() - t0) / 1000);
    const self = (JSON.parse(done.stdout.trim().split('\n').pop() as string) as { cpuSeconds: number }).cpuSeconds;
    expect(result.cpu.totalSeconds).toBeGreaterThan(self * 0.99);
    expect(result.cpu.totalSeconds).toBeLessThan(self * 1.01 + 0.02);
    expect((result.cpu.userSeconds as number) + (result.cpu.systemSeconds as number)).toBeCloseTo(
      result.cpu.totalSeconds as number,
      2,
    );
    expect(result.memory.peakBytes).toBeGreaterThanOrEqual(80 * MIB);
    expect(result.memory.peakBytes).toBeLessThanOrEqual(80 * MIB * 1.02 + 8 * MIB);
    expect(result.memory.cgroupPeakBytes).toBeNull();
    expect(result.memory.oomKills).toBe(0);
    await cg.remove();
    expect(await exists(join(cg.cpuDir))).toBe(false);
  });

  it('kills a tree with cgroup.kill, an orphan included, and removes it', async () => {
    const cg = await createJobCgroup(testCgroupId('v2kill'), { layout: layout as CgroupLayout });
    const [f1, ...a1] = cg.wrapCommand([bin.ignoreterm, '--seconds', '60']) as [string, ...string[]];
    const stubborn = execa(f1, a1, { reject: false });
    const [f2, ...a2] = cg.wrapCommand([bin.forkexit, '--child-seconds', '60']) as [string, ...string[]];
    const orphan = Number((await execa(f2, a2)).stdout.trim());
    await new Promise((r) => setTimeout(r, 200));
    expect(await cg.pids()).toEqual(expect.arrayContaining([stubborn.pid, orphan]));
    await cg.remove();
    expect((await stubborn).signal).toBe('SIGKILL');
    expect(await exists(cg.cpuDir)).toBe(false);
  });
});
