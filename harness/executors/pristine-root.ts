import { lstat, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { HarnessError } from '../core/errors.ts';
import { ownerDead } from '../core/owner.ts';
import { paths } from '../core/paths.ts';
import { docker } from '../images/docker.ts';
import { ensureRootfs } from './rootfs.ts';

/** Read-only layers a bare-metal run's filesystem is made of, topmost first. */
export interface RootLayers {
  /** Folders for overlayfs `lowerdir`, topmost first. */
  lower: string[];
  /** 'docker-layers': the image's own overlay2 layers, as the container uses them; 'export': a cached `docker export`. */
  source: 'docker-layers' | 'export';
}

/** Files Docker provides in every container; present (empty) in bare metal too, so programs find them. */
const DOCKER_FILES = ['etc/hosts', 'etc/hostname', 'etc/resolv.conf'];

/** Folders under which runs' writable layers live (one per run, removed after it). */
export function runRootsDir(): string {
  return join(paths.cache(), 'runs');
}

/**
 * The image's read-only layers: Docker's own overlay2 layer folders when the engine uses overlay2 (no
 * copy at all), otherwise the image's filesystem exported once and cached (rootfs.ts).
 */
export async function rootLayers(image: string, onInfo: (line: string) => void): Promise<RootLayers> {
  const info = await docker().getImage(image).inspect();
  const data = (info.GraphDriver as { Name?: string; Data?: Record<string, string> | null } | undefined) ?? {};
  const upper = data.Data?.UpperDir;
  if (data.Name === 'overlay2' && upper) {
    const lower = [upper, ...(data.Data?.LowerDir ? data.Data.LowerDir.split(':') : [])];
    // The kernel takes mount options up to one page; images with very many layers fall back to an export.
    if (lower.join(':').length < 3000) return { lower, source: 'docker-layers' };
  }
  return { lower: [await ensureRootfs(image, onInfo)], source: 'export' };
}

/** One run's filesystem: the image's layers below, a fresh writable layer above, mounted at `root`. */
export interface RunRoot {
  /** The merged view the job is chrooted into. */
  root: string;
  /** The run's writable layer: what the job (and the harness's mount points) changed. */
  upper: string;
  /** Folder holding upper, work and root; removed by `release`. */
  dir: string;
  /** Paths (as the job sees them) the harness created, which are not the job's writes. */
  created: Set<string>;
}

async function sh(cmd: string, args: string[]): Promise<void> {
  const r = await execa(cmd, args, { reject: false, all: true });
  if (r.exitCode !== 0)
    throw new HarnessError('E_PREPARE_FAILED', `${cmd} ${args.join(' ')} failed: ${r.all ?? ''}`, {
      fix: 'bare metal needs root, mount(8) and overlayfs (modprobe overlay)',
    });
}

/** Mounts a fresh overlay of the layers for one run (overlayfs: a filesystem, not a namespace). */
export async function mountRunRoot(layers: RootLayers, runId: string): Promise<RunRoot> {
  const dir = join(runRootsDir(), runId);
  const [upper, work, root] = ['upper', 'work', 'root'].map((d) => join(dir, d)) as [string, string, string];
  await rm(dir, { recursive: true, force: true });
  for (const d of [upper, work, root]) await mkdir(d, { recursive: true });
  try {
    await sh('mount', [
      '-t',
      'overlay',
      'overlay',
      '-o',
      `lowerdir=${layers.lower.join(':')},upperdir=${upper},workdir=${work}`,
      root,
    ]);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const created = new Set<string>();
  // Docker's per-container files: created only where the image has none, as empty files (as `docker export` gave them).
  for (const f of DOCKER_FILES) {
    if (
      await lstat(join(root, f)).then(
        () => true,
        () => false,
      )
    )
      continue;
    await makeMountPoint(root, `/${f.split('/').slice(0, -1).join('/')}`, created);
    await writeFile(join(root, f), '');
    created.add(`/${f}`);
  }
  return { root, upper, dir, created };
}

/**
 * Creates a mount point inside the run's root, refusing any path whose existing part goes through a
 * symbolic link (it could lead out of the root on the host).
 */
export async function makeMountPoint(root: string, target: string, created: Set<string>): Promise<void> {
  const parts = target.split('/').filter((p) => p !== '');
  if (parts.length === 0 || parts.some((p) => p === '..' || p === '.')) {
    throw new HarnessError('E_USAGE', `mount target "${target}": expected an absolute path without . or .. parts`, {
      fix: 'give a path such as /src or /opt/data',
    });
  }
  let cur = root;
  for (const part of parts) {
    cur = join(cur, part);
    const st = await lstat(cur).catch(() => null);
    if (st?.isSymbolicLink())
      throw new HarnessError(
        'E_USAGE',
        `mount target "${target}": ${cur.slice(root.length)} is a symbolic link in the image`,
        { fix: 'mount at a path without symbolic links, e.g. /src' },
      );
    if (!st) {
      await mkdir(cur);
      created.add(cur.slice(root.length));
    }
  }
}

/**
 * What the job wrote into its filesystem (outside the mounted folders): the files of the run's writable
 * layer, as paths the job saw (deletions marked), and the empty folders it made; the harness's mount
 * points and `/tmp` (a scratch folder in both deployments) do not count. Folders only copied up because
 * something inside them changed are not listed themselves.
 */
export async function writesIn(
  upper: string,
  ignore: ReadonlySet<string>,
  limit = 20,
): Promise<{ count: number; paths: string[] }> {
  const found: string[] = [];
  let count = 0;
  const note = (p: string): void => {
    count++;
    if (found.length < limit) found.push(p);
  };
  // Returns how many entries the folder holds (ignored ones included), so a folder holding only a mount point is not "empty".
  const walk = async (dir: string, rel: string): Promise<number> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries.sort((x, y) => x.name.localeCompare(y.name))) {
      const p = `${rel}/${e.name}`;
      if (p === '/tmp' || ignore.has(p)) continue;
      if (e.isDirectory()) {
        if ((await walk(join(dir, e.name), p)) === 0) note(`${p}/`);
      } else note(e.isCharacterDevice() ? `${p} (deleted)` : p);
    }
    return entries.length;
  };
  await walk(upper, '');
  return { count, paths: found };
}

/** Unmounts the run's root (after its inner mounts) and deletes its writable layer. */
export async function releaseRunRoot(run: RunRoot, unmountAllUnder: (dir: string) => Promise<number>): Promise<void> {
  await unmountAllUnder(run.root);
  await rm(run.dir, { recursive: true, force: true });
}

/**
 * Removes the per-run roots of harness processes that are gone (a SIGKILLed or crashed run): their
 * mounts are undone and their writable layers deleted. Roots of live processes (another campaign
 * running now) are left alone. Returns the ids removed.
 */
export async function cleanupStaleRunRoots(unmountAllUnder: (dir: string) => Promise<number>): Promise<string[]> {
  const removed: string[] = [];
  for (const id of await readdir(runRootsDir()).catch(() => [] as string[])) {
    if (!ownerDead(id)) continue;
    const dir = join(runRootsDir(), id);
    await unmountAllUnder(join(dir, 'root'));
    await rm(dir, { recursive: true, force: true });
    removed.push(id);
  }
  return removed;
}
