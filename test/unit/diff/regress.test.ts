import { describe, expect, it } from 'vitest';
import { regressionPercent, regressionsAbove } from '../../../harness/diff/regress.ts';
import type { DiffRow } from '../../../harness/diff/types.ts';

const row = (over: Partial<DiffRow>): DiffRow => ({
  ...({} as DiffRow),
  significant: true,
  regressionPercent: 0,
  ...over,
});

describe('regressionPercent', () => {
  it('is the increase for lower-is-better metrics', () => {
    expect(regressionPercent(1.5, true)).toBeCloseTo(50, 12);
    expect(regressionPercent(0.8, true)).toBeCloseTo(-20, 12);
  });
  it('is the share lost for throughput', () => {
    expect(regressionPercent(0.7, false)).toBeCloseTo(30, 12);
    expect(regressionPercent(1.25, false)).toBeCloseTo(-25, 12);
  });
  it('is null without a finite ratio', () => {
    expect(regressionPercent(null, true)).toBeNull();
    expect(regressionPercent(Number.POSITIVE_INFINITY, true)).toBeNull();
  });
});

describe('regressionsAbove', () => {
  it('keeps significant rows strictly above the threshold', () => {
    const rows = [
      row({ metric: 'a', regressionPercent: 50 }),
      row({ metric: 'b', regressionPercent: 10 }),
      row({ metric: 'c', regressionPercent: 80, significant: false }),
      row({ metric: 'd', regressionPercent: -40 }),
      row({ metric: 'e', regressionPercent: null }),
    ];
    expect(regressionsAbove(rows, 10).map((r) => r.metric)).toEqual(['a']);
    expect(regressionsAbove(rows, 9.99).map((r) => r.metric)).toEqual(['a', 'b']);
    expect(regressionsAbove(rows, 60)).toEqual([]);
  });
});
