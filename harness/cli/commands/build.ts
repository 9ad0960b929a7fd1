import type { CommandModule } from 'yargs';
import { ensureImage } from '../../images/build.ts';
import { listStackNames, loadStack } from '../../images/stacks.ts';

interface BuildArgs {
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
      .option('force', { type: 'boolean', default: false, describe: 'rebuild even if an image with the same content hash exists' })
      .option('mirror', { type: 'string', describe: 'Debian mirror URL (default $DEPLOYBENCH_MIRROR or deb.debian.org)' }),
  handler: async (a) => {
    let names = a.stacks && a.stacks.length > 0 ? a.stacks : await listStackNames();
    if (!a.stacks || a.stacks.length === 0) {
      const stacks = await Promise.all(names.map((n) => loadStack(n)));
      names = stacks.filter((s) => !s.spec.requires.registry && !s.spec.requires.gpu).map((s) => s.spec.name);
    }
    for (const name of names) {
      const img = await ensureImage(await loadStack(name), { force: a.force, mirror: a.mirror });
      process.stdout.write(`${name}: ${img.built ? 'built' : 'cached'} ${img.tag} (${img.id.slice(7, 19)}) in ${img.seconds.toFixed(1)} s\n`);
    }
  },
};
