// compare(): ratio, CI, test choice, verdict and warnings.
import { describe, expect, it } from 'vitest';
import { compare, formatChange } from '../../../harness/stats/compare.ts';
import { welch } from '../../../harness/stats/welch.ts';

describe('compare', () => {
  it('n=4 vs 4, complete separation: significant, ratio of medians, verdict in percent', () => {
    const c = compare([1, 2, 3, 4], [5, 6, 7, 8]);
    expect(c).toMatchObject({
      nA: 4,
      nB: 4,
      medianA: 2.5,
      medianB: 6.5,
      test: 'mann-whitney',
      significant: true,
      warning: null,
    });
    expect(c.ratio).toBeCloseTo(2.6, 12);
    expect(c.pValue).toBeCloseTo(0.0286, 4);
    expect(c.verdict).toBe('+160.0%');
    expect(c.ciLow!).toBeLessThanOrEqual(c.ratio!);
    expect(c.ciHigh!).toBeGreaterThanOrEqual(c.ratio!);
  });

  it('n=3 vs 3 cannot be significant and says so', () => {
    const c = compare([10, 11, 12], [1, 2, 3]);
    expect(c.pValue).toBeCloseTo(0.1, 12);
    expect(c.significant).toBe(false);
    expect(c.verdict).toBe('~');
    expect(c.warning).toMatch(/too few repetitions: with n=3 and n=3 the U test cannot reach p<0.05/);
  });

  it('an empty side gives no test', () => {
    const c = compare([], [1, 2]);
    expect(c).toMatchObject({ test: 'none', pValue: null, ratio: null, ciLow: null, significant: false, verdict: '~' });
    expect(c.warning).toMatch(/no successful run/);
  });

  it('uses Welch for large, symmetric samples (sleep data: t = 1.8608, df = 17.78, p = 0.0794)', () => {
    const g1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
    const g2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
    const w = welch(g1, g2)!;
    expect(w.t).toBeCloseTo(1.8608134675, 8);
    expect(w.df).toBeCloseTo(17.7764735, 6);
    expect(w.pValue).toBeCloseTo(0.0793941402, 7);
    const c = compare(g1, g2);
    expect(c.test).toBe('welch');
    expect(c.pValue).toBeCloseTo(0.0793941402, 7);
  });

  it('falls back to Mann-Whitney for skewed samples', () => {
    const skewed = [1, 1, 1, 1, 1, 1, 1, 1, 1, 10];
    expect(
      compare(
        skewed,
        skewed.map((v) => v * 2),
      ).test,
    ).toBe('mann-whitney');
  });

  it('is reproducible with a seed', () => {
    const a = [10, 10.4, 9.8, 10.1, 10.3];
    const b = [11, 11.2, 10.9, 11.5, 11.1];
    expect(compare(a, b, { seed: 3 })).toEqual(compare(a, b, { seed: 3 }));
    expect(compare(a, b).verdict).toBe('+9.9%');
  });

  it('formatChange', () => {
    expect(formatChange(1.123)).toBe('+12.3%');
    expect(formatChange(0.96)).toBe('-4.0%');
    expect(formatChange(1)).toBe('+0.0%');
    expect(formatChange(0.9996)).toBe('+0.0%');
    expect(formatChange(1.0004)).toBe('+0.0%');
  });
});
