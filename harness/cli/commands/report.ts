import { stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { HarnessError } from '../../core/errors.ts';
import { displayPath, paths } from '../../core/paths.ts';
import { writeReport } from '../../report/index.ts';

interface ReportArgs {
  dirs: string[];
  out?: string;
  svg?: string;
  format: 'html' | 'markdown';
}

/** Default output: reports/<campaign-id>.<ext>, ids joined with '+' for several campaigns. */
export function defaultReportPath(dirs: readonly string[], format: 'html' | 'markdown'): string {
  const id = dirs.map((d) => basename(resolve(d))).join('+');
  return join(paths.reports(), `${id}.${format === 'markdown' ? 'md' : 'html'}`);
}

// `-o DIR` (an existing folder, or a path ending in a slash) means DIR/<default file name>.
async function outputPath(out: string | undefined, dirs: readonly string[], format: 'html' | 'markdown'): Promise<string> {
  const fallback = defaultReportPath(dirs, format);
  if (out === undefined) return fallback;
  const isDir = /[/\\]$/.test(out) || (await stat(out).then((s) => s.isDirectory(), () => false));
  return isDir ? join(out, basename(fallback)) : out;
}

async function checkDir(dir: string): Promise<void> {
  const isDir = await stat(dir).then((s) => s.isDirectory(), () => false);
  if (!isDir) {
    throw new HarnessError('E_NOT_FOUND', `${dir}: no such campaign folder`, { fix: 'pass a folder under results/ (see `deploybench list campaigns`)' });
  }
}

/** `deploybench report DIR... [-o FILE] [--svg DIR] [--format html|markdown]`: writes the report of one or more campaigns. */
export const reportCommand: CommandModule<object, ReportArgs> = {
  command: 'report <dirs..>',
  describe: 'write the report of one or more campaigns (several: machines side by side)',
  builder: (y) =>
    y
      .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'campaign folders (results/<campaign>)' })
      .option('out', { alias: 'o', type: 'string', describe: 'output file, or a folder to write <campaign-id>.html into (default reports/<campaign-id>.html, or .md with --format markdown)' })
      .option('svg', { type: 'string', describe: 'also write every chart as an SVG file into this folder' })
      .option('format', { type: 'string', choices: ['html', 'markdown'], default: 'html', describe: 'html: self-contained page with charts; markdown: summary, findings and tables' }) as never,
  handler: async (a) => {
    for (const d of a.dirs) await checkDir(d);
    const out = await outputPath(a.out, a.dirs, a.format);
    const written = await writeReport(a.dirs, { out, svgDir: a.svg, format: a.format, onWarning: (w) => process.stderr.write(`warning: ${w}\n`) });
    if (a.svg) process.stdout.write(`charts: ${displayPath(a.svg)}\n`);
    process.stdout.write(`${displayPath(written)}\n`);
  },
};
