/**
 * Radar plots of the normalised footprint (the paper's Figures 5 and 6): one per deployment comparing
 * the stacks, one per stack comparing the deployments, a panel per job. Vega-Lite has no polar line
 * mark, so the polygon, rings and spokes are computed here in Cartesian coordinates. Pure.
 */
import { metricById } from '../../stats/metrics.ts';
import { cellOf, type Analysis } from '../analysis.ts';
import { decisionText } from '../decisions.ts';
import { phrase } from '../format.ts';
import { displayUnit, formatWithUnit } from '../../render/units.ts';
import { jobWord, type Group, type Grouping } from '../groups.ts';
import { deploymentScale, paletteScale, VEGA_LITE_SCHEMA, VL_CONFIG } from './common.ts';
import type { ChartSpec } from '../../render/chart.ts';

/** Axes of the radar, clockwise from the top, with their short labels. */
export const RADAR_AXES: { id: string; label: string }[] = [
  { id: 'wallSeconds', label: 'time' },
  { id: 'cpuAvgPercent', label: 'CPU avg' },
  { id: 'cpuMaxPercent', label: 'CPU max' },
  { id: 'memoryPeakBytes', label: 'private RAM' },
  { id: 'gpuPeakBytes', label: 'GPU memory' },
];

const RINGS = [0.25, 0.5, 0.75, 1];
const DASHES = [
  [1, 0],
  [6, 4],
  [2, 3],
  [8, 3, 2, 3],
];
const SIZE = 250;
const polar = (r: number, k: number, n: number): { x: number; y: number } => ({
  x: r * Math.sin((2 * Math.PI * k) / n),
  y: r * Math.cos((2 * Math.PI * k) / n),
});

/** Axes with data for a job and the largest median of each (the normaliser), over every group of the job. */
export function radarAxes(g: Grouping, a: Analysis, job: string): { id: string; label: string; max: number }[] {
  const groups = g.groups.filter((x) => x.job === job);
  return RADAR_AXES.map((ax) => ({
    ...ax,
    max: Math.max(0, ...groups.map((x) => cellOf(a, x, ax.id).summary.median ?? 0)),
  })).filter((ax) => ax.max > 0);
}

type Spec = Record<string, unknown>;
type Axis = { id: string; label: string; max: number };
type Scale = { domain: string[]; range: string[] };
const SCALE = { domain: [-1.45, 1.45], nice: false, zero: false };
const X = { field: 'x', type: 'quantitative', scale: SCALE, axis: null };
const Y = { field: 'y', type: 'quantitative', scale: SCALE, axis: null };

// Each series' closed polygon: one vertex per axis (and the first again), at its normalised median.
function seriesLines(a: Analysis, axes: readonly Axis[], series: { name: string; group: Group }[]): Spec[] {
  const n = axes.length;
  return series.flatMap(({ name, group }) =>
    [...axes, axes[0]!].map((ax, k) => {
      const m = cellOf(a, group, ax.id).summary.median;
      const r = m === null ? 0 : m / ax.max;
      return {
        series: name,
        k,
        metric: ax.label,
        value: formatWithUnit(m, displayUnit(metricById(ax.id), [m])),
        norm: Math.round(r * 1000) / 1000,
        ...polar(r, k, n),
      };
    }),
  );
}

// Rings, spokes and the axis labels (placed left, right, above or below by where they fall).
function frameLayers(axes: readonly Axis[]): Spec[] {
  const n = axes.length;
  const grid = RINGS.flatMap((r) => [...axes, axes[0]!].map((_ax, k) => ({ ring: r, k, ...polar(r, k, n) })));
  const spokes = axes.map((_ax, k) => ({ ...polar(1, k, n), x0: 0, y0: 0 }));
  const labels = axes.map((ax, k) => ({ text: ax.label, ...polar(1.08, k, n) }));
  const side = (test: string, align: string, dy = 0): Spec => ({
    data: { values: labels },
    transform: [{ filter: test }],
    mark: {
      type: 'text',
      fontSize: 11,
      color: '#444',
      align,
      dx: align === 'left' ? 3 : align === 'right' ? -3 : 0,
      dy,
    },
    encoding: { x: X, y: Y, text: { field: 'text' } },
  });
  return [
    {
      data: { values: grid },
      mark: { type: 'line', color: '#ccc', strokeWidth: 1 },
      encoding: { x: X, y: Y, detail: { field: 'ring', type: 'nominal' }, order: { field: 'k' } },
    },
    {
      data: { values: spokes },
      mark: { type: 'rule', color: '#ccc' },
      encoding: { x: X, y: Y, x2: { field: 'x0' }, y2: { field: 'y0' } },
    },
    side('datum.x > 0.01', 'left'),
    side('datum.x < -0.01', 'right'),
    side('abs(datum.x) <= 0.01 && datum.y > 0', 'center', -7),
    side('abs(datum.x) <= 0.01 && datum.y <= 0', 'center', 9),
  ];
}

