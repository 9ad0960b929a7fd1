// `deploybench report`: the report of one or more campaigns.
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { HarnessError } from '../../core/errors.ts';
import { MAX_MARGIN_PERCENT } from '../../core/limits.ts';
import { displayPath } from '../../core/paths.ts';
import { writeReport } from '../../report/index.ts';
import { expandFleetDirs, fleetsIn } from '../../fleet/store.ts';
import { defaultReportPath, type ReportArgs } from '../commands/report.ts';

// `-o DIR` (an existing folder, or a path ending in a slash) means DIR/<default file name>.
async function outputPath(
  out: string | undefined,
  dirs: readonly string[],
  format: 'html' | 'markdown',
): Promise<string> {
  const fallback = defaultReportPath(dirs, format);
  if (out === undefined) return fallback;
  const isDir =
    /[/\\]$/.test(out) ||
    (await stat(out).then(
      (s) => s.isDirectory(),
      () => false,
    ));
  return isDir ? join(out, basename(fallback)) : out;
}

async function checkDir(dir: string): Promise<void> {
  const isDir = await stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) {
    throw new HarnessError('E_NOT_FOUND', `${dir}: no such campaign folder`, {
      fix: 'pass a folder under results/ (see `deploybench list campaigns`)',
    });
  }
}

/** Writes the report (and the charts as SVG with --svg) and prints its path. */
export async function reportAction(a: ReportArgs): Promise<void> {
  for (const d of a.dirs) await checkDir(d);
  if (a.margin !== undefined && !(Number.isFinite(a.margin) && a.margin >= 0 && a.margin <= MAX_MARGIN_PERCENT))
    throw new HarnessError(
      'E_USAGE',
      `Expected --margin to be a percent between 0 and ${MAX_MARGIN_PERCENT}, got \`${String(a.margin)}\``,
      { fix: "e.g. --margin 5: equivalent when the ratio's 95% CI lies within ±5%" },
    );
  // Named after the folders given (a fleet: reports/<fleet>.html), drawn from its node campaigns.
  const out = await outputPath(a.out, a.dirs, a.format);
  const written = await writeReport(await expandFleetDirs(a.dirs), {
    out,
    svgDir: a.svg,
    format: a.format,
    ...(a.margin === undefined ? {} : { margin: a.margin / 100 }),
    fleets: await fleetsIn(a.dirs),
    onWarning: (w) => process.stderr.write(`warning: ${w}\n`),
  });
  if (a.svg) process.stdout.write(`charts: ${displayPath(a.svg)}\n`);
  process.stdout.write(`${displayPath(written)}\n`);
}
