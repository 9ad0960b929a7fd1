// `deploybench report`: the report of one or more campaigns.
import { stat } from 'node:fs/promises';
import { HarnessError } from '../../core/errors.ts';
import { displayPath } from '../../core/paths.ts';
import { writeReport } from '../../report/index.ts';
import { defaultReportPath, type ReportArgs } from '../commands/report.ts';

async function checkDir(dir: string): Promise<void> {
  const isDir = await stat(dir).then((s) => s.isDirectory(), () => false);
  if (!isDir) {
    throw new HarnessError('E_NOT_FOUND', `${dir}: no such campaign folder`, { fix: 'pass a folder under results/ (see `deploybench list campaigns`)' });
  }
}

/** Writes the report (and the charts as SVG with --svg) and prints its path. */
export async function reportAction(a: ReportArgs): Promise<void> {
  for (const d of a.dirs) await checkDir(d);
  const out = a.out ?? defaultReportPath(a.dirs, a.format);
  const written = await writeReport(a.dirs, { out, svgDir: a.svg, format: a.format });
  if (a.svg) process.stdout.write(`charts: ${displayPath(a.svg)}\n`);
  process.stdout.write(`${displayPath(written)}\n`);
}
