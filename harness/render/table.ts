/**
 * Tables shared by the report and the diff: the HTML table type, plain-text and Markdown tables.
 */
import { escapeMarkdown } from './escape.ts';

/** One cell: its text and an optional tooltip and style. */
export interface TableCell {
  text: string;
  /** Longer text shown on hover (HTML) or in the notes (Markdown). */
  title?: string;
  /** 'num' right-aligns; 'better'/'worse' colour a verdict; 'muted' greys it. */
  cls?: 'num' | 'better' | 'worse' | 'muted';
}

/** A table: caption, header and rows of cells. */
export interface Table {
  caption: string;
  head: string[];
  rows: TableCell[][];
  /** Sentences printed under the table. */
  notes: string[];
}

/** Column alignment. */
export type Align = 'left' | 'right';

/** Renders rows as an aligned plain-text table with a dashed rule under the header. */
export function textTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly Align[] = [],
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (align[i] === 'right' ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Escapes text for a markdown table cell (the report's escaping: HTML, pipes, emphasis, newlines). */
export const mdCell = (text: string): string => escapeMarkdown(text);

/** Renders rows as a GitHub-flavoured markdown table; every cell is escaped. */
export function mdTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly Align[] = [],
): string {
  const sep = header.map((_, i) => (align[i] === 'right' ? '---:' : '---'));
  const line = (cells: readonly string[]): string => `| ${cells.map(mdCell).join(' | ')} |`;
  return [line(header), `| ${sep.join(' | ')} |`, ...rows.map(line)].join('\n');
}
