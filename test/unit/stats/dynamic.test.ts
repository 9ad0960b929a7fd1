// needMoreReps(): the Phoronix-style rule.
import { describe, expect, it } from 'vitest';
import { needMoreReps } from '../../../harness/stats/dynamic.ts';

const opts = { maxRsd: 0.035, maxReps: 10, minReps: 3 };

describe('needMoreReps', () => {
  it('asks for more below the minimum', () => {
    expect(needMoreReps([], opts)).toBe(true);
    expect(needMoreReps([10, 10], opts)).toBe(true);
  });
  it('stops when the spread is small (maxRsd is a fraction: 0.035 = 3.5%)', () => {
    expect(needMoreReps([10, 10.1, 9.9], opts)).toBe(false); // RSD 1%
    expect(needMoreReps([10, 10.5, 9.5], opts)).toBe(true); // RSD 5%
  });
  it('continues while the spread is large, up to the maximum', () => {
    expect(needMoreReps([10, 15, 5], opts)).toBe(true);
    expect(needMoreReps([10, 15, 5, 10, 15, 5, 10, 15, 5, 10], opts)).toBe(false);
  });
  it('needs two values to judge a spread, and ignores non-finite ones', () => {
    expect(needMoreReps([10], { maxRsd: 0.035, maxReps: 10, minReps: 1 })).toBe(true);
    expect(needMoreReps([10, NaN, 10.1, 9.9], opts)).toBe(false);
  });
});
