/**
 * One bar chart per metric (the paper's Figure 4): a panel per job, bars grouped by stack and coloured by
 * deployment, the 95% CI of the median as an error bar and each repetition as a dot. A panel without
 * data says so ("no GPU data") instead of drawing zeros. Pure.
 */
import { HEADLINE_METRIC_IDS, metricById, type MetricDef } from '../../stats/metrics.ts';
import { cellOf, type Analysis } from '../analysis.ts';
import { metricTitle } from '../format.ts';
import { displayUnit, formatWithUnit, type DisplayUnit } from '../../render/units.ts';
import { jobWord, type Grouping } from '../groups.ts';
import { deploymentScale, VEGA_LITE_SCHEMA, VL_CONFIG } from './common.ts';
import type { ChartSpec } from '../../render/chart.ts';

const PANEL_HEIGHT = 220;

function emptyPanel(title: string, text: string): Record<string, unknown> {
  return {
    title,
    width: 220,
    height: 90,
    data: { values: [{ text }] },
    mark: { type: 'text', fontSize: 14, color: '#888' },
    encoding: { text: { field: 'text', type: 'nominal' } },
  };
}

type Cell = ReturnType<typeof cellOf>;
type Spec = Record<string, unknown>;

// One row per scenario (median and CI in the display unit, with its text) and one point per repetition.
function panelData(cells: readonly Cell[], u: DisplayUnit): { rows: Spec[]; points: Spec[] } {
  const scaled = (v: number | null): number | null => (v === null ? null : v / u.divisor);
  const rows = cells.map((c) => ({
    stack: c.group.stackLabel,
    deployment: c.group.deployment,
    median: scaled(c.summary.median),
    ciLow: scaled(c.summary.ciLow),
    ciHigh: scaled(c.summary.ciHigh),
    n: c.summary.n,
    shown:
      c.summary.n === 0
        ? ''
        : `${formatWithUnit(c.summary.median, u)} [${formatWithUnit(c.summary.ciLow, u)}, ${formatWithUnit(c.summary.ciHigh, u)}]`,
  }));
  const points = cells.flatMap((c) =>
    c.values.map((v, i) => ({
      stack: c.group.stackLabel,
      deployment: c.group.deployment,
      value: v / u.divisor,
      rep: c.reps[i],
    })),
  );
  return { rows, points };
}

// The x, x-offset and colour encodings every layer of a panel shares.
function axes(g: Grouping, stacks: readonly string[]): { x: Spec; xOffset: Spec; color: Spec } {
  return {
    x: {
      field: 'stack',
      type: 'nominal',
      title: null,
      sort: stacks,
      axis: { labelAngle: stacks.length > 2 ? -30 : 0 },
    },
    xOffset: { field: 'deployment', type: 'nominal', sort: g.deployments },
    color: { field: 'deployment', type: 'nominal', title: 'deployment', scale: deploymentScale(g.deployments) },
  };
}

// Bars of the medians, rules of the CIs, and the "no data" label where a scenario has none.
function barLayer(rows: Spec[], shared: ReturnType<typeof axes>, title: string, empty: string): Spec {
  const { x, xOffset, color } = shared;
  const y = { field: 'median', type: 'quantitative', title };
  const tooltip = [
    { field: 'stack' },
    { field: 'deployment' },
    { field: 'shown', title: 'median [95% CI]' },
    { field: 'n' },
  ];
  return {
    data: { values: rows },
    layer: [
      { mark: { type: 'bar', opacity: 0.85 }, encoding: { x, xOffset, y, color, tooltip } },
      {
        mark: { type: 'rule', strokeWidth: 1.5, color: '#222' },
        encoding: { x, xOffset, y: { field: 'ciLow', type: 'quantitative', title }, y2: { field: 'ciHigh' } },
      },
      {
        transform: [{ filter: 'datum.median === null' }],
        mark: { type: 'text', angle: 270, align: 'left', dx: 4, color: '#888' },
        encoding: { x, xOffset, y: { datum: 0, type: 'quantitative', title }, text: { value: empty } },
      },
    ],
  };
}

// One dot per repetition.
function pointLayer(points: Spec[], shared: ReturnType<typeof axes>, title: string, unit: string): Spec {
  const { x, xOffset } = shared;
  return {
    data: { values: points },
    mark: { type: 'point', filled: true, size: 14, color: '#111', opacity: 0.55 },
    encoding: {
      x,
      xOffset,
      y: { field: 'value', type: 'quantitative', title },
      tooltip: [
        { field: 'stack' },
        { field: 'deployment' },
        { field: 'rep' },
        { field: 'value', format: '.3~f', title: unit },
      ],
    },
  };
}

function panel(g: Grouping, a: Analysis, metric: MetricDef, job: string): Spec {
  const cells = g.groups.filter((x) => x.job === job).map((x) => cellOf(a, x, metric.id));
  const empty = metric.id === 'gpuPeakBytes' ? 'no GPU data' : 'no data';
  if (cells.every((c) => c.summary.n === 0)) return emptyPanel(jobWord(job), empty);
  const u = displayUnit(
    metric,
    cells.flatMap((c) => [c.summary.max, c.summary.ciHigh]),
  );
  const { rows, points } = panelData(cells, u);
  const stacks = g.stackLabels.filter((s) => rows.some((r) => r.stack === s));
  const shared = axes(g, stacks);
  const title = metricTitle(metric, u);
  return {
    title: jobWord(job),
    // Two panels (train, infer) fit side by side on a laptop screen; wider data get thinner bars.
    width: Math.min(440, Math.max(240, 75 * stacks.length * g.deployments.length)),
    height: PANEL_HEIGHT,
    layer: [barLayer(rows, shared, title, empty), pointLayer(points, shared, title, u.unit)],
  };
}

/** The bar charts of the report, one per headline metric with data (GPU always, even without data). */
export function barCharts(g: Grouping, a: Analysis): ChartSpec[] {
  if (g.jobs.length === 0) return [];
  // The workload's own throughputs (result.json `throughput.<name>`) get a chart each, after the fixed ones.
  const own = [
    ...new Map(
      [...a.metricsByJob.values()]
        .flat()
        .filter((m) => m.id.startsWith('throughput:'))
        .map((m) => [m.id, m]),
    ).values(),
  ];
  const fixed = HEADLINE_METRIC_IDS.filter(
    (id) => id === 'gpuPeakBytes' || g.jobs.some((j) => a.metricsByJob.get(j)?.some((m) => m.id === id)),
  ).map(metricById);
  return [...fixed, ...own].map((metric) => {
    const id = metric.id.replace(/[^A-Za-z0-9_-]/g, '-');
    return {
      id: `bars-${id}`,
      title: metric.label,
      caption: `Median per scenario with its 95% bootstrap confidence interval (black bar); dots are the individual repetitions. ${metric.lowerIsBetter ? 'Lower is better.' : 'Higher is better.'}`,
      mode: 'vega-lite' as const,
      spec: { $schema: VEGA_LITE_SCHEMA, config: VL_CONFIG, hconcat: g.jobs.map((job) => panel(g, a, metric, job)) },
    };
  });
}
