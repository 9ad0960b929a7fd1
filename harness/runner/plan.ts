import { HarnessError } from '../core/errors.ts';
import { wildcardMatch } from '../core/glob.ts';
import type { Matrix } from '../matrix/schema.ts';
import type { Deployment } from '../results/schema.ts';

/** One planned execution. */
export interface PlannedRun {
  scenario: string;
  stack: string;
  deployment: Deployment;
  job: string;
  rep: number;
  warmup: boolean;
}

/** Scenario ids of a matrix, optionally filtered by a glob (`*` and `?`), in matrix order. */
export function scenarios(matrix: Matrix, only?: string): { id: string; stack: string; deployment: Deployment }[] {
  const re = only ? { test: (id: string) => globMatches(only, id) } : null;
  const out: { id: string; stack: string; deployment: Deployment }[] = [];
  for (const stack of matrix.stacks) {
    for (const deployment of matrix.deployments) {
      const id = `${stack}@${deployment}`;
      if (!re || re.test(id)) out.push({ id, stack, deployment });
    }
  }
  return out;
}

/** `torch-2.6*@container` -> a RegExp matching whole scenario ids; commas separate alternatives. */
export function globToRegExp(glob: string): RegExp {
  // Runs of `*` collapse to one: `.*.*.*` backtracks exponentially on a failing match.
  const alts = glob.split(',').map((g) =>
    g
      .trim()
      .replace(/\*+/g, '*')
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.'),
  );
  return new RegExp(`^(?:${alts.join('|')})$`);
}

/** Whether a scenario id matches a glob (`*`, `?`, commas between alternatives), in linear time whatever the glob. */
export function globMatches(glob: string, id: string): boolean {
  return glob.split(',').some((alt) => wildcardMatch(alt.trim(), id));
}

/**
 * The order of runs: warmups first, then repetition by repetition, each repetition visiting every
 * scenario with the order rotated by one, so slow drift (thermal, page cache) hits every scenario alike.
 */
export function planRuns(
  matrix: Matrix,
  opts: { only?: string; fromRep?: number; toRep?: number; warmup?: number } = {},
): PlannedRun[] {
  const list = scenarios(matrix, opts.only);
  const runs: PlannedRun[] = [];
  const warmup = opts.warmup ?? matrix.warmup;
  const from = opts.fromRep ?? 1;
  const to = opts.toRep ?? matrix.repetitions;
  for (let w = 1; w <= warmup && from === 1; w++) {
    for (const s of list)
      for (const job of matrix.jobs)
        runs.push({ scenario: s.id, stack: s.stack, deployment: s.deployment, job, rep: w, warmup: true });
  }
  for (let rep = from; rep <= to; rep++) {
    const shift = list.length === 0 ? 0 : (rep - 1) % list.length;
    const rotated = [...list.slice(shift), ...list.slice(0, shift)];
    for (const s of rotated)
      for (const job of matrix.jobs)
        runs.push({ scenario: s.id, stack: s.stack, deployment: s.deployment, job, rep, warmup: false });
  }
  return runs;
}

/** Refuses an `--only` glob that selects nothing, before anything is created or built. */
export function assertOnlyMatches(matrix: Matrix, only: string | undefined): void {
  if (only === undefined || scenarios(matrix, only).length > 0) return;
  const ids = scenarios(matrix).map((s) => s.id);
  const listed = ids.length > 6 ? `${ids.slice(0, 6).join(', ')}, ...` : ids.join(', ');
  throw new HarnessError('E_USAGE', `--only ${only}: matches no scenario of the matrix (its scenarios: ${listed})`, {
    fix: `scenarios are <stack>@<deployment>; * and ? are wildcards, commas separate alternatives, e.g. --only "${matrix.stacks[0] ?? 'STACK'}@*"`,
  });
}
