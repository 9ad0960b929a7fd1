// LTTB downsampling: size, ends, peaks.
import { describe, expect, it } from 'vitest';
import { lttb, type Point } from '../../../harness/report/lttb.ts';

const series = (n: number, f: (i: number) => number): Point[] =>
  Array.from({ length: n }, (_x, i) => ({ t: i / 10, v: f(i) }));

describe('lttb', () => {
  it('returns small inputs unchanged', () => {
    const s = series(10, (i) => i);
    expect(lttb(s, 1000)).toEqual(s);
    expect(lttb([], 5)).toEqual([]);
  });

  it('keeps exactly `threshold` points including both ends', () => {
    const s = series(10_000, (i) => Math.sin(i / 50));
    const d = lttb(s, 1000);
    expect(d).toHaveLength(1000);
    expect(d[0]).toEqual(s[0]);
    expect(d[999]).toEqual(s[9999]);
    for (let i = 1; i < d.length; i++) expect(d[i]!.t).toBeGreaterThan(d[i - 1]!.t);
  });

  it('keeps a one-sample spike that plain decimation would miss', () => {
    const s = series(5000, (i) => (i === 2345 ? 100 : 1));
    expect(Math.max(...lttb(s, 100).map((p) => p.v))).toBe(100);
  });

  it('thresholds below 3 keep the ends', () => {
    expect(
      lttb(
        series(50, (i) => i),
        2,
      ),
    ).toHaveLength(2);
  });
});
