// Image tags are content hashes: what would go into an image names it, so an unchanged stack is never rebuilt.
// Apart from build.ts so that `deploybench list` can compute them without loading the Docker client.
import { join } from 'node:path';
import { paths } from '../core/paths.ts';
import { contentHash, type FolderCache } from './hash.ts';
import type { StackSpec } from './stack.ts';
import type { Stack } from './stacks.ts';

/** Tag of the base image of a stack: a hash of its recipe (the mirror is not part of it). */
export async function baseTag(spec: StackSpec): Promise<string> {
  if (spec.base.kind === 'image') return spec.base.image;
  const hash = await contentHash({ recipe: JSON.stringify(spec.base) }, {});
  return `deploybench-base:${spec.base.suite}-${hash.slice(0, 12)}`;
}

/** Tag of a stack's image: a hash of everything that goes into it (base recipe, Dockerfile and stack files, workload, build args). */
export async function stackTag(stack: Stack, cache?: FolderCache): Promise<string> {
  const hash = await contentHash(
    { base: await baseTag(stack.spec), buildArgs: JSON.stringify(stack.spec.buildArgs), python: stack.spec.python },
    { stack: stack.dir, workload: join(paths.images(), 'workload') },
    cache,
  );
  return `deploybench/${stack.spec.name}:${hash.slice(0, 12)}`;
}
