/**
 * Decision-based repetitions: after each round, compare each deployment with bare metal per stack and
 * job on wall time; the scenarios of a comparison that is still undecided get another round, up to
 * the matrix's `decision.maxRepetitions`. Pure.
 */
import type { RunRecord } from '../results/schema.ts';
import { compare } from '../stats/compare.ts';
import { isNoisy } from '../stats/noisy.ts';
import type { Decision } from '../stats/verdict.ts';

/** One deployment comparison of wall time (B vs bare metal, same stack and job) and its decision. */
export interface RunComparison {
  stack: string;
  job: string;
  /** Scenario ids of the baseline (bare metal) and the compared deployment. */
  a: string;
  b: string;
  decision: Decision;
  /** Ok, measured runs of either side flagged noisy. */
  noisyRuns: number;
}

/** The wall-time deployment comparisons of the ok, measured records, per stack and job, in record order. */
export function runComparisons(records: readonly RunRecord[], margin: number): RunComparison[] {
  const groups = new Map<string, RunRecord[]>();
  for (const r of records) {
    if (r.warmup || r.status !== 'ok' || r.stack === null) continue;
    const k = `${r.scenario}\u0000${r.job.name}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const out: RunComparison[] = [];
  for (const [key, base] of groups) {
    const first = base[0]!;
    if (first.deployment !== 'bare-metal') continue;
    for (const [k, other] of groups) {
      const o = other[0]!;
      if (k === key || o.stack !== first.stack || o.job.name !== first.job.name) continue;
      const c = compare(
        base.map((r) => r.wallSeconds),
        other.map((r) => r.wallSeconds),
        { margin },
      );
      const noisyRuns = [...base, ...other].filter(isNoisy).length;
      out.push({
        stack: first.stack!,
        job: first.job.name,
        a: first.scenario,
        b: o.scenario,
        decision: c.decision,
        noisyRuns,
      });
    }
  }
  return out;
}

/**
 * Scenario/job keys (`<scenario>/<job>`) that need another round because a comparison they take part in
 * is undecided (for any reason but missing data), given that `rep` repetitions have run.
 */
export function decisionRepsNeeded(
  records: readonly RunRecord[],
  rule: { marginPercent: number; maxRepetitions?: number | undefined },
  rep: number,
): string[] {
  if (rule.maxRepetitions === undefined || rep >= rule.maxRepetitions) return [];
  const keys = new Set<string>();
  for (const c of runComparisons(records, rule.marginPercent / 100)) {
    if (c.decision.outcome !== 'undecided' || c.decision.reason === 'no-data') continue;
    keys.add(`${c.a}/${c.job}`).add(`${c.b}/${c.job}`);
  }
  return [...keys].sort();
}

/** One line per comparison for the terminal: "torch-2.6 train container vs bare-metal: equivalent within ±5% (+0.4%)". */
export function comparisonLines(comparisons: readonly RunComparison[]): string[] {
  return comparisons.map((c) => {
    const noisy = c.noisyRuns > 0 ? ` [on ${c.noisyRuns} run(s) flagged noisy]` : '';
    return `${c.stack} ${c.job} ${c.b.split('@')[1] ?? c.b} vs bare-metal: ${c.decision.text}${noisy}`;
  });
}
