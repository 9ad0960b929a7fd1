// `cache prune`: removes what nothing uses (see plan.ts), each removal said, holding the lock of the
// thing removed so that a campaign making it at that moment is not cut short.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage } from '../core/errors.ts';
import { wildcardMatch } from '../core/glob.ts';
import { paths } from '../core/paths.ts';
import { docker } from '../images/docker.ts';
import { withCacheLock } from './lock.ts';
import type { CacheItem } from './plan.ts';

/** What happened to one unused item. */
export interface PruneOutcome {
  item: CacheItem;
  /** 'removed' (or would be, with dryRun), or 'kept' with the reason in `error`. */
  state: 'removed' | 'would remove' | 'kept';
  error?: string;
}

/** True when a glob with `*` wildcards matches the whole of `text`. */
export function globMatch(glob: string, text: string): boolean {
  return wildcardMatch(glob, text);
}

// True when some mount (an overlay's lowerdir, a bind) names the folder: a campaign uses it now.
async function mounted(dir: string): Promise<boolean> {
  const text = await readFile('/proc/self/mountinfo', 'utf8').catch(() => '');
  return text.includes(dir);
}

async function removeOne(item: CacheItem): Promise<void> {
  if (item.kind === 'image' || item.kind === 'base') {
    // No force: Docker refuses an image a container uses; untagged parents go too (noprune off).
    await withCacheLock(`${item.kind === 'base' ? 'base' : 'image'}-${item.name}`, () =>
      docker().getImage(item.name).remove(),
    );
    return;
  }
  const path = join(paths.cache(), item.name);
  const key =
    item.kind === 'export'
      ? `rootfs-${item.name.slice('rootfs/'.length).replace(/\.tmp-\d+$/, '')}`
      : item.kind === 'debs'
        ? `debs-${item.name.slice('debs/'.length)}`
        : null;
  const remove = async (): Promise<void> => {
    if (await mounted(path)) throw new Error('mounted (a campaign is using it)');
    await rm(path, { recursive: true, force: true });
  };
  await (key ? withCacheLock(key, remove) : remove());
}

/**
 * Removes the unused items (empty `usedBy`), images only when their tag matches `match` (default every
 * deploybench image); with `dryRun` only says what it would remove.
 */
export async function prune(items: CacheItem[], options: { dryRun: boolean; match?: string }): Promise<PruneOutcome[]> {
  const out: PruneOutcome[] = [];
  for (const item of items) {
    if (item.usedBy.length > 0) continue;
    if ((item.kind === 'image' || item.kind === 'base') && options.match && !globMatch(options.match, item.name))
      continue;
    if (options.dryRun) {
      out.push({ item, state: 'would remove' });
      continue;
    }
    try {
      await removeOne(item);
      out.push({ item, state: 'removed' });
    } catch (error) {
      out.push({ item, state: 'kept', error: errorMessage(error).split('\n')[0] ?? '' });
    }
  }
  return out;
}
