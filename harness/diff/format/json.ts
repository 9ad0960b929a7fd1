import type { DiffResult } from '../types.ts';
import { regressionsAbove } from '../regress.ts';
import type { FormatOptions } from './text.ts';

/**
 * The diff as JSON: `{ rows, fingerprints, warnings, onlyInA, onlyInB }` as in DiffResult, plus
 * `failAbove: { percent, tripped: [{ scenario, job, metric, regressionPercent }] }` when --fail-above is given.
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
        };
  return `${JSON.stringify({ ...d, ...(failAbove ? { failAbove } : {}) }, null, 2)}\n`;
}
