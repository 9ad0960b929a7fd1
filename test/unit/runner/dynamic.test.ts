import { describe, expect, it } from 'vitest';
import { moreRepsNeeded } from '../../../harness/runner/dynamic.ts';
import type { RunRecord } from '../../../harness/results/schema.ts';

const rec = (scenario: string, job: string, wallSeconds: number, extra: Partial<RunRecord> = {}): RunRecord =>
  ({ scenario, status: 'ok', warmup: false, wallSeconds, job: { name: job, reported: true }, ...extra }) as RunRecord;

describe('moreRepsNeeded (Phoronix-style dynamic repetitions)', () => {
  const rule = { maxRsdPercent: 5, maxRepetitions: 6 };

  it('asks for another round only where the wall time is still noisy', () => {
    const records = [
      rec('a@x', 'train', 10),
      rec('a@x', 'train', 10.1),
      rec('a@x', 'train', 9.9),
      rec('b@x', 'train', 10),
      rec('b@x', 'train', 14),
      rec('b@x', 'train', 7),
    ];
    expect(moreRepsNeeded(records, rule, 3)).toEqual(['b@x/train']);
  });

  it('stops at the cap', () => {
    expect(moreRepsNeeded([rec('b@x', 'train', 10), rec('b@x', 'train', 20)], rule, 6)).toEqual([]);
  });

  it('ignores warmups and failed runs', () => {
    const records = [
      rec('a@x', 'infer', 1),
      rec('a@x', 'infer', 1.01),
      rec('a@x', 'infer', 50, { warmup: true }),
      rec('a@x', 'infer', 0.1, { status: 'failed' }),
    ];
    expect(moreRepsNeeded(records, rule, 2)).toEqual([]);
  });
});
