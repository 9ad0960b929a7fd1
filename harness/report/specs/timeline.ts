/**
 * Time series of CPU, RAM and GPU memory per run, one scenario and job at a time (chosen with a select
 * box bound to a Vega-Lite parameter), each repetition a line. The series are stored as arrays per run
 * and flattened in the browser after filtering, which keeps the file small. Pure.
 */
import type { Point } from '../lttb.ts';
import { displayUnit, maxOf } from '../../render/units.ts';
import type { Grouping } from '../groups.ts';
import { paletteScale, VEGA_LITE_SCHEMA, VL_CONFIG } from './common.ts';
import type { ChartSpec } from '../../render/chart.ts';

interface SeriesRow {
  /** Index of the scenario/job option. */
  k: number;
  rep: string;
  m: 'cpu' | 'mem' | 'gpu';
  t: number[];
  v: number[];
}

// Times to the millisecond, values to 4 significant digits: enough for a chart, and compact.
const ms = (t: number): number => Math.round(t * 1000) / 1000;
const sig = (v: number): number => Number(v.toPrecision(4));

function row(k: number, rep: string, m: SeriesRow['m'], points: readonly Point[], divisor: number): SeriesRow {
  return { k, rep, m, t: points.map((p) => ms(p.t)), v: points.map((p) => sig(p.v / divisor)) };
}

/** Above this many runs per scenario the colour legend is left out (it would be cut, with a warning). */
const LEGEND_MAX = 20;

function linePanel(m: SeriesRow['m'], title: string, reps: string[]): Record<string, unknown> {
  return {
    transform: [{ filter: `datum.m === '${m}'` }],
    width: 720,
    height: 140,
    mark: { type: 'line', strokeWidth: 1.2, interpolate: 'linear' },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'time since job start (s)' },
      y: { field: 'v', type: 'quantitative', title },
      color: {
        field: 'rep',
        type: 'nominal',
        title: 'run',
        scale: paletteScale(reps),
        ...(reps.length > LEGEND_MAX ? { legend: null } : {}),
      },
      tooltip: [
        { field: 'rep', title: 'run' },
        { field: 't', title: 's' },
        { field: 'v', title },
      ],
    },
  };
}

/** The timeline chart, or null when no run stored a time series. */
export function timelineChart(g: Grouping): ChartSpec | null {
  const withSeries = g.groups.filter((x) =>
    x.runs.some((r) => r.series && (r.series.cpu.length > 0 || r.series.memory.length > 0)),
  );
  if (withSeries.length === 0) return null;
  const all = withSeries.flatMap((x) => x.runs.flatMap((r) => (r.series ? [r.series] : [])));
  const mem = displayUnit({ unit: 'bytes' }, [maxOf(all.map((s) => maxOf(s.memory.map((p) => p.v))))]);
  const gpu = displayUnit({ unit: 'bytes' }, [maxOf(all.map((s) => maxOf(s.gpu.map((p) => p.v))))]);
  const hasGpu = all.some((s) => s.gpu.length > 0);
  const rows: SeriesRow[] = [];
  const reps = new Set<string>();
  withSeries.forEach((x, k) => {
    for (const { record: r, series: s } of x.runs) {
      if (!s) continue;
      const rep = `rep ${r.rep}${r.status === 'ok' ? '' : ` (${r.status})`}`;
      reps.add(rep);
      if (s.cpu.length > 0) rows.push(row(k, rep, 'cpu', s.cpu, 1));
      if (s.memory.length > 0) rows.push(row(k, rep, 'mem', s.memory, mem.divisor));
      if (s.gpu.length > 0) rows.push(row(k, rep, 'gpu', s.gpu, gpu.divisor));
    }
  });
  const repNames = [...reps].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const panels = [
    linePanel('cpu', 'CPU (% of one core)', repNames),
    linePanel('mem', `Private RAM (${mem.unit})`, repNames),
  ];
  if (hasGpu) panels.push(linePanel('gpu', `GPU memory (${gpu.unit})`, repNames));
  return {
    id: 'timeline',
    title: 'Resource use over time',
    caption: `CPU${hasGpu ? ', RAM and GPU memory' : ' and RAM (no GPU data)'} sampled during each run of the chosen scenario and job, downsampled with LTTB (peaks kept). Failed runs are marked.`,
    mode: 'vega-lite',
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      config: VL_CONFIG,
      params: [
        {
          name: 'run',
          value: 0,
          bind: {
            input: 'select',
            name: 'Scenario and job: ',
            options: withSeries.map((_x, k) => k),
            labels: withSeries.map((x) => `${x.label} · ${x.job}`),
          },
        },
      ],
      data: { values: rows },
      transform: [{ filter: 'datum.k === run' }, { flatten: ['t', 'v'] }],
      vconcat: panels,
      resolve: { scale: { x: 'shared', color: 'shared' } },
    },
  };
}
