import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HarnessError } from '../core/errors.ts';
import { PROJECT_ROOT } from '../core/paths.ts';
import { writeFileAtomic } from '../results/atomic.ts';
import { loadCampaign } from '../results/store.ts';
import { buildDiff, type DiffOptions } from './build.ts';
import { formatDiff, type DiffFormat, type HtmlAssets } from './format/index.ts';
import { regressionsAbove } from './regress.ts';
import type { DiffResult, DiffRow, DiffSide } from './types.ts';

// The effectful shell of `deploybench diff`: reads both campaigns, builds and formats the diff, writes it.

/** Options of `runDiff`. */
export interface RunDiffOptions extends DiffOptions {
  format: DiffFormat;
  /** Write the output here (atomically) instead of returning it for stdout. */
  out?: string;
  /** Percent: significant regressions above it are reported in `tripped`. */
  failAbove?: number;
}

/** What `runDiff` produced. */
export interface RunDiffOutput {
  diff: DiffResult;
  /** The formatted output. */
  text: string;
  /** Rows whose significant regression exceeds `failAbove` (empty without it). */
  tripped: DiffRow[];
}

/** Reads a campaign folder as one side of a diff. */
export async function loadSide(dir: string): Promise<DiffSide> {
  const loaded = await loadCampaign(dir);
  return { label: dir, campaign: loaded.campaign, records: loaded.runs.map((r) => r.record) };
}

/** Reads vega, vega-lite and vega-embed from node_modules, to inline them into the HTML page. */
export async function loadHtmlAssets(root = PROJECT_ROOT): Promise<HtmlAssets> {
  const read = (pkg: string): Promise<string> =>
    readFile(join(root, 'node_modules', pkg, 'build', `${pkg}.min.js`), 'utf8').catch((cause: unknown) => {
      throw new HarnessError('E_NOT_FOUND', `${pkg} is not installed (node_modules/${pkg}/build/${pkg}.min.js)`, { fix: 'run `npm install` in the deploybench folder', cause });
    });
  const [vega, vegaLite, vegaEmbed] = await Promise.all([read('vega'), read('vega-lite'), read('vega-embed')]);
  return { vega, vegaLite, vegaEmbed };
}

/** Compares the campaigns in two folders and formats the result; writes it to `opts.out` when given. */
export async function runDiff(dirA: string, dirB: string, opts: RunDiffOptions): Promise<RunDiffOutput> {
  if (opts.failAbove !== undefined && !(Number.isFinite(opts.failAbove) && opts.failAbove >= 0)) {
    throw new HarnessError('E_USAGE', `Expected --fail-above to be a non-negative number of percent, got \`${String(opts.failAbove)}\``, { fix: 'e.g. --fail-above 10 fails on a significant regression of more than 10%' });
  }
  const [a, b] = await Promise.all([loadSide(dirA), loadSide(dirB)]);
  const diff = buildDiff(a, b, opts);
  const assets = opts.format === 'html' ? await loadHtmlAssets() : undefined;
  const text = formatDiff(diff, opts.format, { failAbove: opts.failAbove, assets });
  if (opts.out) await writeFileAtomic(opts.out, text);
  const tripped = opts.failAbove === undefined ? [] : regressionsAbove(diff.rows, opts.failAbove);
  return { diff, text, tripped };
}
