import { regressionsAbove, undecidedForRepetitions, undecidedGateLine } from '../regress.ts';
import type { DiffResult, DiffRow } from '../types.ts';
import {
  COMPARISON_ALIGN,
  COMPARISON_HEADER,
  comparisonCells,
  fingerprintRows,
  frameworkRows,
  rowWarnings,
  unmatchedLines,
} from './rows.ts';
import { textTable } from '../../render/table.ts';
import { formatChange } from '../../render/units.ts';
import { formatMargin } from '../../stats/verdict.ts';

/** Options shared by the diff formatters. */
export interface FormatOptions {
  /** Rows with a significant regression above this percentage are marked (from --fail-above). */
  failAbove?: number;
  /** With failAbove: do not flag rows undecided for too few repetitions (from --allow-undecided). */
  allowUndecided?: boolean;
}

// Control characters from files (e.g. an escape sequence in a host name) would garble a terminal; show them escaped.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const clean = (s: string): string => s.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

// The --fail-above verdict: the regressions over it, and the rows too few repetitions leave undecided.
function gateLines(d: DiffResult, tripped: ReadonlySet<DiffRow>, percent: number, allow = false): string[] {
  const out: string[] = [];
  if (tripped.size === 0) out.push(`no significant regression above ${percent}%`);
  else {
    out.push(`${tripped.size} significant regression(s) above ${percent}% (marked !):`);
    for (const r of tripped)
      out.push(`  ${r.scenario} ${r.job} ${r.label}: ${formatChange(r.regressionPercent)} worse`);
  }
  const undecided = allow ? [] : undecidedForRepetitions(d.rows);
  if (undecided.length > 0) out.push(undecidedGateLine(undecided, percent));
  return out;
}

/** The diff as a readable plain-text report: fingerprints side by side, warnings, then the aligned comparison table. */
export function formatText(d: DiffResult, opts: FormatOptions = {}): string {
  const tripped = new Set(opts.failAbove === undefined ? [] : regressionsAbove(d.rows, opts.failAbove));
  const out: string[] = [
    `deploybench diff: B compared with A (ratio = median B / median A; equivalent: 95% CI within ${formatMargin(d.margin)})`,
    '',
  ];
  out.push('Machines and campaigns', textTable(['', 'A', 'B'], fingerprintRows(d)), '');
  const fw = frameworkRows(d);
  if (fw.length > 0) out.push('Framework fingerprints', textTable(['stack', 'A', 'B'], fw), '');
  const warnings = [...d.warnings, ...rowWarnings(d)];
  if (warnings.length > 0) out.push('Warnings', ...warnings.map((w) => `  ! ${w}`), '');
  const unmatched = unmatchedLines(d);
  if (unmatched.length > 0) out.push(...unmatched, '');
  if (d.rows.length > 0) {
    const rows = d.rows.map((r) => comparisonCells(r, tripped.has(r) ? ' !' : ''));
    out.push(textTable(COMPARISON_HEADER, rows, COMPARISON_ALIGN));
  } else {
    out.push('no metric to compare');
  }
  if (opts.failAbove !== undefined) out.push('', ...gateLines(d, tripped, opts.failAbove, opts.allowUndecided));
  return `${clean(out.join('\n'))}\n`;
}
