// needMoreReps(): the Phoronix-style rule.
import { describe, expect, it } from 'vitest';
import { needMoreReps } from '../../../harness/stats/dynamic.ts';

const opts = { maxRsd: 3.5, maxReps: 10, minReps: 3 };

describe('needMoreReps', () => {
  it('asks for more below the minimum', () => {
    expect(needMoreReps([], opts)).toBe(true);
    expect(needMoreReps([10, 10], opts)).toBe(true);
  });
  it('stops when the spread is small', () => {
    expect(needMoreReps([10, 10.1, 9.9], opts)).toBe(false);
  });
  it('continues while the spread is large, up to the maximum', () => {
    expect(needMoreReps([10, 15, 5], opts)).toBe(true);
    expect(needMoreReps([10, 15, 5, 10, 15, 5, 10, 15, 5, 10], opts)).toBe(false);
  });
  it('needs two values to judge a spread, and ignores non-finite ones', () => {
    expect(needMoreReps([10], { maxRsd: 3.5, maxReps: 10, minReps: 1 })).toBe(true);
    expect(needMoreReps([10, NaN, 10.1, 9.9], opts)).toBe(false);
  });
});
