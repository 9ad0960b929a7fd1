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
      if (first && v !== first[1]) warnings.push(`stack ${stack}: the framework fingerprint differs between ${first[0]} (${first[1]}) and ${dep} (${v})`);
    }
  }
  return warnings;
}

/** Checks that the quality metrics of a job agree across deployments of a stack (they must: same bytes, same seed). */
export function metricMismatches(records: readonly RunRecord[]): string[] {
  const seen = new Map<string, { dep: string; metrics: string }>();
  const warnings: string[] = [];
  for (const r of records) {
    if (r.status !== 'ok' || !r.stack || !r.job.metrics) continue;
    const key = `${r.stack}/${r.job.name}`;
    const metrics = JSON.stringify(r.job.metrics, (_k, v: unknown) => (typeof v === 'number' ? Number(v.toFixed(6)) : v));
    const prev = seen.get(key);
    if (!prev) seen.set(key, { dep: r.deployment, metrics });
    else if (prev.metrics !== metrics && prev.dep !== r.deployment) warnings.push(`stack ${r.stack} ${r.job.name}: quality metrics differ between ${prev.dep} and ${r.deployment}`);
  }
  return [...new Set(warnings)];
}
