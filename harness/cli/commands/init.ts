import type { CommandModule } from 'yargs';

/** Parsed arguments of `deploybench init`. */
export interface InitArgs {
  code: string;
  data?: string;
  job: string;
  name?: string;
  stack?: string[];
  prepare?: string;
  output?: string;
  force: boolean;
  cmd?: string[];
}

/** Stacks a new matrix names unless --stack is given. */
export const DEFAULT_STACKS = ['torch-1.13-debian12', 'torch-2.6-debian13'];

/** `deploybench init --code DIR -- CMD ARGS...`: a matrix file for the user's own command. */
export const initCommand: CommandModule<object, InitArgs> = {
  command: 'init [cmd..]',
  describe:
    'write a matrix file that benchmarks your own command (-- CMD ARGS...) on the default stacks, bare metal and in a container',
  builder: (y) =>
    y
      .positional('cmd', {
        type: 'string',
        array: true,
        describe: 'your command, after --, as it runs from your code folder',
      })
      .option('code', {
        type: 'string',
        demandOption: true,
        describe: 'folder of your code (read-only at /code, the working directory)',
      })
      .option('data', { type: 'string', describe: 'folder of your data (read-only at /data)' })
      .option('job', { type: 'string', default: 'train', describe: 'name of the job (shown in reports)' })
      .option('name', { type: 'string', describe: "workload and campaign name (default: the code folder's name)" })
      .option('stack', {
        type: 'string',
        array: true,
        describe: `stack to run on, repeatable (default: ${DEFAULT_STACKS.join(', ')})`,
      })
      .option('prepare', {
        type: 'string',
        describe:
          'a command run once per stack before the jobs, not measured (its output in /shared), e.g. "python3 prepare.py"',
      })
      .option('output', { alias: 'o', type: 'string', describe: 'matrix file to write (default: <name>.yaml here)' })
      .option('force', { type: 'boolean', default: false, describe: 'overwrite the file' })
      .example(
        '$0 init --code ./detector --data ./logs -- python3 train.py --epochs 3',
        'a matrix for one training script',
      )
      .parserConfiguration({ 'populate--': true }),
  handler: async (a) => (await import('../actions/init.ts')).initAction(a),
};
