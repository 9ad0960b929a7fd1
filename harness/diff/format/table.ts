// Plain-text and markdown tables shared by the text and markdown outputs.
import { escapeMarkdown } from '../../report/escape.ts';

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
