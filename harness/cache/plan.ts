// What the caches hold and what uses each thing: a pure function of an inventory (inventory.ts
// gathers it), so `cache` and `cache prune` agree and the "what is unused" rule is tested with values.

/** A tag of a deploybench image on the Docker engine. */
export interface ImageTag {
  /** `deploybench/<stack>:<hash>` or `deploybench-base:<suite>-<hash>`. */
  tag: string;
  /** Docker image id (sha256:...). */
  id: string;
  /** Size of the image as Docker reports it (layers shared with other images counted in each). */
  sizeBytes: number;
}

/** A stack of the checkout, with the tags it uses now. */
export interface CurrentStack {
  name: string;
  /** Its image tag now (stackTag). */
  tag: string;
  /** Its base image tag (baseTag; a registry image for `FROM` stacks). */
  baseTag: string;
  /** Debian suite of a debootstrap base, whose .deb cache it uses; null for registry bases. */
  suite: string | null;
}

/** A folder or file under the cache dir, with its size. */
export interface CacheFile {
  /** Name inside its folder (rootfs key, suite, log file name, run id). */
  name: string;
  sizeBytes: number;
}

/** Everything the caches hold, as found. */
export interface CacheInventory {
  images: ImageTag[];
  /** Every image on the engine (deploybench's or not): whose exports under rootfs/ are still of use. */
  allImages: { id: string; name: string }[];
  /** Image ids used by an existing container (running or not). */
  containerImageIds: string[];
  /** rootfs/<key> folders (complete exports and `<key>.tmp-<pid>` scratch ones); `ownerAlive` for scratch ones. */
  exports: (CacheFile & { ownerAlive?: boolean })[];
  /** debs/<suite> folders. */
  debs: CacheFile[];
  /** logs/ files, with their modification time. */
  logs: (CacheFile & { modifiedMs: number })[];
  /** runs/<id> per-run roots and debootstrap/<name> scratch roots, with whether their harness still runs. */
  runRoots: (CacheFile & { ownerAlive: boolean })[];
  scratch: (CacheFile & { ownerAlive: boolean })[];
}

/** Kinds of cached things, in the order `cache prune` removes them (stack images before their bases). */
export const KINDS = ['image', 'base', 'export', 'debs', 'log', 'run-root', 'scratch'] as const;

/** One cached thing and what uses it. */
export interface CacheItem {
  kind: (typeof KINDS)[number];
  /** Image tag, or path relative to the cache dir. */
  name: string;
  sizeBytes: number;
  /** What uses it (empty: nothing, `cache prune` removes it). */
  usedBy: string[];
  /** Why nothing uses it, when so. */
  unused?: string;
}

/** Options of `planCache`. */
export interface PlanOptions {
  /** Now, in ms since the epoch. */
  nowMs: number;
  /** Logs older than this many days are unused. */
  logDays: number;
}

const exportKey = (id: string): string => id.replace(/^sha256:/, '').slice(0, 24);

// One item; `why` is recorded only when nothing uses it.
function item(kind: CacheItem['kind'], name: string, sizeBytes: number, usedBy: string[], why: string): CacheItem {
  return { kind, name, sizeBytes, usedBy, ...(usedBy.length === 0 ? { unused: why } : {}) };
}

// deploybench images and bases: used by the current stacks' tags and by containers.
function imageItems(inv: CacheInventory, stacks: CurrentStack[]): CacheItem[] {
  const byTag = new Map<string, string[]>();
  const use = (tag: string, what: string): void => void byTag.set(tag, [...(byTag.get(tag) ?? []), what]);
  for (const s of stacks) {
    use(s.tag, `stack ${s.name}`);
    use(s.baseTag, `base of ${s.name}`);
  }
  const inContainer = new Set(inv.containerImageIds);
  return inv.images.map((img) => {
    const usedBy = [...(byTag.get(img.tag) ?? []), ...(inContainer.has(img.id) ? ['a container'] : [])];
    const kind = img.tag.startsWith('deploybench-base:') ? 'base' : 'image';
    const stack = /^deploybench\/([^:]+):/.exec(img.tag)?.[1];
    const why =
      kind === 'base'
        ? 'no current stack is built on it'
        : stacks.some((s) => s.name === stack)
          ? `an old build of ${stack ?? ''}`
          : 'no current stack has this tag';
    return item(kind, img.tag, img.sizeBytes, usedBy, why);
  });
}

// rootfs/ exports: used while their image exists (any image on the engine), scratch ones while their maker runs.
function exportItems(inv: CacheInventory): CacheItem[] {
  const exportOf = new Map<string, string[]>();
  for (const img of inv.allImages)
    exportOf.set(exportKey(img.id), [...(exportOf.get(exportKey(img.id)) ?? []), `export of ${img.name}`]);
  return inv.exports.map((e) => {
    const scratch = /\.tmp-\d+$/.test(e.name);
    const usedBy = scratch ? (e.ownerAlive ? ['an export being made'] : []) : (exportOf.get(e.name) ?? []);
    const why = scratch ? 'left by a harness that died' : 'its image no longer exists';
    return item('export', `rootfs/${e.name}`, e.sizeBytes, usedBy, why);
  });
}

// .deb caches, logs, per-run and debootstrap scratch roots.
function fileItems(inv: CacheInventory, stacks: CurrentStack[], options: PlanOptions): CacheItem[] {
  const items = inv.debs.map((d) => {
    const usedBy = stacks.filter((s) => s.suite === d.name).map((s) => `stack ${s.name}`);
    return item('debs', `debs/${d.name}`, d.sizeBytes, usedBy, `no current stack is based on ${d.name}`);
  });
  const maxAgeMs = options.logDays * 86_400_000;
  for (const l of inv.logs) {
    const old = options.nowMs - l.modifiedMs > maxAgeMs;
    const usedBy = old ? [] : [`kept ${options.logDays} days`];
    items.push(item('log', `logs/${l.name}`, l.sizeBytes, usedBy, `older than ${options.logDays} days`));
  }
  for (const [kind, list, dir] of [
    ['run-root', inv.runRoots, 'runs'],
    ['scratch', inv.scratch, 'debootstrap'],
  ] as const) {
    for (const r of list) {
      const usedBy = r.ownerAlive ? ['a running harness'] : [];
      items.push(item(kind, `${dir}/${r.name}`, r.sizeBytes, usedBy, 'left by a harness that died'));
    }
  }
  return items;
}

/** Every cached thing with what uses it; those with an empty `usedBy` are what `cache prune` removes. */
export function planCache(inv: CacheInventory, stacks: CurrentStack[], options: PlanOptions): CacheItem[] {
  const items = [...imageItems(inv, stacks), ...exportItems(inv), ...fileItems(inv, stacks, options)];
  return items.sort((a, b) => KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind) || a.name.localeCompare(b.name));
}

/** Human size: 1.3 GB, 496 MB, 12 kB (powers of 1000, as `docker images`). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${i === 0 ? v.toFixed(0) : v < 10 ? v.toFixed(1) : v.toFixed(0)} ${units[i] ?? 'B'}`;
}
