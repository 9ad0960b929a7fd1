// decide(): the three outcomes of a comparison and the reason of an undecided one, with exact texts.
import { describe, expect, it } from 'vitest';
import { compare } from '../../../harness/stats/compare.ts';
import { decide, formatMargin } from '../../../harness/stats/verdict.ts';

const base = { nA: 5, nB: 5, significant: false };

describe('decide', () => {
  it('a CI inside the margin is equivalent, and says when it is also significant', () => {
    expect(decide({ ...base, ratio: 1.01, ciLow: 0.98, ciHigh: 1.04 })).toEqual({
      outcome: 'equivalent',
      reason: null,
      margin: 0.05,
      short: '≈ ±5% (+1.0%)',
      text: 'equivalent within ±5% (+1.0%)',
    });
    const both = decide({ ...base, significant: true, ratio: 1.021, ciLow: 1.01, ciHigh: 1.03 });
    expect(both.outcome).toBe('equivalent');
    expect(both.text).toBe('equivalent within ±5% (+2.1%, significant)');
  });

  it('the margin bounds are inclusive', () => {
    expect(decide({ ...base, ratio: 1, ciLow: 0.95, ciHigh: 1.05 }).outcome).toBe('equivalent');
    expect(decide({ ...base, ratio: 1, ciLow: 0.95, ciHigh: 1.0501 }).outcome).toBe('undecided');
  });

  it('significant with a CI that excludes 1 and leaves the margin is different', () => {
    expect(decide({ ...base, significant: true, ratio: 1.5, ciLow: 1.4, ciHigh: 1.6 })).toMatchObject({
      outcome: 'different',
      reason: null,
      short: '+50.0%',
      text: 'different: +50.0%',
    });
    expect(decide({ ...base, significant: true, ratio: 0.96, ciLow: 0.94, ciHigh: 0.97 }).text).toBe(
      'different: -4.0%',
    );
  });

  it('significant but with a CI that contains 1 is undecided', () => {
    const d = decide({ ...base, significant: true, ratio: 1.06, ciLow: 0.99, ciHigh: 1.08 });
    expect(d).toMatchObject({ outcome: 'undecided', reason: 'straddles-margin', short: 'undecided: straddles ±5%' });
    expect(d.text).toBe('undecided: CI [0.990, 1.080] straddles the ±5% margin');
  });

  it('a CI wider than the margin band is too noisy', () => {
    const d = decide({ ...base, ratio: 1, ciLow: 0.9, ciHigh: 1.12 });
    expect(d).toMatchObject({ outcome: 'undecided', reason: 'too-noisy', short: 'undecided: too noisy' });
    expect(d.text).toBe('undecided: too noisy (CI [0.900, 1.120] is wider than the ±5% margin)');
  });

  it('too few repetitions never decide, however tight the CI', () => {
    const d = decide({ nA: 3, nB: 3, significant: false, ratio: 1, ciLow: 1, ciHigh: 1 });
    expect(d).toMatchObject({ outcome: 'undecided', reason: 'too-few-repetitions', short: 'undecided: too few reps' });
    expect(d.text).toBe('undecided: too few repetitions (n=3/3; at least 4 per side needed)');
    expect(decide({ nA: 4, nB: 4, significant: false, ratio: 1, ciLow: 1, ciHigh: 1 }).outcome).toBe('equivalent');
  });

  it('no ratio is undecided for lack of data', () => {
    expect(decide({ nA: 0, nB: 3, significant: false, ratio: null, ciLow: null, ciHigh: null })).toMatchObject({
      outcome: 'undecided',
      reason: 'no-data',
      text: 'undecided: a side has no value',
    });
  });

  it('takes the margin as a fraction', () => {
    expect(formatMargin(0.05)).toBe('±5%');
    expect(formatMargin(0.025)).toBe('±2.5%');
    expect(decide({ ...base, ratio: 1.03, ciLow: 1.01, ciHigh: 1.04 }, 0.02).reason).toBe('straddles-margin');
    expect(decide({ ...base, ratio: 1.03, ciLow: 1.01, ciHigh: 1.04 }, 0.1).text).toBe(
      'equivalent within ±10% (+3.0%)',
    );
  });
});

describe('compare(...).decision', () => {
  it('6 vs 6 values 1% apart with 0.5% noise: equivalent within ±5%, and significant', () => {
    const a = [100, 100.5, 99.5, 100.2, 99.8, 100.1];
    const b = a.map((v) => v * 1.01);
    const c = compare(a, b);
    expect(c.significant).toBe(true);
    expect(c.decision.outcome).toBe('equivalent');
    expect(c.decision.text).toBe('equivalent within ±5% (+1.0%, significant)');
  });

  it('4 vs 4, 1.5x slower: different', () => {
    const c = compare([10, 10.1, 9.9, 10.05], [15, 15.2, 14.9, 15.1]);
    expect(c.decision).toMatchObject({ outcome: 'different', text: 'different: +50.1%' }); // 15.05 / 10.025
  });

  it('2 vs 2, 1.5x slower: undecided for too few repetitions', () => {
    const c = compare([10, 10.1], [15, 15.2]);
    expect(c.decision.reason).toBe('too-few-repetitions');
  });

  it('a margin of 0 can never be equivalent unless the CI is exactly 1', () => {
    const a = [100, 100.5, 99.5, 100.2, 99.8, 100.1];
    expect(compare(a, a, { margin: 0 }).decision.outcome).toBe('undecided');
  });
});
