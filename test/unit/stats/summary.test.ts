// summarize(): exact descriptive figures computed by hand, and a reproducible bootstrap.
import { describe, expect, it } from 'vitest';
import { median, medianInPlace } from '../../../harness/stats/descriptive.ts';
import { seededRandom } from '../../../harness/stats/random.ts';
import { summarize } from '../../../harness/stats/summary.ts';

describe('summarize', () => {
  it('computes the descriptive figures by hand', () => {
    const s = summarize([1, 2, 3, 4, 100]);
    expect(s.n).toBe(5);
    expect(s.median).toBe(3);
    expect(s.mean).toBe(22);
    expect(s.min).toBe(1);
    expect(s.max).toBe(100);
    expect(s.sd).toBeCloseTo(Math.sqrt(7610 / 4), 12);
    expect(s.rsd).toBeCloseTo((100 * Math.sqrt(7610 / 4)) / 22, 10);
    // |100 - 3| / (1 x 1.4826) = 65 scaled MADs; |1 - 3| is 1.35.
    expect(s.outliers).toEqual([4]);
  });

  it('is NaN-free: empty input gives nulls, one value gives a point CI and no sd', () => {
    expect(summarize([])).toEqual({
      n: 0,
      median: null,
      mean: null,
      sd: null,
      min: null,
      max: null,
      ciLow: null,
      ciHigh: null,
      rsd: null,
      outliers: [],
    });
    const one = summarize([7]);
    expect(one).toMatchObject({ n: 1, median: 7, ciLow: 7, ciHigh: 7, sd: null, rsd: null, outliers: [] });
    expect(summarize([NaN, 2, Infinity, 4])).toMatchObject({ n: 2, median: 3 });
  });

  it('outlier indices refer to the input array, skipping non-finite entries', () => {
    expect(summarize([NaN, 10, 10.1, 9.9, 10.05, 50]).outliers).toEqual([5]);
  });

  it('bootstrap CI of the median is reproducible with a seed and brackets the median', () => {
    const values = [12.1, 11.8, 12.6, 12.0, 13.4, 11.9, 12.2, 12.3];
    const a = summarize(values, { seed: 42 });
    const b = summarize(values, { seed: 42 });
    expect(a.ciLow).toBe(b.ciLow);
    expect(a.ciHigh).toBe(b.ciHigh);
    expect(a.ciLow!).toBeLessThanOrEqual(a.median!);
    expect(a.ciHigh!).toBeGreaterThanOrEqual(a.median!);
    expect(a.ciLow!).toBeGreaterThanOrEqual(11.8);
    expect(a.ciHigh!).toBeLessThanOrEqual(13.4);
    // Default seed: reproducible without options too.
    expect(summarize(values)).toEqual(summarize(values));
    // Pinned for seed 42: a change here means the resampling changed (and every report with it).
    expect([a.ciLow, a.ciHigh]).toEqual([11.9, 12.6]);
  });

  it('constant data gives a zero-width CI', () => {
    expect(summarize([5, 5, 5, 5])).toMatchObject({ ciLow: 5, ciHigh: 5, sd: 0, rsd: 0, outliers: [] });
  });
});

describe('medianInPlace (quickselect)', () => {
  it('equals the sorted median for random samples of every size, ties included', () => {
    const rnd = seededRandom(11);
    for (let n = 1; n <= 60; n++) {
      for (let trial = 0; trial < 20; trial++) {
        const values = Array.from({ length: n }, () => Math.floor(rnd() * (trial % 2 === 0 ? 5 : 1000)));
        expect(medianInPlace(Float64Array.from(values))).toBe(median(values));
      }
    }
  });
});
