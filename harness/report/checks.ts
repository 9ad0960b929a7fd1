/**
 * Consistency checks of a campaign, as words for the report: runs that did not end ok, framework
 * fingerprints that differ between deployments of a stack, quality metrics (job.metrics) that differ
 * between deployments of a stack (they must not: same bytes, same data, same seed), outliers. Pure.
 */
import { isUserWorkload } from '../matrix/workload.ts';
import { cellOf, type Analysis } from './analysis.ts';
import type { Grouping, Group } from './groups.ts';

/** Result of the results-equivalence check for one stack and job. */
export interface Equivalence {
  stackLabel: string;
  job: string;
  /** Deployments compared. */
  deployments: string[];
  /** True when every ok run of every deployment reported the same job.metrics. */
  equal: boolean;
  /** What differs, in words (empty when equal). */
  differences: string[];
}

/** Canonical text of a value: object keys sorted, numbers to 12 significant digits. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === 'number') return Number.isFinite(v) ? Number(v.toPrecision(12)) : String(v);
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, (v as Record<string, unknown>)[k]]),
      );
    }
    return v;
  });
}

// Keys whose canonical value differs between the two objects, as "key: x (A) vs y (B)".
function differingKeys(a: Record<string, unknown>, b: Record<string, unknown>, nameA: string, nameB: string): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  const show = (v: unknown): string => (v === undefined ? '(absent)' : canonical(v).slice(0, 80));
  return keys
    .filter((k) => canonical(a[k]) !== canonical(b[k]))
    .map((k) => `${k}: ${show(a[k])} (${nameA}) vs ${show(b[k])} (${nameB})`);
}

function byStackAndJob(g: Grouping): Group[][] {
  const m = new Map<string, Group[]>();
  for (const x of g.groups) {
    const k = JSON.stringify([x.source.id, x.stack, x.job]);
    m.set(k, [...(m.get(k) ?? []), x]);
  }
  return [...m.values()];
}

// Distinct canonical values of a field over a group's ok runs, with the first object of each.
function distinct(group: Group, field: 'metrics' | 'framework'): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const r of group.ok) {
    const v = r.job[field];
    if (v) out.set(canonical(v), v);
  }
  return out;
}

function compareField(groups: Group[], field: 'metrics' | 'framework'): string[] {
  const diffs: string[] = [];
  const withData = groups.map((x) => ({ x, values: distinct(x, field) })).filter((e) => e.values.size > 0);
  for (const { x, values } of withData) {
    if (values.size > 1) diffs.push(`${x.deployment}: ${values.size} different values across its repetitions`);
  }
  const base = withData[0];
  for (const other of withData.slice(1)) {
    if (!base) break;
    const [ka, va] = [...base.values][0]!;
    const [kb, vb] = [...other.values][0]!;
    if (ka !== kb) diffs.push(...differingKeys(va, vb, base.x.deployment, other.x.deployment));
  }
  return diffs;
}

/** A user workload's `equivalence` setting, read from the campaign's stored matrix (null: compare every metric exactly). */
export function equivalenceSetting(source: Group['source']): { metrics: string[]; relTolerance: number } | null {
  const w = source.campaign.matrix.workload;
  const eq = isUserWorkload(w) ? w.equivalence : undefined;
  return eq ? { metrics: eq.metrics, relTolerance: eq.relTolerance } : null;
}

const close = (a: unknown, b: unknown, rel: number): boolean =>
  typeof a === 'number' && typeof b === 'number'
    ? Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b))
    : canonical(a) === canonical(b);

// The named metrics of every ok run, each compared with the first run's, within the relative tolerance.
function compareWithin(groups: Group[], eq: { metrics: string[]; relTolerance: number }): string[] {
  const runs = groups.flatMap((x) =>
    x.ok.filter((r) => r.job.metrics).map((r) => ({ dep: x.deployment, rep: r.rep, m: r.job.metrics! })),
  );
  const base = runs[0];
  if (!base) return [];
  const diffs: string[] = [];
  for (const name of eq.metrics) {
    const off = runs.find((r) => !close(r.m[name], base.m[name], eq.relTolerance));
    if (off)
      diffs.push(
        `${name}: ${canonical(base.m[name])} (${base.dep} rep ${base.rep}) vs ${canonical(off.m[name])} (${off.dep} rep ${off.rep}), beyond the relative tolerance ${eq.relTolerance}`,
      );
  }
  return diffs;
}

