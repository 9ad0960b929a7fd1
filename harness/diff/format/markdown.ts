import { formatMargin } from '../../stats/verdict.ts';
import { regressionsAbove, undecidedForRepetitions, undecidedGateLine } from '../regress.ts';
import type { DiffResult } from '../types.ts';
import {
  COMPARISON_ALIGN,
  COMPARISON_HEADER,
  comparisonCells,
  fingerprintRows,
  frameworkRows,
  rowWarnings,
  unmatchedLines,
} from './rows.ts';
import { mdCell, mdTable } from '../../render/table.ts';
import { formatChange } from '../../render/units.ts';
import type { FormatOptions } from './text.ts';

/** The diff as GitHub-flavoured markdown for pull requests: comparison table first, fingerprints in a details block. */
export function formatMarkdown(d: DiffResult, opts: FormatOptions = {}): string {
  const tripped = new Set(opts.failAbove === undefined ? [] : regressionsAbove(d.rows, opts.failAbove));
  const out: string[] = [
    '## deploybench diff',
    '',
    `B (${mdCell(d.fingerprints.b.campaign.id)}) compared with A (${mdCell(d.fingerprints.a.campaign.id)}); ratio = median B / median A, 95% bootstrap CI; equivalent (≈) when the CI lies within ${formatMargin(d.margin)}.`,
    '',
  ];
  if (opts.failAbove !== undefined) {
    out.push(
      tripped.size === 0
        ? `No significant regression above ${opts.failAbove}%.`
        : `**${tripped.size} significant regression(s) above ${opts.failAbove}%** (marked ⚠):`,
    );
    for (const r of tripped)
      out.push(`- ${mdCell(`${r.scenario} ${r.job} ${r.label}`)}: ${formatChange(r.regressionPercent)} worse`);
    const undecided = opts.allowUndecided ? [] : undecidedForRepetitions(d.rows);
    if (undecided.length > 0) out.push('', `**${mdCell(undecidedGateLine(undecided, opts.failAbove))}**`);
    out.push('');
  }
  const warnings = [...d.warnings, ...rowWarnings(d)];
  if (warnings.length > 0) out.push('### Warnings', '', ...warnings.map((w) => `- ${mdCell(w)}`), '');
  const unmatched = unmatchedLines(d);
  if (unmatched.length > 0) out.push(...unmatched.map((u) => `- ${mdCell(u)}`), '');
  out.push('### Comparison', '');
  out.push(
    d.rows.length === 0
      ? 'No metric to compare.'
      : mdTable(
          COMPARISON_HEADER,
          d.rows.map((r) => comparisonCells(r, tripped.has(r) ? ' ⚠' : '')),
          COMPARISON_ALIGN,
        ),
    '',
  );
  out.push('<details><summary>Machines, campaigns and framework fingerprints</summary>', '');
  out.push(mdTable(['', 'A', 'B'], fingerprintRows(d)), '');
  const fw = frameworkRows(d);
  if (fw.length > 0) out.push(mdTable(['stack', 'A', 'B'], fw), '');
  out.push('</details>', '');
  return out.join('\n');
}
