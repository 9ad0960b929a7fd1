import type { RunRecord } from '../results/schema.ts';
import type { JobRuns } from '../stats/job-runs.ts';
import type { UnmatchedJob } from './types.ts';

/** The runs of one scenario's job on one side. */
export type JobGroup = JobRuns<RunRecord>;

/** The result of matching two sides' groups. */
export interface Matching {
  /** Groups with ok runs on both sides, sorted by scenario then job. */
  matched: { a: JobGroup; b: JobGroup }[];
  onlyInA: UnmatchedJob[];
  onlyInB: UnmatchedJob[];
}

const byScenarioJob = (x: { scenario: string; job: string }, y: { scenario: string; job: string }): number =>
  x.scenario === y.scenario ? x.job.localeCompare(y.job) : x.scenario.localeCompare(y.scenario);

/** Matches groups by key; a group without ok runs counts as absent (its failures are reported as warnings). */
export function matchGroups(a: ReadonlyMap<string, JobGroup>, b: ReadonlyMap<string, JobGroup>): Matching {
  const matched: Matching['matched'] = [];
  const onlyInA: UnmatchedJob[] = [];
  const onlyInB: UnmatchedJob[] = [];
  for (const [key, ga] of a) {
    const gb = b.get(key);
    if (ga.ok.length === 0) continue;
    if (gb && gb.ok.length > 0) matched.push({ a: ga, b: gb });
    else onlyInA.push({ scenario: ga.scenario, job: ga.job, runs: ga.ok.length });
  }
  for (const [key, gb] of b) {
    if (gb.ok.length === 0) continue;
    const ga = a.get(key);
    if (!ga || ga.ok.length === 0) onlyInB.push({ scenario: gb.scenario, job: gb.job, runs: gb.ok.length });
  }
  matched.sort((x, y) => byScenarioJob(x.a, y.a));
  onlyInA.sort(byScenarioJob);
  onlyInB.sort(byScenarioJob);
  return { matched, onlyInA, onlyInB };
}

/**
 * One warning per job with runs that did not end ok, counted by status (they are excluded from the statistics);
 * the report lists each such run with its error instead (report/checks.ts failedRunErrors).
 */
export function failedRunCounts(side: 'A' | 'B', groups: ReadonlyMap<string, JobGroup>): string[] {
  const out: string[] = [];
  for (const g of [...groups.values()].sort(byScenarioJob)) {
    if (g.notOk.length === 0) continue;
    const counts = new Map<string, number>();
    for (const r of g.notOk) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
    const what = [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
    const total = g.ok.length + g.notOk.length;
    out.push(
      `${side}: ${g.notOk.length} of ${total} runs of ${g.scenario} ${g.job} did not end ok (${what}); they are left out`,
    );
  }
  return out;
}
