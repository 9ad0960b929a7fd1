/**
 * The findings in words, from the statistics only: which factor dominates each metric, the fastest and
 * leanest configurations, significant container overheads or gains, stack effects, and whether the
 * deployments of a stack produced the same results. Pure.
 */
import { cellOf, isHeadline, type Analysis, type ComparisonRow, type DecompositionRow } from './analysis.ts';
import type { Equivalence } from './checks.ts';
import { DECIDED_METRIC, decidedRows, decisionLine, undecidedSummary } from './decisions.ts';
import { phrase } from './format.ts';
import { displayUnit, formatP, formatRatio, formatShare, formatWithUnit } from '../render/units.ts';
import { jobWord, type Group } from './groups.ts';
import type { Grouping } from './groups.ts';

/** Findings under one heading (a job of a campaign, or the results-equivalence check). */
export interface FindingGroup {
  title: string;
  items: string[];
}

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const FACTOR_WORDS = {
  stack: 'the stack',
  deployment: 'the deployment',
  interaction: 'the stack x deployment interaction',
  residual: 'run-to-run noise',
} as const;

/** Below this spread of scenario medians (largest / smallest) a metric has no difference worth a factor. */
export const NEGLIGIBLE_SPREAD = 1.05;

// "The stack dominates execution time (100% vs 1% for deployment), CPU average (99% vs 0%)."
// Shares are relative: where every scenario lies within 5% of the others, naming a dominant factor would
// dress noise up as a finding, so those metrics are said to be alike instead.
function dominanceLines(all: DecompositionRow[]): string[] {
  const alike = all.filter((r) => r.spread !== null && r.spread < NEGLIGIBLE_SPREAD);
  const rows = all.filter((r) => !alike.includes(r));
  const by = new Map<DecompositionRow['decomposition']['dominant'], DecompositionRow[]>();
  for (const r of rows) by.set(r.decomposition.dominant, [...(by.get(r.decomposition.dominant) ?? []), r]);
  const small =
    alike.length === 0
      ? []
      : [
          `All scenarios lie within ${Math.round((NEGLIGIBLE_SPREAD - 1) * 100)}% of each other on ${alike.map((r) => `${phrase(r.metric.label)} (largest/smallest median ${formatRatio(r.spread)})`).join(', ')}: neither stack nor deployment matters there in practice.`,
        ];
  return [...by]
    .map(([factor, rs]) => {
      const parts = rs.map((r, i) => {
        const d = r.decomposition;
        const own = formatShare(d[factor].share);
        const vs =
          factor === 'stack'
            ? `${formatShare(d.deployment.share)}${i === 0 ? ' for deployment' : ''}`
            : `stack ${formatShare(d.stack.share)}, deployment ${formatShare(d.deployment.share)}`;
        return `${phrase(r.metric.label)} (${own} vs ${vs})`;
      });
      return `${cap(FACTOR_WORDS[factor])} dominates ${parts.join(', ')} (share of the variance of log(metric)).`;
    })
    .concat(small);
}

function lowest(a: Analysis, groups: Group[], metricId: string): { group: Group; median: number } | null {
  let out: { group: Group; median: number } | null = null;
  for (const x of groups) {
    const m = cellOf(a, x, metricId).summary.median;
    if (m !== null && (out === null || m < out.median)) out = { group: x, median: m };
  }
  return out;
}

function effect(row: ComparisonRow): string {
  const c = row.comparison;
  const better = row.metric.lowerIsBetter ? (c.ratio ?? 1) < 1 : (c.ratio ?? 1) > 1;
  return `${phrase(row.metric.label)} ${c.verdict} (${better ? 'better' : 'worse'}, p ${formatP(c.pValue)})`;
}

// One sentence per compared pair with at least one significant metric.
function effectLines(rows: ComparisonRow[], kind: ComparisonRow['kind']): string[] {
  const byPair = new Map<string, ComparisonRow[]>();
  for (const r of rows.filter((x) => x.kind === kind && x.comparison.significant && isHeadline(x.metric.id))) {
    byPair.set(r.label, [...(byPair.get(r.label) ?? []), r]);
  }
  return [...byPair].map(([k, rs]) => `${k}: ${rs.map(effect).join('; ')}.`);
}

// Per stack, the decision on wall time (container vs bare metal), then significant effects on the other metrics.
function deploymentLines(rows: ComparisonRow[]): string[] {
  const dep = rows.filter((x) => x.kind === 'deployment');
  if (dep.length === 0) return [];
  const decided = decidedRows(dep).map((r) => `Deployment, ${decisionLine(r)}`);
  const others = rows.filter((x) => !(x.kind === 'deployment' && x.metric.id === DECIDED_METRIC));
  const lines = effectLines(others, 'deployment');
  if (lines.length > 0) return [...decided, ...lines.map((l) => `Deployment effect, ${l}`)];
  const weak = dep.find((x) => x.comparison.warning?.startsWith('too few'));
  return [
    ...decided,
    `No significant difference between the deployments of a stack on any ${decided.length > 0 ? 'other ' : ''}metric${weak ? ` (but ${weak.comparison.warning})` : ''}.`,
  ];
}

function jobFindings(g: Grouping, a: Analysis, source: Grouping['sources'][number], job: string): string[] {
  const groups = g.groups.filter((x) => x.source === source && x.job === job);
  const out = dominanceLines(
    a.decompositions.filter((x) => x.source === source && x.job === job && isHeadline(x.metric.id)),
  );
  const fastest = lowest(a, groups, 'wallSeconds');
  if (fastest)
    out.push(
      `Fastest: ${fastest.group.label} (median ${formatWithUnit(fastest.median, displayUnit({ unit: 's' }, []))}).`,
    );
  const leanest = lowest(a, groups, 'memoryPeakBytes');
  if (leanest)
    out.push(
      `Leanest in RAM: ${leanest.group.label} (median peak ${formatWithUnit(leanest.median, displayUnit({ unit: 'bytes' }, [leanest.median]))}).`,
    );
  const rows = a.comparisons.filter((x) => x.a.source === source && x.job === job);
  out.push(...deploymentLines(rows), ...effectLines(rows, 'stack').map((l) => `Stack effect, ${l}`));
  return out;
}

function equivalenceGroup(eq: readonly Equivalence[]): FindingGroup[] {
  if (eq.length === 0) return [];
  const same = eq.filter((e) => e.equal).map((e) => `${e.stackLabel} ${e.job}`);
  const items =
    same.length > 0
      ? [`The quality metrics reported by the job are identical between deployments for ${same.join(', ')}.`]
      : [];
  for (const e of eq.filter((x) => !x.equal)) {
    items.push(
      `FAILED for ${e.stackLabel} ${e.job}: ${e.differences.slice(0, 3).join('; ')}${e.differences.length > 3 ? '; ...' : ''}.`,
    );
  }
  return [{ title: 'Results equivalence', items }];
}

/** The findings, grouped by campaign and job, then the results-equivalence check. */
export function findings(g: Grouping, a: Analysis, eq: readonly Equivalence[]): FindingGroup[] {
  const out: FindingGroup[] = [];
  for (const source of g.sources) {
    for (const job of g.jobs) {
      const items = jobFindings(g, a, source, job);
      if (items.length > 0)
        out.push({ title: `${g.sources.length > 1 ? `${source.label}: ` : ''}${cap(jobWord(job))}`, items });
    }
  }
  const open = undecidedSummary(a.comparisons);
  return [...out, ...(open.length > 0 ? [{ title: 'Decisions', items: open }] : []), ...equivalenceGroup(eq)];
}
