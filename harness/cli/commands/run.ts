import type { CommandModule } from 'yargs';
import { PRESETS } from '../../matrix/names.ts';

/** Parsed arguments of `deploybench run`. */
export interface RunArgs {
  matrix: string;
  // Numbers are read as text and validated by the matrix schema (validateRunOverrides), which names the bad value.
  reps?: string;
  warmup?: string;
  'interval-ms'?: string;
  only?: string;
  stacks?: string;
  preset?: string;
  margin?: string;
  'max-reps'?: string;
  resume?: string;
  'keep-failed': boolean;
  report: boolean;
  bail: boolean;
  mirror?: string;
  /** The global -v/--verbose (main.ts): also shows the jobs' own progress lines. */
  verbose?: boolean;
  /** Write the campaign into this folder instead of results/<id>/. */
  'campaign-dir'?: string;
  slurm: boolean;
  partition?: string;
  nodelist?: string;
  nodes?: number;
  baseline?: string;
  'slurm-arg'?: string[];
  detach: boolean;
}

/** The options of `run --slurm` (harness/fleet/). */
const SLURM_OPTIONS = {
  slurm: {
    type: 'boolean',
    default: false,
    describe: 'run the matrix on several nodes: one exclusive Slurm job per node, into results/<fleet>/',
  },
  partition: { type: 'string', describe: 'with --slurm: Slurm partition (default: the default one)' },
  nodelist: { type: 'string', describe: 'with --slurm: nodes to run on, e.g. node1,node2' },
  nodes: { type: 'number', describe: 'with --slurm: the first N usable nodes of the partition' },
  baseline: { type: 'string', describe: 'with --slurm: node the others are diffed against (default: the first)' },
  'slurm-arg': {
    type: 'string',
    array: true,
    describe: 'with --slurm: extra sbatch argument, e.g. --slurm-arg=--time=2:00:00',
  },
  detach: { type: 'boolean', default: false, describe: 'with --slurm: submit and return (see `deploybench fleet`)' },
} as const;

/** `deploybench run [MATRIX]`: runs a matrix, writes results/<campaign>/ and reports/<campaign>.html. */
export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run [matrix]',
  describe: 'run a matrix (default scenarios/paper-cpu.yaml); prints the campaign folder',
  builder: (y) =>
    y
      .positional('matrix', { type: 'string', default: 'scenarios/paper-cpu.yaml', describe: 'matrix file' })
      .option('reps', { type: 'string', describe: 'measured repetitions, 1..1000 (overrides the matrix)' })
      .option('warmup', { type: 'string', describe: 'unrecorded warmup runs per scenario and job, 0..100' })
      .option('interval-ms', { type: 'string', describe: 'sampling interval, 10..10000 ms' })
      .option('only', { type: 'string', describe: 'only scenarios matching this glob, e.g. "torch-2.6*@container"' })
      .option('stacks', {
        type: 'string',
        describe: 'stacks to run, separated by commas, e.g. torch-2.6-debian13,torch-2.6-sid (overrides the matrix)',
      })
      .option('preset', { type: 'string', describe: `workload size: ${PRESETS.join(', ')}` })
      .option('margin', {
        type: 'string',
        describe: "equivalence margin in percent: equivalent when the ratio's 95% CI lies within ±PCT (default 5)",
      })
      .option('max-reps', {
        type: 'string',
        describe:
          'add rounds while a container vs bare-metal comparison is undecided, up to this many repetitions (overrides the matrix)',
      })
      .option('resume', {
        type: 'string',
        describe:
          'continue a campaign folder: keeps its ok runs, retries the others (the failed records are kept as history)',
      })
      .option('keep-failed', {
        type: 'boolean',
        default: false,
        describe: 'with --resume: keep failed, timed-out and OOM-killed runs instead of retrying them',
      })
      .option('report', {
        type: 'boolean',
        default: true,
        describe: 'write the HTML report at the end (--no-report to skip)',
      })
      .option('bail', { type: 'boolean', default: false, describe: 'stop at the first failed run' })
      .option('mirror', {
        type: 'string',
        describe: 'Debian mirror for image bases (default $DEPLOYBENCH_MIRROR or deb.debian.org)',
      })
      .option('campaign-dir', { type: 'string', describe: 'write the campaign into this (new or empty) folder' })
      .options(SLURM_OPTIONS),
  handler: async (a) =>
    a.slurm
      ? (await import('../actions/fleet-run.ts')).fleetRunAction(a)
      : (await import('../actions/run.ts')).runAction(a),
};
