// runCampaign in-process with fake executors (test/helpers/fake-executor.ts): --resume after a failure and
// an interruption, and dynamic repetitions (also across a resume). The wall times are the fake's, chosen
// to be noisy or steady; nothing is measured.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { RunRecord } from '../../../harness/results/schema.ts';
import { callKey, type FakeCall, type FakeStep } from '../../helpers/fake-executor.ts';
import {
  A,
  B,
  C,
  D,
  freshResults,
  isolateFromHost,
  infoRecorder,
  jobKeys,
  onlyCampaign,
  readBack,
  round,
  runFake,
  writeMatrix,
} from '../../helpers/fake-campaign.ts';

// A unit test touches nothing outside its temp folders: not the host's cgroup tree (the runner removes
// stale job cgroups at start, as root) and not the Docker engine (the host fingerprint asks it).
vi.mock('../../../harness/sampling/cgroup-stale.ts', () => ({
  cleanupStaleCgroups: () => Promise.resolve({ removed: [], kept: [] }),
}));
isolateFromHost();

const repsOf = (records: RunRecord[]): Record<string, number[]> => {
  const out: Record<string, number[]> = {};
  for (const r of records) (out[`${r.scenario}/${r.job.name}`] ??= []).push(r.rep);
  return out;
};

// Noisy: C train alternates 1 s and 3 s (RSD far above 25%). Settling: D train 1, 1.6, 1.3 s (RSD 33%
// after two, 23% after three). Steady: every other job takes 1 s.
const WALLS: Record<string, number[]> = { [`${C}/train`]: [1, 3, 1, 3, 1], [`${D}/train`]: [1, 1.6, 1.3] };
const dynamicStep = (c: FakeCall): FakeStep => ({
  wallSeconds: WALLS[`${c.scenario}/${c.job}`]?.[(c.rep ?? 1) - 1] ?? 1,
});
const DYNAMIC = 'repetitions: 2\nwarmup: 0\ndynamicRepetitions: { maxRsdPercent: 25, maxRepetitions: 5 }';

describe('runCampaign --resume with fake executors', () => {
  it('runs only the failed, interrupted and missing runs, keeps every ok one and the failed record as history', async () => {
    const results = await freshResults();
    const matrixFile = await writeMatrix('repetitions: 2\nwarmup: 0');
    const all = [...round('r1', [A, B, C, D]), ...round('r2', [B, C, D, A])];
    const ctl = new AbortController();
    // Job 2 (A infer) exits 3; during job 6 (C infer) Ctrl-C arrives.
    const first = await runFake({ matrixFile, signal: ctl.signal }, (c) => {
      if (c.kind !== 'job') return undefined;
      const n = all.indexOf(callKey(c)) + 1;
      if (n === 2) return { exitCode: 3, log: ['ValueError: boom'] };
      if (n === 6) ctl.abort();
      return undefined;
    });
    expect(first.error).toBeNull();
    expect(jobKeys(first.fake.calls)).toEqual(all.slice(0, 6));
    const dir = first.result!.dir;
    expect(dir).toBe(await onlyCampaign(results));
    const before = await readBack(dir);
    expect(before.campaign.state).toBe('interrupted');
    expect(before.campaign.runs.map((e) => e.status)).toEqual(['ok', 'failed', 'ok', 'ok', 'ok', 'interrupted']);
    const okFiles = before.campaign.runs.filter((e) => e.status === 'ok').map((e) => join(dir, e.file));
    const okBytes = await Promise.all(okFiles.map((f) => readFile(f, 'utf8')));

    const second = await runFake({ matrixFile, resume: dir });
    expect(second.error).toBeNull();
    // Not the four ok runs; the failed one, the interrupted one, then everything not run yet, in plan order.
    expect(jobKeys(second.fake.calls)).toEqual([all[1], ...all.slice(5)]);
    expect(second.fake.calls.filter((c) => c.kind === 'probe')).toEqual([]);

    const after = await readBack(dir);
    expect(after.campaign.state).toBe('complete');
    expect(after.indexMatchesRecords).toBe(true);
    expect(after.campaign.runs).toHaveLength(16);
    expect(after.campaign.runs.every((e) => e.status === 'ok')).toBe(true);
    expect(new Set(after.campaign.runs.map((e) => e.file)).size).toBe(16);
    expect(await Promise.all(okFiles.map((f) => readFile(f, 'utf8')))).toEqual(okBytes);
    // The failed attempt is kept beside the new record and listed; the interrupted one is simply run again.
    const tried = join('runs', A, 'infer', 'rep-1.try-1.json');
    expect(after.campaign.attempts).toEqual([
      {
        scenario: A,
        job: 'infer',
        rep: 1,
        warmup: false,
        status: 'failed',
        file: tried,
        error: 'exited with code 3',
        retriedAt: expect.any(String) as string,
      },
    ]);
    const archived = JSON.parse(await readFile(join(dir, tried), 'utf8')) as RunRecord;
    expect(archived).toMatchObject({
      status: 'failed',
      exitCode: 3,
      logFile: 'rep-1.try-1.log',
      logTail: ['ValueError: boom'],
    });
    await expect(readFile(join(dir, 'runs', A, 'infer', 'rep-1.try-1.log'), 'utf8')).resolves.toBe(
      'ValueError: boom\n',
    );
  });
});