// The series' polygons (dashed apart) and their vertices with tooltips.
function seriesLayer(lines: Spec[], color: Scale, n: number): Spec {
  const tooltip = [
    { field: 'series' },
    { field: 'metric' },
    { field: 'value', title: 'median' },
    { field: 'norm', title: 'normalised' },
  ];
  return {
    data: { values: lines },
    layer: [
      {
        mark: { type: 'line', strokeWidth: 2, opacity: 0.85 },
        // Dashes tell series apart where their polygons coincide (deployments of one stack often do).
        encoding: {
          x: X,
          y: Y,
          color: { field: 'series', type: 'nominal', title: null, scale: color },
          strokeDash: {
            field: 'series',
            type: 'nominal',
            title: null,
            scale: { domain: color.domain, range: color.domain.map((_d, i) => DASHES[i % DASHES.length]) },
          },
          order: { field: 'k' },
        },
      },
      {
        transform: [{ filter: `datum.k < ${n}` }],
        mark: { type: 'point', filled: true, size: 30 },
        encoding: { x: X, y: Y, color: { field: 'series', type: 'nominal', scale: color }, tooltip },
      },
    ],
  };
}

function panel(g: Grouping, a: Analysis, job: string, series: { name: string; group: Group }[], color: Scale): Spec {
  const axes = radarAxes(g, a, job);
  const n = axes.length;
  const base = { title: jobWord(job), width: SIZE, height: SIZE };
  if (n < 3 || series.length === 0) {
    return {
      ...base,
      data: { values: [{ text: n === 0 || series.length === 0 ? 'no data' : 'fewer than 3 metrics with data' }] },
      mark: { type: 'text', color: '#888' },
      encoding: { text: { field: 'text', type: 'nominal' } },
    };
  }
  return {
    ...base,
    view: { stroke: null },
    layer: [...frameLayers(axes), seriesLayer(seriesLines(a, axes, series), color, n)],
  };
}

function chart(
  g: Grouping,
  a: Analysis,
  id: string,
  title: string,
  pick: (x: Group) => boolean,
  name: (x: Group) => string,
  color: { domain: string[]; range: string[] },
  note = '',
): ChartSpec {
  return {
    id,
    title,
    caption: `Median footprint per metric, normalised by the largest median of that metric among all scenarios of the job (1 = the outer ring). Smaller polygons are leaner.${note}`,
    mode: 'vega-lite',
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      config: VL_CONFIG,
      hconcat: g.jobs.map((job) =>
        panel(
          g,
          a,
          job,
          g.groups.filter((x) => x.job === job && pick(x)).map((x) => ({ name: name(x), group: x })),
          color,
        ),
      ),
    },
  };
}

// The decisions behind a stack's radar: each deployment vs bare metal, per job and radar metric.
function stackNote(a: Analysis, stackLabel: string): string {
  const axes = new Set(RADAR_AXES.map((x) => x.id));
  const rows = a.comparisons.filter(
    (r) => r.kind === 'deployment' && r.b.stackLabel === stackLabel && axes.has(r.metric.id),
  );
  if (rows.length === 0) return '';
  const parts = rows.map((r) => `${jobWord(r.job)} ${phrase(r.metric.label)} ${r.b.deployment}: ${decisionText(r)}`);
  return ` Decisions vs ${rows[0]!.a.deployment}: ${parts.join('; ')}.`;
}

/** The radar charts: per deployment (stacks compared), then per stack (deployments compared). */
export function radarCharts(g: Grouping, a: Analysis): ChartSpec[] {
  const byDeployment = g.deployments.map((d, i) =>
    chart(
      g,
      a,
      `radar-deployment-${i}`,
      `Footprint on ${d}: stacks compared`,
      (x) => x.deployment === d,
      (x) => x.stackLabel,
      paletteScale(g.stackLabels),
    ),
  );
  const byStack = g.stackLabels.map((s, i) =>
    chart(
      g,
      a,
      `radar-stack-${i}`,
      `Footprint of ${s}: deployments compared`,
      (x) => x.stackLabel === s,
      (x) => x.deployment,
      deploymentScale(g.deployments),
      stackNote(a, s),
    ),
  );
  return [...byDeployment, ...byStack];
}
