import type { CommandModule } from 'yargs';
import { PRESETS } from '../../matrix/names.ts';

/** Parsed arguments of `deploybench run`. */
export interface RunArgs {
  matrix: string;
  reps?: number;
  warmup?: number;
  'interval-ms'?: number;
  only?: string;
  preset?: (typeof PRESETS)[number];
  resume?: string;
  report: boolean;
  bail: boolean;
  mirror?: string;
  verbose: boolean;
}

/** `deploybench run [MATRIX]`: runs a matrix, writes results/<campaign>/ and reports/<campaign>.html. */
export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run [matrix]',
  describe: 'run a matrix (default scenarios/paper-cpu.yaml); prints the campaign folder',
  builder: (y) =>
    y
      .positional('matrix', { type: 'string', default: 'scenarios/paper-cpu.yaml', describe: 'matrix file' })
      .option('reps', { type: 'number', describe: 'measured repetitions (overrides the matrix)' })
      .option('warmup', { type: 'number', describe: 'unrecorded warmup runs per scenario and job' })
      .option('interval-ms', { type: 'number', describe: 'sampling interval, 10..10000 ms' })
      .option('only', { type: 'string', describe: 'only scenarios matching this glob, e.g. "torch-2.6*@container"' })
      .option('preset', { choices: PRESETS, describe: 'workload size' })
      .option('resume', { type: 'string', describe: 'continue an interrupted campaign folder' })
      .option('report', { type: 'boolean', default: true, describe: 'write the HTML report at the end (--no-report to skip)' })
      .option('bail', { type: 'boolean', default: false, describe: 'stop at the first failed run' })
      .option('mirror', { type: 'string', describe: 'Debian mirror for image bases (default $DEPLOYBENCH_MIRROR or deb.debian.org)' })
      .option('verbose', { alias: 'v', type: 'boolean', default: false, describe: "show the jobs' own progress lines" }),
  handler: async (a) => (await import('../actions/run.ts')).runAction(a),
};
