import type { Argv, CommandModule } from 'yargs';

/** Parsed arguments of `deploybench stack add`. */
export interface StackAddArgs {
  name: string;
  from: string;
  set?: string[];
  /** Write a matrix comparing `from` and `name` here. */
  matrix?: string;
  /** The matrix whose other settings it keeps (default scenarios/paper-cpu.yaml, paper-gpu.yaml for a GPU stack). */
  'base-matrix'?: string;
}

/** Lines telling the user how to build and run a new stack beside the one it was copied from. */
export function nextSteps(name: string, from: string, o: { matrix?: string; template?: string | null }): string[] {
  const lines = ['Next:', `  deploybench build ${name}`];
  if (o.matrix) return [...lines, `  deploybench run ${o.matrix}`];
  if (o.template) return [...lines, `  deploybench run ${o.template} --stacks ${from},${name}`];
  return [...lines, `  deploybench run MATRIX --stacks ${from},${name}`];
}

const addCommand: CommandModule<object, StackAddArgs> = {
  command: 'add <name>',
  describe: 'create images/<name>/ as a copy of another stack with some settings changed',
  builder: (y: Argv) =>
    y
      .positional('name', {
        type: 'string',
        demandOption: true,
        describe: 'name of the new stack (lower-case letters, digits, dots, dashes)',
      })
      .option('from', { type: 'string', demandOption: true, describe: 'stack to copy (see `deploybench list stacks`)' })
      .option('set', {
        type: 'string',
        array: true,
        describe:
          'KEY=VALUE, KEY+=VALUE or KEY-=VALUE: a dotted stack.yaml path (base.suite=sid, framework.version=2.7.0) or a shortcut: suite=, packages+=, packages-=, description=, image=, torch=',
      })
      .option('matrix', {
        type: 'string',
        describe: 'also write this matrix file comparing --from and the new stack (e.g. scenarios/NAME.yaml)',
      })
      .option('base-matrix', {
        type: 'string',
        describe:
          'with --matrix: the matrix whose deployments, jobs, workload and settings it keeps (default scenarios/paper-cpu.yaml)',
      })
      .example(
        '$0 stack add torch-2.6-debian-sid --from torch-2.6-debian13 --set suite=sid --matrix scenarios/sid.yaml',
        'a matrix comparing it with torch-2.6-debian13 too',
      )
      .example(
        '$0 stack add torch-2.6-debian-sid --from torch-2.6-debian13 --set suite=sid',
        'same stack on Debian unstable',
      )
      .example(
        '$0 stack add torch-2.6-scipy --from torch-2.6-debian13 --set packages+=python3-scipy',
        'one more Debian package',
      ),
  handler: async (args) => (await import('../actions/stack.ts')).stackAddAction(args),
};

/** `deploybench stack add NAME --from STACK [--set KEY=VALUE ...]`. */
export const stackCommand: CommandModule = {
  command: 'stack <command>',
  describe: 'manage stacks (images/<stack>/): add a new one from an existing one',
  builder: (y: Argv) =>
    y.command(addCommand).demandCommand(1, 'give a stack subcommand, e.g. `deploybench stack add NAME --from STACK`'),
  handler: () => undefined,
};
