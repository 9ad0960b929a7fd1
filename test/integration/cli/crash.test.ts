import { mkdir, rmdir, stat } from 'node:fs/promises';
import { execa, type ResultPromise } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../harness/core/paths.ts';
import { KILL_GRACE_MS } from '../../../harness/executors/supervise.ts';
import type { RunRecord } from '../../../harness/results/schema.ts';
import { buildFixtures, FIXTURE_BIN_DIR } from '../../fixtures/build.ts';
import { BIN, cli } from '../../helpers/cli.ts';
import { skipWithoutDocker } from '../../helpers/env.ts';
import {
  leftoverCgroups,
  leftoverContainers,
  leftoverMounts,
  leftoverRunRoots,
  processesMatching,
} from '../../helpers/leftovers.ts';
import { scratchImage } from '../../helpers/scratch-image.ts';

const skip = await skipWithoutDocker();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// Starts `deploybench measure` and resolves once the job has printed "ready" (measure forwards job output to stderr).
// (Wrapped in an object: an async function returning the child itself would wait for it to end.)
async function startMeasure(args: string[]): Promise<{ child: ResultPromise<{ reject: false; all: true }> }> {
  const child = execa('node', [BIN, 'measure', '--json', ...args], { reject: false, all: true, cwd: PROJECT_ROOT });
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    child.stderr.on('data', (d: Buffer) => {
      seen += d.toString();
      if (seen.includes('ready')) resolve();
    });
    void child.then((r) => reject(new Error(`measure ended before the job was ready:\n${r.all}`)));
  });
  return { child };
}

// Milliseconds until no process matches `needle` (at most `limitMs`).
async function goneAfter(needle: string, limitMs: number): Promise<number> {
  const t0 = performance.now();
  while ((await processesMatching(needle)).length > 0 && performance.now() - t0 < limitMs) await sleep(50);
  return performance.now() - t0;
}

describe.skipIf(skip)('a SIGKILLed harness: the job dies with it, the next start removes what it left', () => {
  let image = '';
  beforeAll(async () => {
    await buildFixtures();
    image = await scratchImage(FIXTURE_BIN_DIR);
  });

  for (const [name, extra] of [
    ['container', [] as string[]],
    ['bare metal', ['--deployment', 'bare-metal']],
  ] as const) {
    it(`${name}: a job that ignores SIGTERM is gone within the grace period, and the next measure removes and names every leftover`, async () => {
      const marker = `${60 + Math.floor(Math.random() * 1000)}`;
      const { child } = await startMeasure(['--image', image, ...extra, '--', 'ignoreterm', '--seconds', marker]);
      const pid = child.pid!;
      expect(await processesMatching(`ignoreterm --seconds ${marker}`)).not.toEqual([]);
      child.kill('SIGKILL');
      await child;
      const ms = await goneAfter(`ignoreterm --seconds ${marker}`, KILL_GRACE_MS + 5000);
      expect(ms).toBeLessThan(KILL_GRACE_MS + 2000);
      // What the dead harness left: its cgroup, and its container or its mounted run root.
      expect((await leftoverCgroups()).some((c) => c.includes(`measure-${pid}-`))).toBe(true);
      if (name === 'container') expect((await leftoverContainers()).length).toBeGreaterThan(0);
      else expect((await leftoverMounts()).some((m) => m.includes(`measure-${pid}-`))).toBe(true);

      const next = await cli(['measure', '--image', image, ...extra, '--', 'true']);
      expect(next.exitCode, next.all).toBe(0);
      const line =
        next.stderr
          .split('\n')
          .find((l) => l.startsWith('removed leftovers of deploybench runs whose harness died: ')) ?? '';
      expect(line, next.stderr).toContain(`measure-${pid}-`);
      expect(line).toMatch(/\d+ cgroups? \(/);
      expect(line).toMatch(
        name === 'container'
          ? /1 container \(measure-/
          : /1 bare-metal run root \(measure-\d+-[0-9a-z]+-1\), mounts undone/,
      );
      expect(await leftoverContainers()).toEqual([]);
      expect(await leftoverCgroups()).toEqual([]);
      expect(await leftoverMounts()).toEqual([]);
      expect(await leftoverRunRoots()).toEqual([]);
    });
  }

  it("leaves a live harness's cgroup alone (another campaign running now)", async () => {
    // Owned by this test process, which is alive, and made after it started.
    const dir = `/sys/fs/cgroup/memory/deploybench/measure-${process.pid}-${Date.now().toString(36)}-1`;
    await mkdir(dir, { recursive: true });
    try {
      const r = await cli(['measure', '--', 'true']);
      expect(r.exitCode, r.all).toBe(0);
      expect(r.stderr).not.toContain(`measure-${process.pid}-`);
      expect((await stat(dir)).isDirectory()).toBe(true);
    } finally {
      await rmdir(dir);
    }
  });
});

describe.skipIf(skip)('a job that exits by itself during the grace period after SIGTERM keeps its real status', () => {
  let image = '';
  beforeAll(async () => {
    image = await scratchImage((await buildFixtures(), FIXTURE_BIN_DIR));
  });
  const trap = (code: number): string[] => [
    'sh',
    '-c',
    `trap 'exit ${code}' TERM; echo ready; while :; do sleep 0.1; done`,
  ];

  for (const [name, extra] of [
    ['host process', () => []],
    ['container', () => ['--image', image]],
    ['bare metal', () => ['--image', image, '--deployment', 'bare-metal']],
  ] as const) {
    it(`${name}: Ctrl-C, the job traps SIGTERM and exits 0: status ok, exit code 0`, async () => {
      const { child } = await startMeasure([...extra(), '--', ...trap(0)]);
      child.kill('SIGINT');
      const r = await child;
      const record = JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as RunRecord;
      expect(record.status, r.all).toBe('ok');
      expect(record.exitCode).toBe(0);
      expect(record.error).toBeNull();
      expect(r.exitCode).toBe(0);
    });
  }

  it('host process: at the timeout the job traps SIGTERM and exits 3: status failed, exit code 3', async () => {
    const r = await cli(['measure', '--json', '--timeout', '1', '--', ...trap(3)]);
    const record = JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as RunRecord;
    expect(record.status, r.all).toBe('failed');
    expect(record.exitCode).toBe(3);
    expect(record.error).toBe('exited with code 3');
  });
});
