// `deploybench build`: builds, or confirms cached, the images of the stacks.
import { ensureImage } from '../../images/build.ts';
import { listStackNames, loadStack } from '../../images/stacks.ts';
import type { BuildArgs } from '../commands/build.ts';

/** Builds the named stacks (default: every stack that needs neither a GPU nor a registry) and prints each image. */
export async function buildAction(a: BuildArgs): Promise<void> {
  let names = a.stacks && a.stacks.length > 0 ? a.stacks : await listStackNames();
  if (!a.stacks || a.stacks.length === 0) {
    const stacks = await Promise.all(names.map((n) => loadStack(n)));
    names = stacks.filter((s) => !s.spec.requires.registry && !s.spec.requires.gpu).map((s) => s.spec.name);
  }
  for (const name of names) {
    const img = await ensureImage(await loadStack(name), { force: a.force, mirror: a.mirror });
    process.stdout.write(
      `${name}: ${img.built ? 'built' : 'cached'} ${img.tag} (${img.id.slice(7, 19)}) in ${img.seconds.toFixed(1)} s\n`,
    );
  }
}
