import type { CommandModule } from 'yargs';

/** Parsed arguments of `deploybench measure`. */
export interface MeasureArgs {
  stack?: string;
  image?: string;
  deployment?: 'bare-metal' | 'container';
  // Numbers are read as text and validated with the matrix's bounds (validateMeasureFlags), which name a bad value.
  'interval-ms': string;
  timeout: string;
  'memory-limit'?: string;
  json: boolean;
  mount?: string[];
  env?: string[];
  workdir?: string;
  gpus?: string;
  cmd: string[];
}

/** `deploybench measure [...] -- CMD ARGS...`: runs any command under the sampler. */
export const measureCommand: CommandModule<object, MeasureArgs> = {
  command: 'measure [cmd..]',
  describe:
    "run any command under the sampler (-- CMD ARGS...); --json prints one run record on stdout (the command's own output goes to stderr)",
  builder: (y) =>
    y
      .positional('cmd', { type: 'string', array: true, describe: 'the command, after --' })
      .option('stack', { type: 'string', describe: "run in this stack's filesystem (bare metal by default)" })
      .option('image', {
        type: 'string',
        describe: 'run in a container of this image (or bare metal in its filesystem with --deployment bare-metal)',
      })
      .option('deployment', {
        choices: ['bare-metal', 'container'] as const,
        describe: 'deployment for --stack / --image',
      })
      .option('interval-ms', { type: 'string', default: '100', describe: 'sampling interval, 10..10000 ms' })
      .option('timeout', {
        type: 'string',
        default: '3600',
        describe: 'seconds before the command (all its processes) is killed',
      })
      .option('memory-limit', {
        type: 'string',
        describe: 'cap the command at this many MiB (to test OOM handling; matrix runs are never limited)',
      })
      .option('gpus', {
        type: 'string',
        describe:
          "give the command GPUs: 'all', a count, or CDI device names (nvidia.com/gpu=0,...); a container gets them through the NVIDIA toolkit's driver or CDI, bare metal gets the host's driver libraries",
      })
      .option('json', { type: 'boolean', default: false, describe: 'print the run record as JSON' })
      .option('mount', {
        type: 'string',
        array: true,
        describe:
          'HOST:PATH[:ro|rw], repeatable: a host folder at PATH (read-only unless :rw); a host process gets PATH in its arguments replaced by HOST',
      })
      .option('workdir', {
        type: 'string',
        describe: "working directory inside the deployment (default: the image's own)",
      })
      .option('env', {
        type: 'string',
        array: true,
        describe: 'K=V, repeatable: environment of the command, the same in every deployment',
      })
      .parserConfiguration({ 'populate--': true }) as never,
  handler: async (a) => (await import('../actions/measure.ts')).measureAction(a),
};
