import type { CommandModule } from 'yargs';

/** Parsed arguments of `deploybench list`. */
export interface ListArgs {
  what: 'stacks' | 'scenarios' | 'campaigns';
}

/** `deploybench list [stacks|scenarios|campaigns]`. */
export const listCommand: CommandModule<object, ListArgs> = {
  command: 'list [what]',
  describe: 'list stacks, scenarios (matrix files) or campaigns',
  builder: (y) =>
    y.positional('what', { choices: ['stacks', 'scenarios', 'campaigns'] as const, default: 'stacks' as const }),
  handler: async (a) => (await import('../actions/list.ts')).listAction(a),
};
