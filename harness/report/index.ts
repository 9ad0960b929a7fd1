/**
 * Writes the report of one or more campaigns: a self-contained HTML page (default) or a Markdown
 * summary, and optionally every chart as SVG. The only effectful part of report/ besides load.ts,
 * assets.ts and svg.ts.
 */
import { resolve } from 'node:path';
import { HarnessError } from '../core/errors.ts';
import { writeFileAtomic } from '../core/atomic.ts';
import { chartLibraries } from './assets.ts';
import { renderHtml } from './html.ts';
import { loadCampaigns } from './load.ts';
import { renderMarkdown } from './markdown.ts';
import { allCharts, buildReportModel, type ReportModel } from './model.ts';
import { writeSvgs } from './svg.ts';
import type { BuildOptions } from './types.ts';

/** Options of writeReport. */
export interface WriteReportOptions {
  /** File to write. */
  out: string;
  /** Also write every chart as `<chart-id>.svg` into this folder. */
  svgDir?: string;
  /** 'html' (default): the full page with charts; 'markdown': summary, findings and tables. */
  format?: 'html' | 'markdown';
  /** Told each problem met reading the campaigns (also shown in the report), e.g. to print it on the terminal. */
  onWarning?: (warning: string) => void;
  /** Told the report model once built (e.g. to print its findings on the terminal). */
  onModel?: (model: ReportModel) => void;
  /** Equivalence margin, as a fraction (default: the first campaign's matrix decision.marginPercent, else 0.05). */
  margin?: number;
  /** The fleets the campaigns belong to (their node states are shown). */
  fleets?: BuildOptions['fleets'];
}

/**
 * Builds the report of the campaign folders (machines side by side when several) and writes it
 * atomically to `opts.out`; returns the absolute path written.
 */
export async function writeReport(campaignDirs: string[], opts: WriteReportOptions): Promise<string> {
  if (campaignDirs.length === 0) {
    throw new HarnessError('E_USAGE', 'no campaign folder given to report on', {
      fix: 'pass one or more folders under results/, e.g. `deploybench report results/<campaign>`',
    });
  }
  const format = opts.format ?? 'html';
  if (format !== 'html' && format !== 'markdown') {
    throw new HarnessError(
      'E_USAGE',
      `Expected the \`format\` option to be 'html' or 'markdown', got \`${String(format)}\``,
      { fix: 'use --format html or --format markdown' },
    );
  }
  const { campaigns, problems } = await loadCampaigns(campaignDirs);
  const model = buildReportModel(campaigns, {
    ...(opts.margin === undefined ? {} : { margin: opts.margin }),
    ...(opts.fleets ? { fleets: opts.fleets } : {}),
  });
  model.warnings.push(...problems);
  opts.onModel?.(model);
  for (const p of problems) opts.onWarning?.(p);
  const out = resolve(opts.out);
  const text = format === 'markdown' ? renderMarkdown(model) : renderHtml(model, await chartLibraries());
  await writeFileAtomic(out, text);
  if (opts.svgDir) await writeSvgs(allCharts(model), resolve(opts.svgDir));
  return out;
}
