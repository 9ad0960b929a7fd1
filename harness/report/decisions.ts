/**
 * The decisions of the report in words: per stack, each deployment against bare metal on wall time
 * (ratio, CI, and different / equivalent within the margin / undecided with its reason), and the list
 * of comparisons that stayed undecided. Pure.
 */
import { matrixMargin } from '../stats/margin.ts';
import { DEFAULT_MARGIN } from '../stats/verdict.ts';
import type { ComparisonRow } from './analysis.ts';
import { phrase } from './format.ts';
import { jobWord } from './groups.ts';
import type { CampaignInput } from './types.ts';

/** The metric whose deployment comparisons the campaign must decide (and extra rounds chase). */
export const DECIDED_METRIC = 'wallSeconds';

/** The equivalence margin (fraction): the first campaign's matrix `decision.marginPercent`, else DEFAULT_MARGIN. */
export function campaignMargin(campaigns: readonly CampaignInput[]): number {
  const matrix = campaigns[0]?.campaign.matrix;
  return matrix ? matrixMargin(matrix) : DEFAULT_MARGIN;
}

/** The decision of a row in words, saying when it rests on runs flagged noisy. */
export function decisionText(row: ComparisonRow): string {
  const noisy = row.noisyRuns > 0 ? ` [on ${row.noisyRuns} run(s) flagged noisy: the machine was shared]` : '';
  return `${row.comparison.decision.text}${noisy}`;
}

const ratioText = (row: ComparisonRow): string => {
  const c = row.comparison;
  if (c.ratio === null) return 'no ratio';
  const ci = c.ciLow === null || c.ciHigh === null ? '' : ` [${c.ciLow.toFixed(3)}, ${c.ciHigh.toFixed(3)}]`;
  return `ratio ${c.ratio.toFixed(3)}${ci}`;
};

/** "torch-2.6: container vs bare-metal, wall time: ratio 1.012 [0.998, 1.027], equivalent within ±5% (+1.2%)." */
export function decisionLine(row: ComparisonRow): string {
  return `${row.label}, ${phrase(row.metric.label)}: ${ratioText(row)}, ${decisionText(row)}.`;
}

/** The rows the campaign must decide: deployment comparisons of wall time. */
export function decidedRows(rows: readonly ComparisonRow[]): ComparisonRow[] {
  return rows.filter((r) => r.kind === 'deployment' && r.metric.id === DECIDED_METRIC);
}

/** One line per decided row that stayed undecided, with its job and reason; or one line saying all are decided. */
export function undecidedSummary(rows: readonly ComparisonRow[]): string[] {
  const all = decidedRows(rows);
  if (all.length === 0) return [];
  const open = all.filter((r) => r.comparison.decision.outcome === 'undecided');
  if (open.length === 0)
    return [`All ${all.length} deployment comparisons of wall time are decided (different or equivalent).`];
  return [
    `${open.length} of ${all.length} deployment comparisons of wall time stayed undecided:`,
    ...open.map((r) => `${jobWord(r.job)}, ${r.label}: ${decisionText(r).replace(/^undecided: /, '')}.`),
  ];
}
