import type { Matrix } from '../matrix/schema.ts';
import { isUserWorkload } from '../matrix/workload.ts';
import type { RunRecord } from '../results/schema.ts';

/** Framework fingerprint fields that must agree between deployments of one stack. */
const KEYS = ['name', 'version', 'cuda', 'cudnn', 'python', 'numpy', 'blas', 'threads'] as const;

/**
 * Checks that every deployment of a stack reported the same framework fingerprint (the same bytes
 * must report the same software); returns one warning per disagreement.
 */
export function frameworkMismatches(records: readonly RunRecord[]): string[] {
  const byStack = new Map<string, Map<string, string>>();
  for (const r of records) {
    if (!r.stack || !r.job.framework || r.deployment === 'host') continue;
    const fw = r.job.framework;
    const key = JSON.stringify(KEYS.map((k) => fw[k] ?? null));
    const m = byStack.get(r.stack) ?? new Map<string, string>();
    if (!m.has(r.deployment)) m.set(r.deployment, key);
    byStack.set(r.stack, m);
  }
  const warnings: string[] = [];
  for (const [stack, m] of byStack) {
    const values = [...m.entries()];
    const first = values[0];
    for (const [dep, v] of values.slice(1)) {
      if (first && v !== first[1])
        warnings.push(
          `stack ${stack}: the framework fingerprint differs between ${first[0]} (${first[1]}) and ${dep} (${v})`,
        );
    }
  }
  return warnings;
}

/** Whether two metric values agree within a relative tolerance (null only equals null). */
export function withinTolerance(a: unknown, b: unknown, rel: number): boolean {
  if (typeof a !== 'number' || typeof b !== 'number') return a === b;
  if (a === b) return true;
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * Checks that the quality metrics of a job agree across deployments of a stack (they must: same bytes,
 * same seed). A user workload's `equivalence` names the metrics and the relative tolerance; otherwise
 * every reported metric must agree to 6 decimals.
 */
export function metricMismatches(records: readonly RunRecord[], matrix?: Matrix): string[] {
  const w = matrix?.workload;
  const eq = w && isUserWorkload(w) ? w.equivalence : undefined;
  const seen = new Map<string, { dep: string; metrics: Record<string, unknown> }>();
  const warnings: string[] = [];
  const reported = new Set<string>();
  for (const r of records) {
    if (r.status !== 'ok' || r.warmup || !r.stack || !r.job.metrics) continue;
    Object.keys(r.job.metrics).forEach((k) => reported.add(k));
    const key = `${r.stack}/${r.job.name}`;
    const prev = seen.get(key);
    if (!prev) {
      seen.set(key, { dep: r.deployment, metrics: r.job.metrics });
      continue;
    }
    if (prev.dep === r.deployment) continue;
    const names = eq ? eq.metrics : [...new Set([...Object.keys(prev.metrics), ...Object.keys(r.job.metrics)])];
    const rel = eq ? eq.relTolerance : 0;
    // Without a tolerance: every value (nested ones too) to 6 decimals.
    const text = (v: unknown): string =>
      JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' ? Number(x.toFixed(6)) : x)) ?? 'undefined';
    const agree = (a: unknown, b: unknown): boolean => (eq ? withinTolerance(a, b, rel) : text(a) === text(b));
    const differing = names.filter((n) => !agree(prev.metrics[n], r.job.metrics![n]));
    if (differing.length > 0)
      warnings.push(
        `stack ${r.stack} ${r.job.name}: quality metrics differ between ${prev.dep} and ${r.deployment}${eq ? ` (${differing.join(', ')}; relative tolerance ${eq.relTolerance})` : ''}`,
      );
  }
  if (eq) {
    const missing = eq.metrics.filter((m) => !reported.has(m));
    if (missing.length > 0 && reported.size > 0)
      warnings.push(
        `equivalence: metric${missing.length > 1 ? 's' : ''} ${missing.join(', ')} named in workload.equivalence but reported by no run (result.json metrics has ${[...reported].join(', ')})`,
      );
  }
  return [...new Set(warnings)];
}
