// Gathers what the caches hold: deploybench images on the Docker engine, folders and files under the
// cache dir with their sizes, and the stacks of the checkout with the tags they use now.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { errorMessage } from '../core/errors.ts';
import { isAlive, ownerPid } from '../core/owner.ts';
import { paths } from '../core/paths.ts';
import { docker, ensureDocker } from '../images/docker.ts';
import { listStackNames, loadStack } from '../images/stacks.ts';
import { baseTag, stackTag } from '../images/tags.ts';
import type { CacheFile, CacheInventory, CurrentStack, ImageTag } from './plan.ts';

/** Repositories of the images deploybench builds (stack images and debootstrap bases). */
export function isDeploybenchTag(tag: string): boolean {
  return tag.startsWith('deploybench/') || tag.startsWith('deploybench-base:');
}

/** The checkout's stacks with their tags now; `invalid` names those that do not load (their images' use is unknown). */
export async function currentStacks(): Promise<{ stacks: CurrentStack[]; invalid: string[] }> {
  const stacks: CurrentStack[] = [];
  const invalid: string[] = [];
  for (const name of await listStackNames()) {
    try {
      const s = await loadStack(name);
      stacks.push({
        name,
        tag: await stackTag(s),
        baseTag: await baseTag(s.spec),
        suite: s.spec.base.kind === 'debootstrap' ? s.spec.base.suite : null,
      });
    } catch (error) {
      invalid.push(`${name} (${errorMessage(error).split('\n')[0] ?? ''})`);
    }
  }
  return { stacks, invalid };
}

// Bytes on disk under a path (du: sparse files and hard links counted once); 0 when unreadable.
async function diskBytes(path: string): Promise<number> {
  const r = await execa('du', ['-sb', path], { reject: false });
  return Number(r.stdout.split('\t')[0]) || 0;
}

async function entries(dir: string): Promise<CacheFile[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return Promise.all(names.sort().map(async (name) => ({ name, sizeBytes: await diskBytes(join(dir, name)) })));
}

// The pid a scratch folder's name ends with (`<key>.tmp-<pid>`, `<tag>-<pid>`).
const trailingPid = (name: string): number | null => {
  const m = /[-.](?:tmp-)?(\d+)$/.exec(name);
  return m ? Number(m[1]) : null;
};
const alive = (pid: number | null): boolean => pid !== null && (pid === process.pid || isAlive(pid));

/** Everything under the cache dir and the deploybench images on the engine. */
export async function gatherInventory(): Promise<CacheInventory> {
  await ensureDocker();
  const images: ImageTag[] = [];
  const allImages: { id: string; name: string }[] = [];
  for (const img of await docker().listImages()) {
    allImages.push({ id: img.Id, name: img.RepoTags?.find((t) => t !== '<none>:<none>') ?? img.Id.slice(7, 19) });
    for (const tag of img.RepoTags ?? [])
      if (isDeploybenchTag(tag)) images.push({ tag, id: img.Id, sizeBytes: img.Size });
  }
  const containers = await docker().listContainers({ all: true });
  const root = paths.cache();
  const logs = await Promise.all(
    (await entries(join(root, 'logs'))).map(async (l) => ({
      ...l,
      modifiedMs: (await stat(join(root, 'logs', l.name))).mtimeMs,
    })),
  );
  return {
    images,
    allImages,
    containerImageIds: containers.map((c) => c.ImageID),
    exports: (await entries(join(root, 'rootfs'))).map((e) =>
      /\.tmp-\d+$/.test(e.name) ? { ...e, ownerAlive: alive(trailingPid(e.name)) } : e,
    ),
    debs: await entries(join(root, 'debs')),
    logs,
    runRoots: (await entries(join(root, 'runs'))).map((r) => ({ ...r, ownerAlive: alive(ownerPid(r.name)) })),
    scratch: (await entries(join(root, 'debootstrap'))).map((r) => ({ ...r, ownerAlive: alive(trailingPid(r.name)) })),
  };
}
