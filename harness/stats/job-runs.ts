/**
 * The runs of each job of each scenario: the unit that the report and the diff both summarise and compare.
 * One grouping for both (issue 14): warmups left out, ok and not-ok runs apart. Pure.
 */
import type { RunRecord } from '../results/schema.ts';
import { countsInStatistics } from './metrics.ts';

/** The non-warmup runs of one job of one scenario, of one campaign or one side of a diff. */
export interface JobRuns<T> {
  /** `<scenario>/<job>`: the key runs are grouped and matched by. */
  key: string;
  /** `<stack>@<deployment>`, or the record's own scenario id when it has no stack. */
  scenario: string;
  /** The records' stack (null for a run outside a matrix, e.g. `measure`). */
  stack: string | null;
  deployment: string;
  job: string;
  /** Every non-warmup run, any status, in the order given. */
  runs: T[];
  /** The records that count in the statistics: ok and not warmup. */
  ok: RunRecord[];
  /** Non-warmup records that did not end ok (failed, timeout, oom, ...). */
  notOk: RunRecord[];
}

/** Scenario id used for grouping and matching: `<stack>@<deployment>`, the record's own id without a stack. */
export function scenarioOf(record: RunRecord): string {
  return record.stack === null ? record.scenario : `${record.stack}@${record.deployment}`;
}

/** The stack of a run: the record's, or the scenario's part before '@'. */
export function stackOf(r: RunRecord): string {
  return r.stack ?? r.scenario.split('@')[0] ?? r.scenario;
}

/** Groups runs (records, or anything carrying one) by scenario and job; warmups are left out, order is kept. */
export function groupJobRuns<T>(items: readonly T[], recordOf: (item: T) => RunRecord): Map<string, JobRuns<T>> {
  const groups = new Map<string, JobRuns<T>>();
  for (const item of items) {
    const r = recordOf(item);
    if (r.warmup) continue;
    const scenario = scenarioOf(r);
    const key = `${scenario}/${r.job.name}`;
    let g = groups.get(key);
    if (!g) {
      g = { key, scenario, stack: r.stack, deployment: r.deployment, job: r.job.name, runs: [], ok: [], notOk: [] };
      groups.set(key, g);
    }
    g.runs.push(item);
    (countsInStatistics(r) ? g.ok : g.notOk).push(r);
  }
  return groups;
}
