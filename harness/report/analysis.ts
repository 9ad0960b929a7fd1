/**
 * The statistics of the report: a summary per group and metric, comparisons (each deployment against
 * bare metal per stack; each stack against the first per deployment) and the stack x deployment
 * decomposition per campaign, job and metric. Pure.
 */
import { compare, type Comparison } from '../stats/compare.ts';
import { decompose, readDecomposition, type Decomposition } from '../stats/decompose.ts';
import { HEADLINE_METRIC_IDS, isThroughput, metricsOf, type MetricDef } from '../stats/metrics.ts';
import { isNoisy } from '../stats/noisy.ts';
import { summarize, type Summary } from '../stats/summary.ts';
import { phrase } from './format.ts';
import { jobWord, type Group, type Grouping, type Source } from './groups.ts';
import type { BuildOptions } from './types.ts';

/** Whether the findings and comparison tables talk about a metric (the headline ones and every throughput). */
export function isHeadline(id: string): boolean {
  return HEADLINE_METRIC_IDS.includes(id) || isThroughput(id);
}

/** One metric of one group. */
export interface Cell {
  group: Group;
  metric: MetricDef;
  /** Values of the ok runs that have the metric. */
  values: number[];
  /** Repetition number of each value. */
  reps: number[];
  summary: Summary;
}

/** One comparison of a metric (of HEADLINE_METRIC_IDS) between two groups of the same campaign and job. */
export interface ComparisonRow {
  /** 'deployment': same stack, other deployment vs the baseline deployment; 'stack': same deployment, other stack vs the first. */
  kind: 'deployment' | 'stack';
  job: string;
  metric: MetricDef;
  /** Baseline (A) and compared (B) groups: ratio = B / A. */
  a: Group;
  b: Group;
  /** E.g. "torch-2.6: container vs bare-metal". */
  label: string;
  comparison: Comparison;
  /** Runs of A and B (ok, measured) flagged noisy: a decision on them says so. */
  noisyRuns: number;
}

/** The decomposition of one metric of one job of one campaign. */
export interface DecompositionRow {
  source: Source;
  job: string;
  metric: MetricDef;
  decomposition: Decomposition;
  /** E.g. "stack dominates training execution time: 92% vs 1% for deployment". */
  reading: string;
  /** Largest over smallest scenario median (1.03 = all scenarios within 3%); null when a median is 0 or missing. */
  spread: number | null;
}

/** Everything computed from the groups. */
export interface Analysis {
  /** Cell per group key and metric id. */
  cells: Map<string, Map<string, Cell>>;
  /** Metrics with at least one value, per job. */
  metricsByJob: Map<string, MetricDef[]>;
  comparisons: ComparisonRow[];
  decompositions: DecompositionRow[];
}

/** The cell of a group and metric (always present after analyse()). */
export function cellOf(a: Analysis, g: Group, metricId: string): Cell {
  const c = a.cells.get(g.key)?.get(metricId);
  if (!c) throw new Error(`no cell for ${g.key} ${metricId}`);
  return c;
}

function makeCell(group: Group, metric: MetricDef, opts: BuildOptions): Cell {
  const values: number[] = [];
  const reps: number[] = [];
  for (const r of group.ok) {
    const v = metric.extract(r);
    if (v !== null) {
      values.push(v);
      reps.push(r.rep);
    }
  }
  return { group, metric, values, reps, summary: summarize(values, { seed: opts.seed }) };
}

function comparisonsOf(
  g: Grouping,
  cells: Analysis['cells'],
  metrics: Map<string, MetricDef[]>,
  opts: BuildOptions,
): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  const add = (kind: ComparisonRow['kind'], a: Group, b: Group, label: string): void => {
    for (const metric of (metrics.get(a.job) ?? []).filter((m) => isHeadline(m.id))) {
      const va = cells.get(a.key)?.get(metric.id)?.values ?? [];
      const vb = cells.get(b.key)?.get(metric.id)?.values ?? [];
      if (va.length === 0 && vb.length === 0) continue;
      rows.push({
        kind,
        job: a.job,
        metric,
        a,
        b,
        label,
        comparison: compare(va, vb, { seed: opts.seed, alpha: opts.alpha, margin: opts.margin }),
        noisyRuns: [...a.ok, ...b.ok].filter(isNoisy).length,
      });
    }
  };
  for (const source of g.sources) {
    for (const job of g.jobs) {
      const mine = g.groups.filter((x) => x.source === source && x.job === job);
      const stacks = [...new Set(mine.map((x) => x.stack))];
      for (const stack of stacks) {
        const deps = mine.filter((x) => x.stack === stack);
        const base = deps.find((x) => x.deployment === 'bare-metal') ?? deps[0];
        for (const other of deps)
          if (base && other !== base)
            add('deployment', base, other, `${other.stackLabel}: ${other.deployment} vs ${base.deployment}`);
      }
      for (const dep of g.deployments) {
        const st = mine.filter((x) => x.deployment === dep);
        const base = st[0];
        for (const other of st.slice(1))
          if (base) add('stack', base, other, `${dep}: ${other.stackLabel} vs ${base.stackLabel}`);
      }
    }
  }
  return rows;
}

/** Summaries, comparisons and decompositions of every group. */
export function analyse(g: Grouping, opts: BuildOptions = {}): Analysis {
  const cells: Analysis['cells'] = new Map();
  const defs = metricsOf(g.groups.flatMap((x) => x.ok));
  for (const group of g.groups) cells.set(group.key, new Map(defs.map((m) => [m.id, makeCell(group, m, opts)])));
  const metricsByJob = new Map(
    g.jobs.map((job) => [
      job,
      defs.filter((m) => g.groups.some((x) => x.job === job && (cells.get(x.key)?.get(m.id)?.summary.n ?? 0) > 0)),
    ]),
  );
  const decompositions: DecompositionRow[] = [];
  for (const source of g.sources) {
    for (const job of g.jobs) {
      for (const metric of metricsByJob.get(job) ?? []) {
        const obs = g.groups
          .filter((x) => x.source === source && x.job === job)
          .flatMap((x) =>
            (cells.get(x.key)?.get(metric.id)?.values ?? []).map((value) => ({
              stack: x.stack,
              deployment: x.deployment,
              value,
            })),
          );
        const d = decompose(obs);
        const medians = g.groups
          .filter((x) => x.source === source && x.job === job)
          .map((x) => cells.get(x.key)?.get(metric.id)?.summary.median ?? null);
        const known = medians.filter((m): m is number => m !== null && m > 0);
        const spread =
          known.length === medians.length && known.length > 0 ? Math.max(...known) / Math.min(...known) : null;
        if (d)
          decompositions.push({
            source,
            job,
            metric,
            decomposition: d,
            reading: readDecomposition(d, `${jobWord(job)} ${phrase(metric.label)}`),
            spread,
          });
      }
    }
  }
  return { cells, metricsByJob, comparisons: comparisonsOf(g, cells, metricsByJob, opts), decompositions };
}
