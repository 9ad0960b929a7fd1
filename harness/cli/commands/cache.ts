import type { Argv, CommandModule } from 'yargs';

/** Parsed arguments of `deploybench cache prune`. */
export interface CachePruneArgs {
  'dry-run': boolean;
  match?: string;
  'log-days': number;
}

/** Parsed arguments of `deploybench cache list`. */
export interface CacheListArgs {
  'log-days': number;
}

const logDays = {
  type: 'number',
  default: 14,
  describe: 'build logs older than this many days count as unused',
} as const;

const listCommand: CommandModule<object, CacheListArgs> = {
  command: ['list', '$0'],
  describe: 'list what the caches hold, with sizes and what uses each thing',
  builder: (y: Argv) => y.option('log-days', logDays),
  handler: async (a) => (await import('../actions/cache.ts')).cacheListAction(a),
};

const pruneCommand: CommandModule<object, CachePruneArgs> = {
  command: 'prune',
  describe:
    'remove what nothing uses: images of no current stack (nor base of one), exports of gone images, old logs, leftovers of dead runs',
  builder: (y: Argv) =>
    y
      .option('dry-run', { type: 'boolean', default: false, describe: 'only say what would be removed' })
      .option('match', {
        type: 'string',
        describe: 'remove only images whose tag matches this glob (e.g. "deploybench/torch-1.13*")',
      })
      .option('log-days', logDays)
      .example('$0 cache prune --dry-run', 'what would go, and the space it would free'),
  handler: async (a) => (await import('../actions/cache.ts')).cachePruneAction(a),
};

/** `deploybench cache [list|prune]`: what the caches hold, and removing what nothing uses. */
export const cacheCommand: CommandModule = {
  command: 'cache <command>',
  describe: 'what the caches (images, bare-metal exports, .deb caches, logs) hold; prune what nothing uses',
  builder: (y: Argv) => y.command(listCommand).command(pruneCommand),
  handler: () => undefined,
};
