import type { CommandModule } from 'yargs';

/** Parsed arguments of `deploybench build`. */
export interface BuildArgs {
  stacks?: string[];
  force: boolean;
  mirror?: string;
}

/** `deploybench build [STACK...]`: builds, or confirms cached, the images of the stacks. */
export const buildCommand: CommandModule<object, BuildArgs> = {
  command: 'build [stacks..]',
  describe: 'build (or confirm cached) the images of the stacks (default: all CPU stacks)',
  builder: (y) =>
    y
      .positional('stacks', { type: 'string', array: true, describe: 'stack names (see `deploybench list stacks`)' })
      .option('force', {
        type: 'boolean',
        default: false,
        describe: 'rebuild even if an image with the same content hash exists',
      })
      .option('mirror', {
        type: 'string',
        describe: 'Debian mirror URL (default $DEPLOYBENCH_MIRROR or deb.debian.org)',
      }),
  handler: async (a) => (await import('../actions/build.ts')).buildAction(a),
};
