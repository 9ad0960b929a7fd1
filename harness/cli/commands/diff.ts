import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { DIFF_FORMATS, type DiffFormat } from '../../diff/format/index.ts';
import { formatPercent } from '../../diff/format/units.ts';
import { runDiff } from '../../diff/run.ts';

/** Parsed arguments of `deploybench diff`. */
export interface DiffArgs {
  dirA: string;
  dirB: string;
  format: DiffFormat;
  output?: string;
  failAbove?: number;
  metric?: string[];
}

/** `deploybench diff DIR_A DIR_B [--format text|markdown|json|html] [-o FILE] [--fail-above PCT] [--metric NAME...]`. */
export const diffCommand: CommandModule<object, DiffArgs> = {
  command: 'diff <dirA> <dirB>',
  describe: 'Compare two campaigns (e.g. from two machines): B/A ratios with 95% CIs, verdicts, fingerprints, warnings',
  builder: (yargs: Argv) =>
    yargs
      .positional('dirA', { type: 'string', demandOption: true, describe: 'campaign folder A (the baseline), e.g. results/<campaign>' })
      .positional('dirB', { type: 'string', demandOption: true, describe: 'campaign folder B (compared with A)' })
      .option('format', { choices: DIFF_FORMATS, default: 'text' as const, describe: 'output format' })
      .option('output', { alias: 'o', type: 'string', describe: 'write to this file instead of stdout' })
      .option('fail-above', { type: 'number', describe: 'exit 1 when a significant regression (time or memory up, throughput down) exceeds PCT percent' })
      .option('metric', { type: 'string', array: true, describe: 'metric ids to compare (default: wallSeconds cpuAvgPercent cpuMaxPercent memoryPeakBytes gpuPeakBytes throughput; also cpuTotalSeconds memoryAvgBytes)' })
      .example('$0 diff results/A results/B', 'text table with both fingerprints')
      .example('$0 diff results/A results/B --format markdown --fail-above 10', 'for a pull request; exit 1 on a >10% regression'),
  handler: async (args: ArgumentsCamelCase<DiffArgs>) => {
    const metrics = (args.metric ?? []).flatMap((m) => String(m).split(',')).map((m) => m.trim()).filter((m) => m !== '');
    const result = await runDiff(args.dirA, args.dirB, {
      format: args.format,
      out: args.output,
      failAbove: args.failAbove,
      metrics: metrics.length > 0 ? metrics : undefined,
    });
    if (args.output) process.stderr.write(`wrote ${args.output}\n`);
    else process.stdout.write(result.text.endsWith("\n") ? result.text : `${result.text}\n`);
    if (args.failAbove === undefined) return;
    if (result.tripped.length === 0) return;
    // The text table on stdout already marks and lists them; otherwise (JSON, HTML, a file) list them here.
    const listed = args.format === 'text' && !args.output;
    process.stderr.write(`--fail-above ${args.failAbove}: ${result.tripped.length} significant regression(s)${listed ? ' (listed above); exit status 1' : ':'}\n`);
    if (!listed) {
      for (const r of result.tripped) process.stderr.write(`  ${r.scenario} ${r.job} ${r.label}: ${formatPercent(r.regressionPercent)} worse (B/A ${r.ratio?.toFixed(3) ?? '-'}, p ${r.pValue?.toPrecision(2) ?? '-'})\n`);
    }
    process.exitCode = 1;
  },
};
