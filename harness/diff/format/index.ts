import type { DiffResult } from '../types.ts';
import { formatHtml, type HtmlAssets } from './html.ts';
import { formatJson } from './json.ts';
import { formatMarkdown } from './markdown.ts';
import { DIFF_FORMATS, type DiffFormat } from './names.ts';
import { formatText, type FormatOptions } from './text.ts';

export { DIFF_FORMATS, type DiffFormat };

export type { FormatOptions, HtmlAssets };

/** Renders a diff in the named format; HTML needs the chart libraries' sources. */
export function formatDiff(
  d: DiffResult,
  format: DiffFormat,
  opts: FormatOptions & { assets?: HtmlAssets } = {},
): string {
  const formatters: Record<DiffFormat, () => string> = {
    text: () => formatText(d, opts),
    markdown: () => formatMarkdown(d, opts),
    json: () => formatJson(d, opts),
    html: () => {
      if (!opts.assets) throw new Error('formatDiff: the html format needs the chart libraries (assets)');
      return formatHtml(d, opts.assets, opts);
    },
  };
  return formatters[format]();
}