describe('runCampaign with dynamic repetitions and fake executors', () => {
  it('adds rounds for noisy jobs up to maxRepetitions, and stops steady ones at repetitions', async () => {
    await freshResults();
    const reporter = infoRecorder();
    const { fake, result, error } = await runFake({ matrixFile: await writeMatrix(DYNAMIC), reporter }, dynamicStep);
    expect(error).toBeNull();
    expect(jobKeys(fake.calls)).toEqual([
      ...round('r1', [A, B, C, D]),
      ...round('r2', [B, C, D, A]),
      `r3 ${C}/train`,
      `r3 ${D}/train`,
      `r4 ${C}/train`,
      `r5 ${C}/train`,
    ]);
    expect(repsOf(result!.records)).toEqual({
      [`${A}/train`]: [1, 2],
      [`${A}/infer`]: [1, 2],
      [`${B}/train`]: [1, 2],
      [`${B}/infer`]: [1, 2],
      [`${C}/train`]: [1, 2, 3, 4, 5],
      [`${C}/infer`]: [1, 2],
      [`${D}/train`]: [1, 2, 3],
      [`${D}/infer`]: [1, 2],
    });
    expect(reporter.lines.filter((l) => l.startsWith('dynamic repetitions'))).toEqual([
      `dynamic repetitions: rep 3 for ${C}/train, ${D}/train`,
      `dynamic repetitions: rep 4 for ${C}/train`,
      `dynamic repetitions: rep 5 for ${C}/train`,
    ]);
    expect(result!.campaign.state).toBe('complete');
    expect((await readBack(result!.dir)).indexMatchesRecords).toBe(true);
  });

  it('a resumed campaign finishes the extra rounds it was interrupted in, without running a recorded one again', async () => {
    const results = await freshResults();
    const matrixFile = await writeMatrix(DYNAMIC);
    const ctl = new AbortController();
    // A infer rep 1 fails (so the resumed plan is not empty); Ctrl-C comes during the fourth round of C train.
    const first = await runFake({ matrixFile, signal: ctl.signal }, (c) => {
      if (c.job === 'train' && c.scenario === C && c.rep === 4) ctl.abort();
      return c.job === 'infer' && c.scenario === A && c.rep === 1 ? { exitCode: 3 } : dynamicStep(c);
    });
    expect(first.error).toBeNull();
    expect(first.result!.campaign.state).toBe('interrupted');
    const dir = await onlyCampaign(results);

    const second = await runFake({ matrixFile, resume: dir }, dynamicStep);
    expect(second.error).toBeNull();
    expect(jobKeys(second.fake.calls)).toEqual([`r1 ${A}/infer`, `r4 ${C}/train`, `r5 ${C}/train`]);
    const after = await readBack(dir);
    expect(after.campaign.state).toBe('complete');
    expect(after.indexMatchesRecords).toBe(true);
    // A infer got a third round in the first run (one ok repetition is too few to judge); it is not run again.
    const reps = repsOf(after.runs.map((r) => r.record));
    for (const k of Object.keys(reps)) reps[k]!.sort();
    expect(reps).toEqual({
      [`${A}/train`]: [1, 2],
      [`${A}/infer`]: [1, 2, 3],
      [`${B}/train`]: [1, 2],
      [`${B}/infer`]: [1, 2],
      [`${C}/train`]: [1, 2, 3, 4, 5],
      [`${C}/infer`]: [1, 2],
      [`${D}/train`]: [1, 2, 3],
      [`${D}/infer`]: [1, 2],
    });
    expect(after.campaign.runs).toHaveLength(21);
  });
});
