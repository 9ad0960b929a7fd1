import { describe, expect, it } from 'vitest';
import { buildDiff, DEFAULT_DIFF_METRICS, selectMetrics } from '../../../harness/diff/build.ts';
import { makeMatrixRecords, makeRecord, makeSide, SPREAD } from './fixtures.ts';

const scaled = (wall: number, memory: number) => makeMatrixRecords({ scale: { wall, memory } });

describe('buildDiff', () => {
  it('matches every scenario and job and reports the ratios of the medians', () => {
    const d = buildDiff(makeSide('A', scaled(1, 1)), makeSide('B', scaled(1.5, 0.8)));
    expect(d.onlyInA).toEqual([]);
    expect(d.onlyInB).toEqual([]);
    // 2 stacks x 2 deployments x 2 jobs; gpuPeakBytes is absent on both sides, so 5 metrics each.
    expect(d.rows).toHaveLength(8 * 5);
    const wall = d.rows.filter((r) => r.metric === 'wallSeconds');
    expect(wall).toHaveLength(8);
    for (const r of wall) {
      expect(r.ratio).toBeCloseTo(1.5, 9);
      expect(r.significant).toBe(true);
      expect(r.verdict).toBe('+50.0%');
      expect(r.regressionPercent).toBeCloseTo(50, 6);
      expect(r.a.n).toBe(SPREAD.length);
      expect(r.ciLow! <= 1.5 && 1.5 <= r.ciHigh!).toBe(true);
    }
    for (const r of d.rows.filter((x) => x.metric === 'memoryPeakBytes')) {
      expect(r.ratio).toBeCloseTo(0.8, 9);
      expect(r.regressionPercent).toBeCloseTo(-20, 6);
    }
    for (const r of d.rows.filter((x) => x.metric === 'cpuAvgPercent')) {
      expect(r.ratio).toBe(1);
      expect(r.verdict).toBe('~');
      expect(r.significant).toBe(false);
    }
  });

  it('sorts rows by scenario, job, then metric order', () => {
    const d = buildDiff(makeSide('A', scaled(1, 1)), makeSide('B', scaled(1, 1)));
    expect(d.rows[0]).toMatchObject({
      scenario: 'torch-1.13-debian12@bare-metal',
      job: 'infer',
      metric: 'wallSeconds',
    });
    expect(d.rows.slice(0, 5).map((r) => r.metric)).toEqual([
      'wallSeconds',
      'cpuAvgPercent',
      'cpuMaxPercent',
      'memoryPeakBytes',
      'throughput',
    ]);
  });

  it('lists what is only in one side', () => {
    const a = makeMatrixRecords({ stacks: ['s1', 's2'] });
    const b = makeMatrixRecords({ stacks: ['s2', 's3'] });
    const d = buildDiff(makeSide('A', a), makeSide('B', b));
    expect(d.onlyInA.map((u) => `${u.scenario} ${u.job}`)).toEqual([
      's1@bare-metal infer',
      's1@bare-metal train',
      's1@container infer',
      's1@container train',
    ]);
    expect(d.onlyInB).toHaveLength(4);
    expect(d.onlyInB[0]).toEqual({ scenario: 's3@bare-metal', job: 'infer', runs: 5 });
    expect(new Set(d.rows.map((r) => r.scenario.split('@')[0]))).toEqual(new Set(['s2']));
  });

  it('leaves out warmup and non-ok runs, and warns about the failures', () => {
    const a = [1, 2, 3, 4].map((rep) => makeRecord({ stack: 's', rep, wallSeconds: 10 + rep / 10 }));
    const b = [
      ...[1, 2, 3, 4].map((rep) => makeRecord({ stack: 's', rep, wallSeconds: 10 + rep / 10 })),
      makeRecord({ stack: 's', rep: 1, warmup: true, wallSeconds: 1000 }),
      makeRecord({ stack: 's', rep: 5, status: 'oom', wallSeconds: 2000 }),
    ];
    const d = buildDiff(makeSide('A', a), makeSide('B', b), { metrics: ['wallSeconds'] });
    expect(d.rows).toHaveLength(1);
    expect(d.rows[0]).toMatchObject({ ratio: 1, verdict: '~' });
    expect(d.rows[0]!.b.n).toBe(4);
    expect(d.warnings).toContain('B: 1 of 5 runs of s@container train did not end ok (1 oom); they are left out');
  });

  it('treats a job whose runs all failed on one side as absent there', () => {
    const a = [1, 2, 3].map((rep) => makeRecord({ stack: 's', rep }));
    const b = [1, 2, 3].map((rep) => makeRecord({ stack: 's', rep, status: 'failed' }));
    const d = buildDiff(makeSide('A', a), makeSide('B', b));
    expect(d.rows).toEqual([]);
    expect(d.onlyInA).toEqual([{ scenario: 's@container', job: 'train', runs: 3 }]);
    expect(d.warnings.some((w) => w.startsWith('B: 3 of 3 runs'))).toBe(true);
    expect(d.warnings).toContain('no scenario/job has ok runs on both sides: nothing to compare');
  });

  it('skips a metric neither side has and marks one only a side has', () => {
    const a = [1, 2, 3, 4].map((rep) => makeRecord({ stack: 's', rep, gpuPeakBytes: 1e9 + rep }));
    const b = [1, 2, 3, 4].map((rep) => makeRecord({ stack: 's', rep, peakBytes: null }));
    const d = buildDiff(makeSide('A', a), makeSide('B', b), {
      metrics: ['gpuPeakBytes', 'memoryPeakBytes', 'throughput'],
    });
    const gpu = d.rows.find((r) => r.metric === 'gpuPeakBytes');
    expect(gpu).toMatchObject({
      ratio: null,
      verdict: 'n/a',
      regressionPercent: null,
      significant: false,
      warning: 'no GPU peak memory recorded on B',
    });
    expect(gpu!.b.n).toBe(0);
    expect(d.rows.find((r) => r.metric === 'memoryPeakBytes')?.warning).toBe('no Private peak RAM recorded on B');
    expect(d.rows.find((r) => r.metric === 'throughput')).toBeUndefined();
  });

  it('counts throughput down as a regression', () => {
    const a = SPREAD.map((f, i) => makeRecord({ stack: 's', rep: i + 1, windowsPerSecond: 1000 * f }));
    const b = SPREAD.map((f, i) => makeRecord({ stack: 's', rep: i + 1, windowsPerSecond: 700 * f }));
    const [row] = buildDiff(makeSide('A', a), makeSide('B', b), { metrics: ['throughput'] }).rows;
    expect(row!.ratio).toBeCloseTo(0.7, 9);
    expect(row!.regressionPercent).toBeCloseTo(30, 6);
    expect(row!.significant).toBe(true);
  });

  it('carries the too-few-repetitions warning of compare()', () => {
    const a = [1, 2].map((rep) => makeRecord({ stack: 's', rep, wallSeconds: rep }));
    const [row] = buildDiff(makeSide('A', a), makeSide('B', a), { metrics: ['wallSeconds'] }).rows;
    expect(row!.warning).toMatch(/too few repetitions/);
  });
});

describe('selectMetrics', () => {
  it('defaults to the six diff metrics', () => {
    expect(selectMetrics().map((m) => m.id)).toEqual([...DEFAULT_DIFF_METRICS]);
  });
  it('accepts any known id, case-insensitively, once', () => {
    expect(selectMetrics(['memoryavgbytes', 'wallSeconds', 'wallSeconds']).map((m) => m.id)).toEqual([
      'memoryAvgBytes',
      'wallSeconds',
    ]);
  });
  it('refuses an unknown id and lists the known ones', () => {
    expect(() => selectMetrics(['wall'])).toThrow(/unknown metric "wall"/);
    try {
      selectMetrics(['wall']);
    } catch (e) {
      expect((e as { fix: string }).fix).toMatch(/wallSeconds, cpuAvgPercent/);
    }
  });
});
