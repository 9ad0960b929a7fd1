// runCampaign in-process with fake executors (test/helpers/fake-executor.ts): the order of runs, failure
// isolation, --bail and a failing prepare, asserted on what the executors saw and on the files written.
// The figures in the records are the fake's, not measurements.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { HarnessError } from '../../../harness/core/errors.ts';
import { FAKE_FRAMEWORK, type FakeCall } from '../../helpers/fake-executor.ts';
import {
  A,
  B,
  C,
  D,
  freshResults,
  isolateFromHost,
  jobKeys,
  onlyCampaign,
  readBack,
  round,
  runFake,
  STACKS,
  writeMatrix,
} from '../../helpers/fake-campaign.ts';

// A unit test touches nothing outside its temp folders: not the host's cgroup tree (the runner removes
// stale job cgroups at start, as root) and not the Docker engine (the host fingerprint asks it).
vi.mock('../../../harness/sampling/cgroup-stale.ts', () => ({
  cleanupStaleCgroups: () => Promise.resolve({ removed: [], kept: [] }),
}));
isolateFromHost();

const indexKey = (e: { scenario: string; job: string; rep: number; warmup: boolean }): string =>
  `${e.warmup ? 'w' : 'r'}${e.rep} ${e.scenario}/${e.job}`;
const failCTrain1 = (c: FakeCall) =>
  c.kind === 'job' && c.scenario === C && c.job === 'train' && c.rep === 1 && !c.warmup
    ? { exitCode: 3, log: ['loading', 'ValueError: boom'] }
    : undefined;

