import type { DiffResult } from '../types.ts';
import { regressionsAbove, undecidedForRepetitions } from '../regress.ts';
import type { FormatOptions } from './text.ts';

/**
 * The diff as JSON: `{ rows, fingerprints, warnings, onlyInA, onlyInB }` as in DiffResult, plus
 * `failAbove: { percent, tripped: [{ scenario, job, metric, regressionPercent }], undecided: [{ scenario, job, metric, reason }] }`
 * when --fail-above is given (undecided: rows too few repetitions leave undecided, empty with --allow-undecided).
 */
export function formatJson(d: DiffResult, opts: FormatOptions = {}): string {
  const failAbove =
    opts.failAbove === undefined
      ? undefined
      : {
          percent: opts.failAbove,
          tripped: regressionsAbove(d.rows, opts.failAbove).map((r) => ({
            scenario: r.scenario,
            job: r.job,
            metric: r.metric,
            regressionPercent: r.regressionPercent,
          })),
          undecided: (opts.allowUndecided ? [] : undecidedForRepetitions(d.rows)).map((r) => ({
            scenario: r.scenario,
            job: r.job,
            metric: r.metric,
            reason: r.decision.reason,
          })),
        };
  return `${JSON.stringify({ ...d, ...(failAbove ? { failAbove } : {}) }, null, 2)}\n`;
}
