import type { RunRecord } from '../results/schema.ts';
import type { UnmatchedJob } from './types.ts';

/** The runs of one scenario's job on one side. */
export interface JobGroup {
  /** `<stack>@<deployment>/<job>`, the matching key. */
  key: string;
  scenario: string;
  stack: string | null;
  deployment: string;
  job: string;
  /** Ok, non-warmup runs: the ones statistics use. */
  ok: RunRecord[];
  /** Non-warmup runs that did not end ok (failed, timeout, oom, ...). */
  notOk: RunRecord[];
}

/** Scenario id used for matching: `<stack>@<deployment>`, falling back to the record's own id without a stack. */
export function scenarioOf(record: RunRecord): string {
  return record.stack === null ? record.scenario : `${record.stack}@${record.deployment}`;
}

/** Groups a side's records by stack, deployment and job; warmup runs are left out. */
export function groupRuns(records: readonly RunRecord[]): Map<string, JobGroup> {
  const groups = new Map<string, JobGroup>();
  for (const record of records) {
    if (record.warmup) continue;
    const scenario = scenarioOf(record);
    const key = `${scenario}/${record.job.name}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        key,
        scenario,
        stack: record.stack,
        deployment: record.deployment,
        job: record.job.name,
        ok: [],
        notOk: [],
      };
      groups.set(key, group);
    }
    (record.status === 'ok' ? group.ok : group.notOk).push(record);
  }
  return groups;
}

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

/** One warning per group with runs that did not end ok: they are excluded from the statistics. */
export function failedRunWarnings(side: 'A' | 'B', groups: ReadonlyMap<string, JobGroup>): string[] {
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
