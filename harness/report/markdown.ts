/**
 * The report as Markdown: summary facts, findings, the tables (scenarios, comparisons, decomposition,
 * fingerprints) and the warnings; no charts. Every text from files is escaped. Pure.
 */
import { escapeMarkdown as md } from '../render/escape.ts';
import type { ReportModel } from './model.ts';
import type { Table } from '../render/table.ts';

/** A Markdown table with its caption as a bold line and its notes below (cell tooltips are left out). */
function tableMarkdown(t: Table): string[] {
  if (t.rows.length === 0) return [`**${md(t.caption)}**: nothing to show.`, ''];
  const align = t.rows[0]!.map((c) => (c.cls === 'num' ? '---:' : '---'));
  return [
    `**${md(t.caption)}**`,
    '',
    `| ${t.head.map(md).join(' | ')} |`,
    `| ${align.join(' | ')} |`,
    ...t.rows.map((r) => `| ${r.map((c) => md(c.text)).join(' | ')} |`),
    '',
    ...t.notes.map((n) => `_${md(n)}_`),
    ...(t.notes.length > 0 ? [''] : []),
  ];
}

const list = (items: readonly string[], empty: string): string[] =>
  items.length === 0 ? [`_${empty}_`] : items.map((i) => `- ${md(i)}`);

/** Renders the model as a Markdown document. */
export function renderMarkdown(m: ReportModel): string {
  const t = m.tables;
  return [
    `# ${md(m.title)}`,
    '',
    '## Summary',
    '',
    ...m.facts.map(([k, v]) => `- **${md(k)}**: ${md(v)}`),
    '',
    ...(m.findings.length === 0
      ? ['_No finding: no run ended ok._', '']
      : m.findings.flatMap((f) => [`### Findings: ${md(f.title)}`, '', ...list(f.items, ''), ''])),
    ...tableMarkdown(t.decomposition),
    '## Tables',
    '',
    ...t.scenarios.flatMap(tableMarkdown),
    ...t.jobMetrics.flatMap(tableMarkdown),
    ...tableMarkdown(t.deployment),
    ...tableMarkdown(t.stack),
    ...(m.machines ? ['## Machines side by side', '', ...m.machines.tables.flatMap(tableMarkdown)] : []),
    '## Environment',
    '',
    ...tableMarkdown(t.frameworks),
    '## Warnings',
    '',
    ...list(m.warnings, 'None.'),
    '',
    '_Charts, radar plots and timelines: see the HTML report (`deploybench report DIR`)._',
    '',
  ].join('\n');
}
