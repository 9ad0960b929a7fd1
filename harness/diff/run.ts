import { HarnessError } from '../core/errors.ts';
import { chartLibraries } from '../report/assets.ts';
import { writeFileAtomic } from '../core/atomic.ts';
import { loadCampaign } from '../results/store.ts';
import { buildDiff, type DiffOptions } from './build.ts';
import { formatDiff, type DiffFormat } from './format/index.ts';
import { regressionsAbove, undecidedForRepetitions } from './regress.ts';
import type { DiffResult, DiffRow, DiffSide } from './types.ts';

// The effectful shell of `deploybench diff`: reads both campaigns, builds and formats the diff, writes it.

/** Options of `runDiff`. */
export interface RunDiffOptions extends DiffOptions {
  format: DiffFormat;
  /** Write the output here (atomically) instead of returning it for stdout. */
  out?: string;
  /** Percent: significant regressions above it are reported in `tripped`. */
  failAbove?: number;
  /** Do not report rows undecided for too few repetitions in `undecided` (the gate passes on them, as before). */
  allowUndecided?: boolean;
}

/** What `runDiff` produced. */
export interface RunDiffOutput {
  diff: DiffResult;
  /** The formatted output. */
  text: string;
  /** Rows whose significant regression exceeds `failAbove` (empty without it). */
  tripped: DiffRow[];
  /** With `failAbove` and without `allowUndecided`: resource rows undecided for too few repetitions. */
  undecided: DiffRow[];
}

/** Reads a campaign folder as one side of a diff, with the problems met reading it (e.g. missing run records). */
export async function loadSide(dir: string): Promise<DiffSide & { warnings: string[] }> {
  const loaded = await loadCampaign(dir);
  return {
    label: dir,
    campaign: loaded.campaign,
    records: loaded.runs.map((r) => r.record),
    warnings: loaded.warnings,
  };
}

// --margin arrives here as a fraction (the CLI divides the percent by 100).
function checkMargin(margin: number | undefined): void {
  if (margin === undefined || (Number.isFinite(margin) && margin >= 0 && margin <= 0.5)) return;
  throw new HarnessError(
    'E_USAGE',
    `Expected --margin to be a percent between 0 and 50, got \`${String(margin * 100)}\``,
    { fix: 'e.g. --margin 5: equivalent when the 95% CI of the ratio lies within ±5%' },
  );
}

/** Compares the campaigns in two folders and formats the result; writes it to `opts.out` when given. */
export async function runDiff(dirA: string, dirB: string, opts: RunDiffOptions): Promise<RunDiffOutput> {
  if (opts.failAbove !== undefined && !(Number.isFinite(opts.failAbove) && opts.failAbove >= 0)) {
    throw new HarnessError(
      'E_USAGE',
      `Expected --fail-above to be a non-negative number of percent, got \`${String(opts.failAbove)}\``,
      { fix: 'e.g. --fail-above 10 fails on a significant regression of more than 10%' },
    );
  }
  checkMargin(opts.margin);
  const [a, b] = await Promise.all([loadSide(dirA), loadSide(dirB)]);
  const diff = buildDiff(a, b, opts);
  diff.warnings.push(...a.warnings.map((w) => `A: ${w}`), ...b.warnings.map((w) => `B: ${w}`));
  const assets = opts.format === 'html' ? await chartLibraries() : undefined;
  const text = formatDiff(diff, opts.format, {
    failAbove: opts.failAbove,
    allowUndecided: opts.allowUndecided,
    assets,
  });
  if (opts.out) await writeFileAtomic(opts.out, text);
  const tripped = opts.failAbove === undefined ? [] : regressionsAbove(diff.rows, opts.failAbove);
  const undecided = opts.failAbove === undefined || opts.allowUndecided ? [] : undecidedForRepetitions(diff.rows);
  return { diff, text, tripped, undecided };
}