/**
 * The results-equivalence check: job.metrics equal between deployments of each stack (and job); for a
 * user workload with `equivalence`, the metrics it names, within its relative tolerance.
 */
export function equivalence(g: Grouping): Equivalence[] {
  return byStackAndJob(g)
    .filter((groups) => groups.length > 1 && groups.filter((x) => distinct(x, 'metrics').size > 0).length > 1)
    .map((groups) => {
      const eq = equivalenceSetting(groups[0]!.source);
      const differences = eq ? compareWithin(groups, eq) : compareField(groups, 'metrics');
      return {
        stackLabel: groups[0]!.stackLabel,
        job: groups[0]!.job,
        deployments: groups.map((x) => x.deployment),
        equal: differences.length === 0,
        differences,
      };
    });
}

/** Framework fingerprints that differ between deployments (or repetitions) of a stack, one line each. */
export function fingerprintWarnings(g: Grouping): string[] {
  return byStackAndJob(g).flatMap((groups) =>
    compareField(groups, 'framework').map(
      (d) => `${groups[0]!.stackLabel} ${groups[0]!.job}: framework fingerprint differs: ${d}`,
    ),
  );
}

/** Runs that did not end ok (warmups included), with their error text; they are excluded from the statistics. */
export function failedRunWarnings(g: Grouping): string[] {
  const q = (label: string): string => (label ? `${label} · ` : '');
  return g.sources.flatMap((s) =>
    s.runs
      .filter((run) => run.record.status !== 'ok')
      .map(
        ({ record: r }) =>
          `${q(s.label)}${r.scenario} ${r.job.name} ${r.warmup ? 'warmup' : 'rep'} ${r.rep}: ${r.status}${r.exitCode !== null ? ` (exit ${r.exitCode})` : ''}${r.signal ? ` (${r.signal})` : ''}: ${r.error ?? 'no error text'} (excluded from the statistics)`,
      ),
  );
}

/** Campaign-level problems: not complete, warnings recorded by the run. */
export function campaignWarnings(g: Grouping): string[] {
  return g.sources.flatMap((s) => {
    const q = s.label ? `${s.label}: ` : '';
    const state =
      s.campaign.state === 'complete' ? [] : [`${q}campaign ${s.id} is ${s.campaign.state}: results may be partial`];
    return [...state, ...s.campaign.warnings.map((w) => `${q}recorded during the run: ${w}`)];
  });
}

/** How far from the median (relative) an outlier must also be to be worth a warning. */
export const OUTLIER_MIN_RELATIVE = 0.05;

/**
 * Values beyond 3 scaled MADs from their scenario's median and more than 5% away from it (with few
 * repetitions the MAD is small and unstable, so tiny deviations would be flagged): one line per group.
 */
export function outlierWarnings(g: Grouping, a: Analysis): string[] {
  const out: string[] = [];
  for (const x of g.groups) {
    const parts: string[] = [];
    for (const m of a.metricsByJob.get(x.job) ?? []) {
      const c = cellOf(a, x, m.id);
      const med = c.summary.median ?? 0;
      const far = c.summary.outliers.filter(
        (i) => Math.abs((c.values[i] ?? med) - med) > OUTLIER_MIN_RELATIVE * Math.abs(med),
      );
      if (far.length > 0) parts.push(`${m.label} (rep ${far.map((i) => c.reps[i]).join(', ')})`);
    }
    if (parts.length > 0)
      out.push(
        `${x.label} ${x.job}: outliers (beyond 3 scaled MADs and 5% from the median) in ${parts.join(', ')}; medians are robust to them`,
      );
  }
  return out;
}