describe('runCampaign with fake executors', () => {
  it('runs warmups first, then each repetition with the scenario order rotated by one', async () => {
    await freshResults();
    const matrixFile = await writeMatrix('repetitions: 3\nwarmup: 1');
    const { fake, result, error } = await runFake({ matrixFile }, (c) =>
      c.job === 'train' ? { result: { schemaVersion: 1, metrics: { accuracy: 0.9 } } } : undefined,
    );
    expect(error).toBeNull();
    const expected = [
      ...round('w1', [A, B, C, D]),
      ...round('r1', [A, B, C, D]),
      ...round('r2', [B, C, D, A]),
      ...round('r3', [C, D, A, B]),
    ];
    expect(jobKeys(fake.calls)).toEqual(expected);
    // One framework probe per scenario, before any measured job; no prepare in this matrix.
    expect(fake.calls.slice(0, 4).map((c) => `${c.kind} ${c.scenario}`)).toEqual([A, B, C, D].map((s) => `probe ${s}`));
    expect(fake.calls.filter((c) => c.kind !== 'job')).toHaveLength(4);
    expect(fake.prepared).toEqual([A, B, C, D]);
    expect(fake.disposed).toEqual([A, B, C, D]);

    const r = result!;
    expect(r.campaign.state).toBe('complete');
    expect(r.campaign.runs.map(indexKey)).toEqual(expected);
    expect(r.records.map((x) => x.status)).toEqual(expected.map(() => 'ok'));
    const first = r.records.find((x) => !x.warmup && x.scenario === A && x.job.name === 'train')!;
    expect(first).toMatchObject({
      executor: 'fake-bare-metal',
      image: 'fake/torch-1.13-debian12',
      exitCode: 0,
      wallSeconds: 1,
      filesystemWrites: null,
      gpu: null,
    });
    expect(first.cpu).toMatchObject({ avgPercent: 100, totalSeconds: 1, hostAvgPercent: 50 });
    expect(first.memory).toMatchObject({ peakBytes: 64 * 1024 * 1024, oomKills: 0 });
    expect(first.samples).toEqual({ count: 10, intervalMs: 100, file: 'rep-1.samples.ndjson' });
    // The job's own result.json (written into /out by the fake) and the probe's fingerprint reach the record.
    expect(first.job).toMatchObject({
      name: 'train',
      reported: true,
      metrics: { accuracy: 0.9 },
      framework: FAKE_FRAMEWORK,
      frameworkSource: 'probe',
    });
    expect(r.records.find((x) => x.job.name === 'infer')!.job.reported).toBe(false);
    expect(r.campaign.frameworks).toEqual(Object.fromEntries([A, B, C, D].map((s) => [s, FAKE_FRAMEWORK])));
    expect((await readBack(r.dir)).indexMatchesRecords).toBe(true);
  });

  it('--stacks replaces the matrix stacks: only their scenarios run, and campaign.json stores the matrix as run', async () => {
    await freshResults();
    const matrixFile = await writeMatrix('repetitions: 1\nwarmup: 0');
    const { fake, result, error } = await runFake({ matrixFile, stacks: [STACKS[1]] });
    expect(error).toBeNull();
    expect(jobKeys(fake.calls)).toEqual(round('r1', [C, D]));
    expect(result!.campaign.matrix.stacks).toEqual([STACKS[1]]);
    expect((await readBack(result!.dir)).campaign.matrix.stacks).toEqual([STACKS[1]]);
  });

  it('records a failing run (exit 3) as failed and runs every other one', async () => {
    await freshResults();
    const matrixFile = await writeMatrix('repetitions: 2\nwarmup: 0');
    const { fake, result, error } = await runFake({ matrixFile }, failCTrain1);
    expect(error).toBeNull();
    expect(jobKeys(fake.calls)).toEqual([...round('r1', [A, B, C, D]), ...round('r2', [B, C, D, A])]);
    const r = result!;
    expect(r.campaign.state).toBe('complete');
    const failed = r.records.filter((x) => x.status !== 'ok');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      scenario: C,
      job: { name: 'train' },
      rep: 1,
      status: 'failed',
      exitCode: 3,
      error: 'exited with code 3',
      logTail: ['loading', 'ValueError: boom'],
    });
    expect(r.records.filter((x) => x.status === 'ok')).toHaveLength(15);

    const back = await readBack(r.dir);
    expect(back.campaign.state).toBe('complete');
    expect(back.indexMatchesRecords).toBe(true);
    expect(back.campaign.runs).toHaveLength(16);
    expect(back.campaign.runs.filter((e) => e.status === 'failed').map((e) => e.file)).toEqual([
      join('runs', C, 'train', 'rep-1.json'),
    ]);
    expect(back.runs.map((x) => x.record.status).sort()).toEqual(r.records.map((x) => x.status).sort());
  });

  it('--bail stops at the first run that is not ok, with a HarnessError, and marks the campaign failed', async () => {
    const results = await freshResults();
    const matrixFile = await writeMatrix('repetitions: 2\nwarmup: 0');
    const { fake, result, error } = await runFake({ matrixFile, bail: true }, failCTrain1);
    expect(result).toBeNull();
    expect(error).toBeInstanceOf(HarnessError);
    expect((error as HarnessError).message).toBe(
      `stopping at the first failure (--bail): ${C} train rep 1: exited with code 3`,
    );
    // A and B ran, C train failed: nothing after it was executed.
    expect(jobKeys(fake.calls)).toEqual([...round('r1', [A, B]), `r1 ${C}/train`]);
    expect(fake.disposed).toEqual([A, B, C, D]);

    const back = await readBack(await onlyCampaign(results));
    expect(back.campaign.state).toBe('failed');
    expect(back.campaign.endedAt).not.toBeNull();
    expect(back.indexMatchesRecords).toBe(true);
    expect(back.campaign.runs.map((e) => `${indexKey(e)} ${e.status}`)).toEqual([
      ...round('r1', [A, B]).map((k) => `${k} ok`),
      `r1 ${C}/train failed`,
    ]);
  });

  it("records a stack's runs as failed with the error when its prepare fails; the other stack runs", async () => {
    await freshResults();
    const matrixFile = await writeMatrix('repetitions: 1\nwarmup: 0', { prepare: true });
    const { fake, result, error } = await runFake({ matrixFile }, (c) =>
      c.kind === 'prepare' && c.stack === STACKS[0]
        ? { exitCode: 1, log: ['Traceback (most recent call last):', "ModuleNotFoundError: No module named 'sklearn'"] }
        : undefined,
    );
    expect(error).toBeNull();
    // prepare runs once per stack, in its container; the broken stack is neither probed nor run.
    expect(fake.calls.filter((c) => c.kind !== 'job').map((c) => `${c.kind} ${c.scenario}`)).toEqual([
      `prepare ${B}`,
      `prepare ${D}`,
      `probe ${C}`,
      `probe ${D}`,
    ]);
    expect(jobKeys(fake.calls)).toEqual(round('r1', [C, D]));
    const r = result!;
    expect(r.campaign.state).toBe('complete');
    const broken = r.records.filter((x) => x.stack === STACKS[0]);
    expect(broken.map((x) => `${x.scenario}/${x.job.name} ${x.status}`)).toEqual(
      round('r1', [A, B]).map((k) => `${k.slice(3)} failed`),
    );
    for (const x of broken) {
      expect(x.exitCode).toBeNull();
      expect(x.error).toMatch(
        /^prepare failed on fake-container \(exited with code 1\); last lines of .*torch-1\.13-debian12\.prepare\.log:\nTraceback \(most recent call last\):\nModuleNotFoundError: No module named 'sklearn'$/,
      );
    }
    expect(r.records.filter((x) => x.stack === STACKS[1]).map((x) => x.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
    // The good stack's jobs see its prepare output read-only at /shared, and it is marked complete (kept by --resume).
    const shared = join(r.dir, 'shared', STACKS[1]);
    for (const c of fake.calls.filter((x) => x.kind === 'job'))
      expect(c.spec.binds).toContainEqual({ host: shared, path: '/shared', readOnly: true });
    await expect(stat(join(r.dir, 'shared', `.${STACKS[1]}.complete`))).resolves.toBeTruthy();
    await expect(stat(join(r.dir, 'shared', `.${STACKS[0]}.complete`))).rejects.toThrow(/ENOENT/);
    expect((await readBack(r.dir)).indexMatchesRecords).toBe(true);
  });
});
