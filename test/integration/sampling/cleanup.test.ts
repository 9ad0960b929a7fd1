import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { cgroupLayout } from '../../../harness/sampling/cgroup-mounts.ts';
import { isDeadPid } from '../../../harness/sampling/cgroup-tree.ts';
import { buildFixtures, FIXTURES_DIR, type FixtureProgram } from '../../fixtures/build.ts';
import { testCgroupId } from '../../fixtures/measure.ts';
import { skipWithoutRoot } from './env.ts';

const exists = (p: string): Promise<boolean> =>
  access(p).then(
    () => true,
    () => false,
  );
// A killed orphan may stay a zombie until init reaps it: that is dead too.
const alive = async (pid: number): Promise<boolean> => !(await isDeadPid(pid));

describe.skipIf(skipWithoutRoot())('cleanup when the harness dies (installCgroupCleanup)', () => {
  let bin: Record<FixtureProgram, string>;
  beforeAll(async () => {
    bin = await buildFixtures();
  });

  async function holder(
    mode: 'wait' | 'exit',
    onReady: (child: ReturnType<typeof execa>) => void,
  ): Promise<{ id: string; jobPid: number; exitCode: number | undefined }> {
    const id = testCgroupId(`holder-${mode}`);
    const child = execa(
      process.execPath,
      ['harness/cli/tsnode.js', join(FIXTURES_DIR, 'cgroup-holder.ts'), id, mode, bin.ignoreterm],
      { reject: false },
    );
    const jobPid = await new Promise<number>((resolve, reject) => {
      child.stdout?.on('data', (d: Buffer) => {
        const m = /ready (\d+)/.exec(d.toString());
        if (m) {
          resolve(Number(m[1]));
          onReady(child);
        }
      });
      void child.then((r) => reject(new Error(`holder ended before it was ready: ${r.stderr}`)));
    });
    return { id, jobPid, exitCode: (await child).exitCode };
  }

  it('on Ctrl-C (SIGINT): kills the job, removes the cgroup, exits 130', async () => {
    const r = await holder('wait', (child) => child.kill('SIGINT'));
    expect(r.exitCode).toBe(130);
    expect(await alive(r.jobPid)).toBe(false);
    for (const root of (await cgroupLayout()).allRoots)
      expect(await exists(join(root, 'deploybench', r.id))).toBe(false);
  });

  it('on a plain exit without remove(): the exit hook cleans up synchronously', async () => {
    const r = await holder('exit', () => undefined);
    expect(r.exitCode).toBe(0);
    await new Promise((res) => setTimeout(res, 100));
    expect(await alive(r.jobPid)).toBe(false);
    for (const root of (await cgroupLayout()).allRoots)
      expect(await exists(join(root, 'deploybench', r.id))).toBe(false);
  });
});
