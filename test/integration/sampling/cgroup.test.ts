import { access, mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanupStaleCgroups, createJobCgroup, detectCgroupVersion } from '../../../harness/sampling/cgroup.ts';
import { cgroupLayout } from '../../../harness/sampling/cgroup-mounts.ts';
import { HarnessError } from '../../../harness/core/errors.ts';
import { buildFixtures, type FixtureProgram } from '../../fixtures/build.ts';
import { testCgroupId } from '../../fixtures/measure.ts';
import { skipWithoutRoot } from './env.ts';

const exists = (p: string): Promise<boolean> =>
  access(p).then(
    () => true,
    () => false,
  );
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe.skipIf(skipWithoutRoot())('job cgroups', () => {
  let bin: Record<FixtureProgram, string>;
  beforeAll(async () => {
    bin = await buildFixtures();
  });

  it('detects the cgroup version from /sys/fs/cgroup/cgroup.controllers', async () => {
    expect(await detectCgroupVersion()).toBe((await exists('/sys/fs/cgroup/cgroup.controllers')) ? 2 : 1);
  });

  it('puts a wrapped command in the cgroup before it execs, with its children, and removes every trace', async () => {
    const layout = await cgroupLayout();
    const cg = await createJobCgroup(testCgroupId('wrap'));
    expect(cg.dockerCgroupParent).toBe(cg.relPath);
    expect(cg.relPath).toMatch(/^\/deploybench\/test-wrap-/);
    const [file, ...args] = cg.wrapCommand([
      bin.forker,
      '--children',
      '3',
      '--seconds',
      '1.5',
      '--mb',
      '1',
      '--percent',
      '5',
    ]) as [string, ...string[]];
    const child = execa(file, args);
    await sleep(500);
    const pids = await cg.pids();
    expect(pids).toContain(child.pid);
    expect(pids).toHaveLength(4);
    const ownCgroup = await readFile(`/proc/${child.pid}/cgroup`, 'utf8');
    expect(ownCgroup).toContain(cg.relPath);
    await child;
    expect(await cg.pids()).toEqual([]);
    await cg.remove();
    await cg.remove(); // twice is fine
    for (const root of layout.allRoots) expect(await exists(join(root, cg.relPath))).toBe(false);
  });

  it('kills the whole tree, also a process that ignores SIGTERM and an orphan that outlived its parent', async () => {
    const cg = await createJobCgroup(testCgroupId('kill'));
    const [f1, ...a1] = cg.wrapCommand([bin.ignoreterm, '--seconds', '60']) as [string, ...string[]];
    const stubborn = execa(f1, a1, { reject: false });
    const [f2, ...a2] = cg.wrapCommand([bin.forkexit, '--child-seconds', '60']) as [string, ...string[]];
    const orphanPid = Number((await execa(f2, a2)).stdout.trim());
    await sleep(200);
    stubborn.kill('SIGTERM');
    await sleep(100);
    expect(await cg.pids()).toEqual(expect.arrayContaining([stubborn.pid, orphanPid]));
    await cg.killAll();
    expect(await cg.pids()).toEqual([]);
    expect((await stubborn).signal).toBe('SIGKILL');
    await cg.remove();
  });

  it('remove() kills what is left and waits for the cgroup to drain', async () => {
    const cg = await createJobCgroup(testCgroupId('drain'));
    const [file, ...args] = cg.wrapCommand([bin.spin, '--threads', '2', '--seconds', '30']) as [string, ...string[]];
    const child = execa(file, args, { reject: false });
    await sleep(200);
    await cg.remove();
    expect((await child).signal).toBe('SIGKILL');
  });

  it('fails with exit code 125 and a message when the process cannot enter the cgroup', async () => {
    const cg = await createJobCgroup(testCgroupId('gone'));
    const argv = cg.wrapCommand([bin.exitcode, '0']);
    await cg.remove();
    const [file, ...args] = argv as [string, ...string[]];
    const r = await execa(file, args, { reject: false });
    expect(r.exitCode).toBe(125);
    expect(r.stderr).toContain(`deploybench: cannot enter cgroup ${cg.relPath}`);
  });

  it('passes the exit code of the command through', async () => {
    const cg = await createJobCgroup(testCgroupId('exit'));
    const [file, ...args] = cg.wrapCommand([bin.exitcode, '7']) as [string, ...string[]];
    expect((await execa(file, args, { reject: false })).exitCode).toBe(7);
    await cg.remove();
  });

  it('rejects ids that are not safe path components', async () => {
    await expect(createJobCgroup('../etc')).rejects.toThrow(HarnessError);
    await expect(createJobCgroup("a'b")).rejects.toThrow('Invalid job cgroup id');
  });

  it('cleans up stale cgroups (empty, old enough) but never one with a live process', async () => {
    const layout = await cgroupLayout();
    const stale = join(layout.memoryRoot, 'deploybench', testCgroupId('stale'));
    await mkdir(join(stale, 'child'), { recursive: true });
    const busy = await createJobCgroup(testCgroupId('busy'));
    const [file, ...args] = busy.wrapCommand([bin.ignoreterm, '--seconds', '30']) as [string, ...string[]];
    const child = execa(file, args, { reject: false });
    await sleep(200);
    const young = await cleanupStaleCgroups();
    expect(young.removed).not.toContain(stale);
    const result = await cleanupStaleCgroups({ minAgeMs: 0 });
    expect(result.removed).toContain(stale);
    expect(result.kept).toContain(busy.memoryDir);
    expect(await exists(stale)).toBe(false);
    expect(await busy.pids()).toEqual([child.pid]);
    await busy.remove();
  });

  it('leaves no test cgroup behind', async () => {
    const layout = await cgroupLayout();
    for (const root of layout.allRoots) {
      const left = await readdir(join(root, 'deploybench')).catch(() => []);
      expect(left.filter((n) => n.startsWith('test-') && n.includes(`-${process.pid}-`))).toEqual([]);
    }
  });
});
