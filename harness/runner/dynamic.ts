import type { RunRecord } from '../results/schema.ts';
import { needMoreReps } from '../stats/dynamic.ts';

/**
 * Scenario/job keys (`<scenario>/<job>`) whose wall times are still too noisy for the matrix's
 * `dynamicRepetitions` rule, given that `rep` repetitions have run.
 */
export function moreRepsNeeded(
  records: readonly RunRecord[],
  rule: { maxRsdPercent: number; maxRepetitions: number },
  rep: number,
): string[] {
  if (rep >= rule.maxRepetitions) return [];
  const groups = new Map<string, number[]>();
  for (const r of records) {
    if (r.warmup || r.status !== 'ok') continue;
    const k = `${r.scenario}/${r.job.name}`;
    groups.set(k, [...(groups.get(k) ?? []), r.wallSeconds]);
  }
  return [...groups.entries()]
    .filter(([, walls]) =>
      needMoreReps(walls, { maxRsd: rule.maxRsdPercent / 100, maxReps: rule.maxRepetitions, minReps: 2 }),
    )
    .map(([k]) => k)
    .sort();
}
