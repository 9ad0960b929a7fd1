import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { DIFF_FORMATS, type DiffFormat } from '../../diff/format/names.ts';

/** Parsed arguments of `deploybench diff`. */
export interface DiffArgs {
  dirA: string;
  /** Omitted when dirA is a fleet folder: every node is compared with the baseline node. */
  dirB?: string;
  format: DiffFormat;
  output?: string;
  failAbove?: number;
  allowUndecided?: boolean;
  margin?: number;
  metric?: string[];
}

/** `deploybench diff DIR_A DIR_B [--format text|markdown|json|html] [-o FILE] [--fail-above PCT [--allow-undecided]] [--margin PCT] [--metric NAME...]`. */
export const diffCommand: CommandModule<object, DiffArgs> = {
  command: 'diff <dirA> [dirB]',
  describe: 'Compare two campaigns (e.g. from two machines): B/A ratios with 95% CIs, verdicts, fingerprints, warnings',
  builder: (yargs: Argv) =>
    yargs
      .positional('dirA', {
        type: 'string',
        demandOption: true,
        describe: 'campaign folder A (the baseline), e.g. results/<campaign>',
      })
      .positional('dirB', {
        type: 'string',
        describe: 'campaign folder B (compared with A); omit it when A is a fleet folder (each node vs the baseline)',
      })
      .option('format', { choices: DIFF_FORMATS, default: 'text' as const, describe: 'output format' })
      .option('output', { alias: 'o', type: 'string', describe: 'write to this file instead of stdout' })
      .option('fail-above', {
        type: 'number',
        describe:
          'exit 1 when a significant regression (time or memory up, throughput down) exceeds PCT percent; exit 4 when a compared metric has too few repetitions to decide',
      })
      .option('allow-undecided', {
        type: 'boolean',
        describe:
          'with --fail-above: pass even when a compared metric has too few repetitions to decide (otherwise exit 4)',
      })
      .option('margin', {
        type: 'number',
        describe:
          "equivalence margin in percent: equivalent when the ratio's 95% CI lies within ±PCT (default: A's matrix decision.marginPercent, else 5)",
      })
      .option('metric', {
        type: 'string',
        array: true,
        describe:
          'metric ids to compare (default: wallSeconds cpuAvgPercent cpuMaxPercent memoryPeakBytes gpuPeakBytes throughput; also cpuTotalSeconds memoryAvgBytes)',
      })
      .example('$0 diff results/A results/B', 'text table with both fingerprints')
      .example(
        '$0 diff results/A results/B --format markdown --fail-above 10',
        'for a pull request; exit 1 on a >10% regression',
      ),
  handler: async (args: ArgumentsCamelCase<DiffArgs>) => (await import('../actions/diff.ts')).diffAction(args),
};
