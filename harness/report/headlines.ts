/**
 * The findings the report opens with, as plain lines for the terminal (what `deploybench run` prints at
 * the end): one heading per job, then its findings, then the decisions and the results-equivalence check. Pure.
 */
import type { ReportModel } from './model.ts';

/** The model's findings as indented terminal lines, under a "Findings" heading. */
export function headlineLines(m: Pick<ReportModel, 'findings'>): string[] {
  if (m.findings.length === 0) return [];
  return ['Findings', ...m.findings.flatMap((g) => [`  ${g.title}`, ...g.items.map((i) => `    - ${i}`)])];
}
