import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFixtures, FIXTURE_BIN_DIR } from '../../fixtures/build.ts';
import { cli } from '../../helpers/cli.ts';
import { skipWithoutDocker } from '../../helpers/env.ts';
import { leftoverCgroups, leftoverContainers, leftoverMounts, processesMatching } from '../../helpers/leftovers.ts';
import { scratchImage } from '../../helpers/scratch-image.ts';
import type { RunRecord } from '../../../harness/results/schema.ts';

const skip = await skipWithoutDocker();

async function measure(args: string[]): Promise<{ record: RunRecord; exitCode: number | undefined }> {
  const r = await cli(['measure', '--json', ...args]);
  const last = r.stdout.trim().split('\n').pop() ?? '';
  let record: RunRecord;
  try {
    record = JSON.parse(last) as RunRecord;
  } catch {
    throw new Error(`no JSON run record on stdout:\n${r.all}`);
  }
  return { record, exitCode: r.exitCode };
}

describe.skipIf(skip)('deploybench measure (real processes, real Docker, real cgroups)', () => {
  let image = '';
  beforeAll(async () => {
    await buildFixtures();
    image = await scratchImage(FIXTURE_BIN_DIR);
  });

  const modes: [string, () => string[]][] = [
    ['host process', () => []],
    ['container (--image)', () => ['--image', image]],
    ['bare metal in the image filesystem', () => ['--image', image, '--deployment', 'bare-metal']],
  ];

  for (const [name, extra] of modes) {
    it(`${name}: wall time of a 1.5 s sleep within 10% + 0.5 s, status ok`, async () => {
      const { record, exitCode } = await measure([...extra(), '--', 'sleep', '1.5']);
      expect(record.status).toBe('ok');
      expect(exitCode).toBe(0);
      expect(record.exitCode).toBe(0);
      expect(Math.abs(record.wallSeconds - 1.5)).toBeLessThanOrEqual(0.15 + 0.5);
      expect(record.wallSeconds).toBeGreaterThanOrEqual(1.5);
      expect(record.gpu).toBeNull();
      expect(record.samples.count).toBeGreaterThan(5);
    });

    it(`${name}: exit code 3 gives status failed and exitCode 3`, async () => {
      const { record, exitCode } = await measure([...extra(), '--', 'sh', '-c', 'exit 3']);
      expect(record.status).toBe('failed');
      expect(record.exitCode).toBe(3);
      expect(record.error).toContain('exited with code 3');
      expect(exitCode).toBe(1);
    });

    it(`${name}: a command past --timeout is killed, status timeout, nothing left behind`, async () => {
      const marker = `${4242 + Math.floor(Math.random() * 1000)}`;
      const { record } = await measure([...extra(), '--timeout', '1', '--', 'sleep', marker]);
      expect(record.status).toBe('timeout');
      expect(record.wallSeconds).toBeGreaterThanOrEqual(1);
      expect(record.wallSeconds).toBeLessThan(6);
      expect(await processesMatching(`sleep ${marker}`)).toEqual([]);
      expect(await leftoverContainers()).toEqual([]);
      expect(await leftoverCgroups()).toEqual([]);
      expect(await leftoverMounts()).toEqual([]);
    });
  }

  for (const [name, extra] of modes) {
    it(`${name}: a job killed by the OOM killer is recorded as oom`, async () => {
      const alloc = extra().length === 0 ? `${FIXTURE_BIN_DIR}/alloc` : '/bin/alloc';
      const { record } = await measure([
        ...extra(),
        '--memory-limit',
        '100',
        '--',
        alloc,
        '--mb',
        '400',
        '--seconds',
        '1',
      ]);
      expect(record.status).toBe('oom');
      expect(record.signal).toBe('SIGKILL');
      expect(record.error).toContain('OOM killer');
      expect(record.memory.cgroupPeakBytes).toBeLessThanOrEqual(101 * 1024 * 1024);
      expect(await leftoverContainers()).toEqual([]);
      expect(await leftoverCgroups()).toEqual([]);
    });

    it(`${name}: a job that forks and exits leaves no child behind`, async () => {
      const forkexit = extra().length === 0 ? `${FIXTURE_BIN_DIR}/forkexit` : '/bin/forkexit';
      const r = await cli(['measure', '--json', ...extra(), '--', forkexit, '--child-seconds', '30']);
      const record = JSON.parse(r.stdout.trim().split('\n').pop()!) as RunRecord;
      expect(record.status, r.all).toBe('ok');
      const child = Number(/^(\d+)$/m.exec(r.stderr)?.[1]);
      expect(child).toBeGreaterThan(0);
      // A container's PIDs are its namespace's; there the engine ends the orphan with the container.
      if (!extra().includes('--image') || extra().includes('bare-metal')) {
        const alive = await readFile(`/proc/${child}/status`, 'utf8').then(
          (t) => !/State:\s+Z/.test(t),
          () => false,
        );
        expect(alive).toBe(false);
      }
      expect(record.wallSeconds).toBeLessThan(5);
      expect(await leftoverCgroups()).toEqual([]);
    });
  }

  it('a job that ignores SIGTERM is killed with SIGKILL at the timeout', async () => {
    const { record } = await measure(['--image', image, '--timeout', '1', '--', 'ignoreterm', '--seconds', '60']);
    expect(record.status).toBe('timeout');
    expect(record.wallSeconds).toBeLessThan(8);
    expect(await leftoverContainers()).toEqual([]);
  });

  it('refuses a missing command with a usage error and no stack trace', async () => {
    const r = await cli(['measure', '--json']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('no command to measure');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
