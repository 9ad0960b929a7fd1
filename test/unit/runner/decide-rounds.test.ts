// Decision-based repetitions in-process with fake executors (test/helpers/fake-executor.ts): rounds are
// added while a container vs bare-metal wall-time comparison is undecided, up to decision.maxRepetitions.
// The wall times are the fake's, chosen by the test.
import { describe, expect, it, vi } from 'vitest';
import { runComparisons } from '../../../harness/runner/decide-rounds.ts';
import type { FakeCall } from '../../helpers/fake-executor.ts';
import {
  A,
  B,
  C,
  D,
  freshResults,
  infoRecorder,
  isolateFromHost,
  jobKeys,
  runFake,
  writeMatrix,
} from '../../helpers/fake-campaign.ts';

vi.mock('../../../harness/sampling/cgroup-stale.ts', () => ({
  cleanupStaleCgroups: () => Promise.resolve({ removed: [], kept: [] }),
}));
isolateFromHost();

// +-0.2% of deterministic jitter per repetition and scenario.
const jitter = (c: FakeCall): number => 1 + 0.002 * ((((c.rep ?? 0) * 7 + c.scenario.length) % 5) - 2);
const repsOf = (calls: FakeCall[], scenario: string): number =>
  jobKeys(calls).filter((k) => k.endsWith(`${scenario}/train`)).length;

describe('decision-based repetitions', () => {
  it('stops once every comparison is decided: 1.5x on one stack (different), the same on the other (equivalent)', async () => {
    await freshResults();
    const matrixFile = await writeMatrix('repetitions: 2\ndecision: { marginPercent: 5, maxRepetitions: 8 }');
    const reporter = infoRecorder();
    const { fake, result, error } = await runFake({ matrixFile, reporter }, (c) => ({
      wallSeconds: 10 * (c.scenario === B ? 1.5 : 1) * jitter(c),
    }));
    expect(error).toBeNull();
    // n=4 per side is the fewest that can decide (the exact U test reaches p = 0.029 < 0.05).
    for (const s of [A, B, C, D]) expect(repsOf(fake.calls, s)).toBe(4);
    const decided = runComparisons(result!.records, 0.05).map((x) => `${x.b} ${x.job} ${x.decision.outcome}`);
    expect(decided.sort()).toEqual([
      `${B} infer different`,
      `${B} train different`,
      `${D} infer equivalent`,
      `${D} train equivalent`,
    ]);
    expect(reporter.lines).toContainEqual(
      expect.stringMatching(/^after rep 2, undecided: .*too few repetitions \(n=2\/2; at least 4 per side needed\)/),
    );
    expect(reporter.lines).toContainEqual(expect.stringMatching(/^dynamic repetitions: rep 3 for /));
  });

  it('a comparison too noisy to decide runs to the cap and stays undecided', async () => {
    await freshResults();
    const matrixFile = await writeMatrix('repetitions: 2\ndecision: { marginPercent: 5, maxRepetitions: 5 }');
    const { fake, result } = await runFake({ matrixFile }, (c) => ({
      wallSeconds: c.scenario === D ? ((c.rep ?? 0) % 2 === 0 ? 14 : 7) : 10 * jitter(c),
    }));
    expect(repsOf(fake.calls, D)).toBe(5);
    expect(repsOf(fake.calls, C)).toBe(5);
    // The other stack was decided at 4 and stopped there.
    expect(repsOf(fake.calls, A)).toBe(4);
    const open = runComparisons(result!.records, 0.05).filter((x) => x.decision.outcome === 'undecided');
    expect(open.map((x) => `${x.b} ${x.decision.reason}`)).toEqual([`${D} too-noisy`, `${D} too-noisy`]);
  });

  it('without decision.maxRepetitions no round is added', async () => {
    await freshResults();
    const matrixFile = await writeMatrix('repetitions: 2\ndecision: { marginPercent: 5 }');
    const { fake } = await runFake({ matrixFile });
    for (const s of [A, B, C, D]) expect(repsOf(fake.calls, s)).toBe(2);
  });
});
