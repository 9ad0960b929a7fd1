import { VEGA_LITE_SCHEMA } from '../../report/specs/common.ts';
import type { DiffResult, DiffRow } from '../types.ts';

/** A vega-lite spec, as plain JSON. */
export type VegaLiteSpec = Record<string, unknown>;

/** Direction of a row for colouring: a significant change for the worse or the better, or none. */
export function direction(r: DiffRow): 'worse' | 'better' | 'same' {
  if (!r.significant || r.regressionPercent === null) return 'same';
  return r.regressionPercent > 0 ? 'worse' : 'better';
}

/** Metrics present in the rows, in row order, with their labels. */
export function metricsOf(d: DiffResult): { id: string; label: string; lowerIsBetter: boolean }[] {
  const seen = new Map<string, { id: string; label: string; lowerIsBetter: boolean }>();
  for (const r of d.rows)
    if (!seen.has(r.metric)) seen.set(r.metric, { id: r.metric, label: r.label, lowerIsBetter: r.lowerIsBetter });
  return [...seen.values()];
}

// One point per scenario/job with a positive ratio; a missing CI end falls back to the ratio.
function ratioValues(d: DiffResult, metric: string) {
  return d.rows
    .filter((r) => r.metric === metric && r.ratio !== null && r.ratio > 0)
    .map((r) => ({
      row: `${r.scenario} ${r.job}`,
      ratio: r.ratio,
      ciLow: r.ciLow !== null && r.ciLow > 0 ? r.ciLow : r.ratio,
      ciHigh: r.ciHigh !== null && r.ciHigh > 0 ? r.ciHigh : r.ratio,
      verdict: r.decision.short,
      change: direction(r),
    }));
}

// A tight log domain around the data and 1: vega's "nice" log domains (0.1 to 10) squash small changes.
function logDomain(values: readonly { ciLow: number | null; ciHigh: number | null }[]): [number, number] {
  const ends = values.flatMap((v) => [v.ciLow ?? 1, v.ciHigh ?? 1]).filter((x): x is number => x > 0);
  return [Math.min(1, ...ends) / 1.05, Math.max(1, ...ends) * 1.05];
}

const Y = { field: 'row', type: 'nominal', title: null, sort: null };

// The 95% CI of each row as a bar, coloured by the direction of the change.
function ciLayer(domain: [number, number]): VegaLiteSpec {
  return {
    mark: { type: 'rule', strokeWidth: 2 },
    encoding: {
      y: Y,
      x: {
        field: 'ciLow',
        type: 'quantitative',
        scale: { type: 'log', domain, nice: false },
        title: 'ratio B/A (log scale), 95% CI',
      },
      x2: { field: 'ciHigh' },
      color: {
        field: 'change',
        type: 'nominal',
        scale: { domain: ['worse', 'better', 'same'], range: ['#c0392b', '#27ae60', '#7f8c8d'] },
        legend: { title: 'change' },
      },
    },
  };
}

// The ratio of each row as a point with a tooltip.
const POINT_LAYER: VegaLiteSpec = {
  mark: { type: 'point', filled: true, size: 60 },
  encoding: {
    y: Y,
    x: { field: 'ratio', type: 'quantitative' },
    color: { field: 'change', type: 'nominal' },
    tooltip: [
      { field: 'row' },
      { field: 'ratio', format: '.3f' },
      { field: 'ciLow', format: '.3f' },
      { field: 'ciHigh', format: '.3f' },
      { field: 'verdict' },
    ],
  },
};

/**
 * Ratio chart of one metric: one line per scenario/job, the ratio B/A as a point with its 95% CI as a
 * bar, on a log scale with a rule at 1 (no change); red for a significant regression, green for a
 * significant improvement, grey for `~`.
 */
export function ratioChartSpec(d: DiffResult, metric: string): VegaLiteSpec {
  const values = ratioValues(d, metric);
  return {
    $schema: VEGA_LITE_SCHEMA,
    width: 420,
    height: { step: 22 },
    data: { values },
    layer: [
      {
        mark: { type: 'rule', strokeDash: [4, 3], color: '#888' },
        data: { values: [{ one: 1 }] },
        encoding: { x: { field: 'one', type: 'quantitative' } },
      },
      ciLayer(logDomain(values)),
      POINT_LAYER,
    ],
  };
}
