import { HarnessError } from '../core/errors.ts';
import type { RunRecord } from '../results/schema.ts';
import { compare } from '../stats/compare.ts';
import { HEADLINE_METRIC_IDS, metricsOf, qualityMetric, reportedNames, type MetricDef } from '../stats/metrics.ts';
import { summarize } from '../stats/summary.ts';
import { matrixMargin } from '../stats/margin.ts';
import { decide } from '../stats/verdict.ts';
import { sideFingerprint } from './fingerprints.ts';
import { groupJobRuns } from '../stats/job-runs.ts';
import { failedRunCounts, matchGroups, type JobGroup } from './match.ts';
import { regressionPercent } from './regress.ts';
import type { DiffResult, DiffRow, DiffSide, SideStats } from './types.ts';
import { frameworkWarnings, hostWarnings } from './warnings.ts';

/** Metrics compared when none are named: time, CPU average and maximum, RAM peak, GPU peak memory, throughput. */
export const DEFAULT_DIFF_METRICS = HEADLINE_METRIC_IDS;

/** Options of `buildDiff`. */
export interface DiffOptions {
  /** Metric ids of METRICS to compare (default DEFAULT_DIFF_METRICS), e.g. ['wallSeconds', 'memoryPeakBytes']. */
  metrics?: readonly string[];
  /** Seed of the bootstrap, so the same inputs give the same intervals. */
  seed?: number;
  /** Significance level; default that of compare() (0.05). */
  alpha?: number;
  /** Equivalence margin, as a fraction (default: A's matrix decision.marginPercent, else 0.05). */
  margin?: number;
}

/**
 * The metric definitions for the given ids (DEFAULT_DIFF_METRICS plus the workload's own throughputs and
 * quality metrics when none are named), refusing an unknown id with the known ones.
 */
export function selectMetrics(ids?: readonly string[], records: readonly RunRecord[] = []): MetricDef[] {
  const names = reportedNames(records);
  const known = [...metricsOf(records), ...names.metrics.map(qualityMetric)];
  if (!ids || ids.length === 0) {
    const own = known.filter((m) => m.id.startsWith('throughput:') || m.id.startsWith('metric:'));
    return [...DEFAULT_DIFF_METRICS.map((id) => known.find((m) => m.id === id)!), ...own];
  }
  return [...new Set(ids)].map((id) => {
    const def = known.find((m) => m.id === id || m.id.toLowerCase() === id.toLowerCase());
    if (!def) {
      throw new HarnessError('E_USAGE', `unknown metric "${id}"`, {
        fix: `use one of: ${known.map((m) => m.id).join(', ')}`,
      });
    }
    return def;
  });
}

function valuesOf(metric: MetricDef, runs: readonly RunRecord[]): number[] {
  const out: number[] = [];
  for (const r of runs) {
    const v = metric.extract(r);
    if (v !== null && Number.isFinite(v)) out.push(v);
  }
  return out;
}

function sideStats(values: readonly number[], seed: number | undefined): SideStats {
  const { outliers: _outliers, ...stats } = summarize(values, seed === undefined ? undefined : { seed });
  return stats;
}

/** Compares one metric of one matched scenario/job; null when neither side has a value (e.g. GPU memory on CPU hosts). */
function buildRow(metric: MetricDef, ga: JobGroup, gb: JobGroup, opts: DiffOptions = {}): DiffRow | null {
  const va = valuesOf(metric, ga.ok);
  const vb = valuesOf(metric, gb.ok);
  if (va.length === 0 && vb.length === 0) return null;
  const head = {
    scenario: ga.scenario,
    stack: ga.stack,
    deployment: ga.deployment,
    job: ga.job,
    metric: metric.id,
    label: metric.label,
    unit: metric.unit,
    lowerIsBetter: metric.lowerIsBetter,
    kind: metric.id.startsWith('metric:') ? ('quality' as const) : ('resource' as const),
    a: sideStats(va, opts.seed),
    b: sideStats(vb, opts.seed),
  };
  if (va.length === 0 || vb.length === 0) {
    const missing = va.length === 0 ? 'A' : 'B';
    return {
      ...head,
      ratio: null,
      ciLow: null,
      ciHigh: null,
      pValue: null,
      test: 'none',
      significant: false,
      verdict: 'n/a',
      regressionPercent: null,
      warning: `no ${metric.label} recorded on ${missing}`,
      decision: decide({ nA: va.length, nB: vb.length, ratio: null, ciLow: null, ciHigh: null, significant: false }),
    };
  }
  const c = compare(va, vb, { seed: opts.seed, alpha: opts.alpha, margin: opts.margin });
  return {
    ...head,
    ratio: c.ratio,
    ciLow: c.ciLow,
    ciHigh: c.ciHigh,
    pValue: c.pValue,
    test: c.test,
    significant: c.significant,
    verdict: c.verdict,
    regressionPercent: regressionPercent(c.ratio, metric.lowerIsBetter),
    warning: c.warning,
    decision: c.decision,
  };
}

/**
 * Compares two campaigns: matches scenarios and jobs by stack, deployment and job, compares every
 * selected metric over the ok, non-warmup runs, and collects fingerprints and comparability warnings.
 * Pure: the caller reads the campaigns (loadCampaign) and passes them in.
 */
export function buildDiff(a: DiffSide, b: DiffSide, opts: DiffOptions = {}): DiffResult {
  const metrics = selectMetrics(opts.metrics, [...a.records, ...b.records]);
  const margin = opts.margin ?? matrixMargin(a.campaign.matrix);
  opts = { ...opts, margin };
  const groupsA = groupJobRuns(a.records, (r) => r);
  const groupsB = groupJobRuns(b.records, (r) => r);
  const { matched, onlyInA, onlyInB } = matchGroups(groupsA, groupsB);
  const rows: DiffRow[] = [];
  for (const pair of matched) {
    for (const metric of metrics) {
      const row = buildRow(metric, pair.a, pair.b, opts);
      if (row) rows.push(row);
    }
  }
  const fingerprints = { a: sideFingerprint(a), b: sideFingerprint(b) };
  const warnings = [
    ...hostWarnings(fingerprints.a, fingerprints.b),
    ...frameworkWarnings(fingerprints.a, fingerprints.b),
    ...failedRunCounts('A', groupsA),
    ...failedRunCounts('B', groupsB),
  ];
  if (matched.length === 0) warnings.push('no scenario/job has ok runs on both sides: nothing to compare');
  return { rows, fingerprints, warnings, onlyInA, onlyInB, margin };
}
