// Distribution functions against closed forms and scipy.stats values.
import { describe, expect, it } from 'vitest';
import {
  fSurvival,
  incompleteBeta,
  lnGamma,
  normalCdf,
  studentTTwoSided,
} from '../../../harness/stats/distributions.ts';

describe('distributions', () => {
  it('normalCdf', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021049, 6);
    expect(normalCdf(-1.96)).toBeCloseTo(0.0249978951, 6);
  });

  it('lnGamma of integers is log of factorials', () => {
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 10);
    expect(lnGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 10);
  });

  it('incompleteBeta matches the binomial sum for integer parameters', () => {
    expect(incompleteBeta(0.5, 2, 3)).toBeCloseTo(11 / 16, 10);
    expect(incompleteBeta(0, 2, 3)).toBe(0);
    expect(incompleteBeta(1, 2, 3)).toBe(1);
  });

  it('Student t and F tails (scipy)', () => {
    expect(studentTTwoSided(2, 7.5)).toBeCloseTo(0.0828969953, 7);
    expect(fSurvival(4.96, 1, 10)).toBeCloseTo(0.0500876506, 7);
    expect(fSurvival(441, 1, 4)).toBeCloseTo(3.039045e-5, 9);
  });
});
