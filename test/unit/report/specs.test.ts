// Chart specs built from a SYNTHETIC campaign: radar geometry, bar data, timeline size and selector.
import { describe, expect, it } from 'vitest';
import { analyse } from '../../../harness/report/analysis.ts';
import { groupRuns } from '../../../harness/report/groups.ts';
import { barCharts } from '../../../harness/report/specs/bars.ts';
import { radarAxes, radarCharts } from '../../../harness/report/specs/radar.ts';
import { timelineChart } from '../../../harness/report/specs/timeline.ts';
import { syntheticInput } from '../../helpers/synthetic-campaign.ts';

type Layer = { data?: { values: Record<string, unknown>[] }; layer?: Layer[]; mark?: unknown };
const g = groupRuns([syntheticInput({ reps: 4, samplesPerRun: 3000 })]);
const a = analyse(g);

describe('radar', () => {
  it('normalises each axis by the largest median of the job (no GPU axis without GPU data)', () => {
    const axes = radarAxes(g, a, 'train');
    expect(axes.map((x) => x.label)).toEqual(['time', 'CPU avg', 'CPU max', 'private RAM']);
    const slowest = Math.max(
      ...g.groups.filter((x) => x.job === 'train').map((x) => a.cells.get(x.key)!.get('wallSeconds')!.summary.median!),
    );
    expect(axes[0]!.max).toBe(slowest);
  });

  it('puts the largest footprint on the outer ring, closing each polygon', () => {
    const spec = radarCharts(g, a)[0]!.spec as { hconcat: Layer[] };
    const series = spec.hconcat[0]!.layer!.at(-1)!.data!.values as {
      series: string;
      k: number;
      x: number;
      y: number;
      norm: number;
    }[];
    const old = series.filter((p) => p.series === 'torch-1.13-debian12');
    expect(old).toHaveLength(5); // 4 axes + the closing point
    expect(old[0]!.x).toBeCloseTo(0, 12);
    expect(old[0]!.y).toBeCloseTo(old[0]!.norm, 3); // time axis points up (norm is rounded for tooltips)
    expect(old[4]!.x).toBeCloseTo(old[0]!.x, 12);
    expect(old[4]!.y).toBeCloseTo(old[0]!.y, 12);
    // Normalised over every scenario of the job: the largest median of each axis sits on ring 1 somewhere.
    const all = radarCharts(g, a).flatMap(
      (c) => (c.spec as { hconcat: Layer[] }).hconcat[0]!.layer!.at(-1)!.data!.values as { norm: number }[],
    );
    expect(Math.max(...all.map((p) => p.norm))).toBe(1);
    expect(Math.max(...series.map((p) => p.norm))).toBeLessThanOrEqual(1);
    for (const p of series) expect(Math.hypot(p.x, p.y)).toBeCloseTo(p.norm, 2);
  });

  it('draws one radar per deployment and one per stack', () => {
    expect(radarCharts(g, a).map((c) => c.title)).toEqual([
      'Footprint on bare-metal: stacks compared',
      'Footprint on container: stacks compared',
      'Footprint of torch-1.13-debian12: deployments compared',
      'Footprint of torch-2.6-debian13: deployments compared',
    ]);
  });
});

describe('bars', () => {
  it('has a panel per job with medians and CIs in display units', () => {
    const time = barCharts(g, a).find((c) => c.id === 'bars-memoryPeakBytes')!.spec as { hconcat: Layer[] };
    expect(time.hconcat).toHaveLength(2);
    const rows = time.hconcat[0]!.layer![0]!.data!.values as {
      stack: string;
      deployment: string;
      median: number;
      ciLow: number;
      ciHigh: number;
    }[];
    expect(rows).toHaveLength(4);
    for (const r of rows) {
      expect(r.ciLow).toBeLessThanOrEqual(r.median);
      expect(r.ciHigh).toBeGreaterThanOrEqual(r.median);
    }
    expect(JSON.stringify(time)).toContain('Private peak RAM (GiB)');
    expect(JSON.stringify(time.hconcat[1])).toContain('Private peak RAM (MiB)');
  });
});

describe('timeline', () => {
  it('keeps at most 1,000 points per series and offers every scenario and job', () => {
    const t = timelineChart(g)!;
    const spec = t.spec as {
      data: { values: { t: number[]; v: number[] }[] };
      params: { bind: { labels: string[] } }[];
    };
    expect(spec.data.values.every((s) => s.t.length <= 1000 && s.t.length === s.v.length)).toBe(true);
    expect(spec.data.values.some((s) => s.t.length === 1000)).toBe(true);
    expect(spec.params[0]!.bind.labels).toHaveLength(8);
    expect(spec.params[0]!.bind.labels[0]).toBe('torch-1.13-debian12@bare-metal · train');
  });
});
