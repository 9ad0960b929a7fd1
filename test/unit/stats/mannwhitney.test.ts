// Mann-Whitney U against published tables and reference implementations (R's wilcox.test, scipy).
import { describe, expect, it } from 'vitest';
import { EXACT_MAX_N, mannWhitney, minimumPValue } from '../../../harness/stats/mannwhitney.ts';

describe('mannWhitney, exact', () => {
  it('n1=n2=4 with complete separation gives the table value p = 2/70 = 0.0286', () => {
    const r = mannWhitney([1, 2, 3, 4], [5, 6, 7, 8]);
    expect(r.exact).toBe(true);
    expect(r.u).toBe(0);
    expect(r.pValue).toBeCloseTo(2 / 70, 12);
    expect(r.pValue.toFixed(4)).toBe('0.0286');
  });

  it('n1=n2=3 cannot go below p = 0.1', () => {
    expect(mannWhitney([10, 11, 12], [1, 2, 3]).pValue).toBeCloseTo(0.1, 12);
    expect(minimumPValue(3, 3)).toBeCloseTo(0.1, 12);
    expect(minimumPValue(4, 4)).toBeCloseTo(0.028571, 6);
    expect(minimumPValue(3, 4)).toBeCloseTo(2 / 35, 12);
  });

  it("matches R's wilcox.test example (W = 35, p = 0.2544)", () => {
    const x = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
    const y = [1.15, 0.88, 0.9, 0.74, 1.21];
    const r = mannWhitney(x, y);
    expect(r.u).toBe(35);
    expect(r.pValue).toBeCloseTo(0.2544122544, 9);
  });

  it('handles ties exactly (hand count: 4 of 6 rank choices as extreme)', () => {
    const r = mannWhitney([1, 2], [2, 3]);
    expect(r.u).toBe(0.5);
    expect(r.pValue).toBeCloseTo(4 / 6, 12);
  });

  it('handles ties exactly (scipy permutation test: 0.123377)', () => {
    const r = mannWhitney([1, 2, 2, 3, 4], [2, 3, 3, 5, 6, 6]);
    expect(r.u).toBe(6);
    expect(r.pValue).toBeCloseTo(0.12337662337662338, 10);
  });

  it('gives p = 1 for identical samples and is symmetric in its arguments', () => {
    expect(mannWhitney([5, 5, 5], [5, 5, 5]).pValue).toBe(1);
    const a = [3.1, 2.7, 3.3, 2.9];
    const b = [3.6, 3.0, 3.9, 3.4, 3.8];
    expect(mannWhitney(a, b).pValue).toBeCloseTo(mannWhitney(b, a).pValue, 12);
  });
});

describe('mannWhitney, normal approximation', () => {
  // 75 values with many ties: scipy.stats.mannwhitneyu(a, b, method='asymptotic') gives U = 524, p = 0.057667.
  const a = [
    11, 12, 11, 7, 12, 11, 9, 11, 11, 11, 10, 11, 9, 10, 9, 11, 10, 9, 8, 9, 10, 9, 13, 12, 5, 6, 10, 9, 10, 10, 14, 8,
    9, 14, 11, 11, 9, 7, 10, 10,
  ];
  const b = [
    9, 10, 11, 9, 11, 11, 11, 10, 12, 13, 12, 9, 12, 10, 13, 9, 13, 11, 9, 10, 11, 12, 9, 9, 11, 10, 11, 13, 8, 12, 13,
    10, 9, 13, 12,
  ];

  it('uses tie and continuity corrections like scipy', () => {
    expect(a.length + b.length).toBeGreaterThan(EXACT_MAX_N);
    const r = mannWhitney(a, b);
    expect(r.exact).toBe(false);
    expect(r.u).toBe(524);
    expect(r.pValue).toBeCloseTo(0.05766728434, 6);
  });

  it('gives p = 1 when every value is tied', () => {
    expect(mannWhitney(new Array<number>(40).fill(1), new Array<number>(40).fill(1)).pValue).toBe(1);
  });
});
