import { basename, join, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { paths } from '../../core/paths.ts';

/** Parsed arguments of `deploybench report`. */
export interface ReportArgs {
  dirs: string[];
  out?: string;
  svg?: string;
  format: 'html' | 'markdown';
  margin?: number;
}

/** Default output: reports/<campaign-id>.<ext>, ids joined with '+' for several campaigns. */
export function defaultReportPath(dirs: readonly string[], format: 'html' | 'markdown'): string {
  const id = dirs.map((d) => basename(resolve(d))).join('+');
  return join(paths.reports(), `${id}.${format === 'markdown' ? 'md' : 'html'}`);
}

/** `deploybench report DIR... [-o FILE] [--svg DIR] [--format html|markdown]`: writes the report of one or more campaigns. */
export const reportCommand: CommandModule<object, ReportArgs> = {
  command: 'report <dirs..>',
  describe: 'write the report of one or more campaigns (several: machines side by side)',
  builder: (y) =>
    y
      .positional('dirs', {
        type: 'string',
        array: true,
        demandOption: true,
        describe: 'campaign folders (results/<campaign>), or a fleet folder (its nodes side by side)',
      })
      .option('out', {
        alias: 'o',
        type: 'string',
        describe:
          'output file, or a folder to write <campaign-id>.html into (default reports/<campaign-id>.html, or .md with --format markdown)',
      })
      .option('svg', { type: 'string', describe: 'also write every chart as an SVG file into this folder' })
      .option('margin', {
        type: 'number',
        describe:
          "equivalence margin in percent: equivalent when the ratio's 95% CI lies within ±PCT (default: the matrix's decision.marginPercent, else 5)",
      })
      .option('format', {
        type: 'string',
        choices: ['html', 'markdown'],
        default: 'html',
        describe: 'html: self-contained page with charts; markdown: summary, findings and tables',
      }) as never,
  handler: async (a) => (await import('../actions/report.ts')).reportAction(a),
};
