import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { errorMessage, wrapUnknown } from '../core/errors.ts';
import { paths } from '../core/paths.ts';
import { docker, LABEL } from '../images/docker.ts';
import { lockCache } from '../cache/lock.ts';

/** Folder holding exported root filesystems, one per image id. */
export function rootfsCacheDir(): string {
  return join(paths.cache(), 'rootfs');
}

/** What bare metal needs from an image besides its files: the environment and working directory of its config. */
export interface ImageConfig {
  env: Record<string, string>;
  workdir: string;
}

/** Reads Env and WorkingDir of an image's config. */
export async function imageConfig(image: string): Promise<{ id: string; config: ImageConfig }> {
  const info = await docker().getImage(image).inspect();
  const env: Record<string, string> = {};
  for (const kv of info.Config.Env ?? []) {
    const i = kv.indexOf('=');
    if (i > 0) env[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return { id: info.Id, config: { env, workdir: info.Config.WorkingDir || '/' } };
}

/** Folder name of an image's export under rootfs/: the first 24 hex digits of its id. */
export function rootfsKey(imageId: string): string {
  return imageId.replace(/^sha256:/, '').slice(0, 24);
}

/**
 * The image's filesystem exported once (docker export of a created, never started container) and
 * unpacked on disk, keyed by image id, so bare metal runs the same bytes as the container. The export
 * is made holding its cache lock: a second campaign waits and uses it, and never replaces a folder
 * the first one has mounted.
 */
export async function ensureRootfs(image: string, onInfo: (line: string) => void = () => undefined): Promise<string> {
  const { id } = await imageConfig(image);
  const key = rootfsKey(id);
  const dir = join(rootfsCacheDir(), key);
  const complete = (): Promise<boolean> =>
    stat(join(dir, '.deploybench-complete')).then(
      () => true,
      () => false,
    );
  if (await complete()) return join(dir, 'root');
  const lock = await lockCache(`rootfs-${key}`, {
    onWait: (holder) => onInfo(`waiting for ${holder}, which is exporting ${image}`),
  });
  try {
    if (!(await complete())) await exportRootfs(image, id, dir, onInfo);
  } finally {
    await lock.release();
  }
  return join(dir, 'root');
}

// docker export into a scratch folder, renamed into place when complete; the caller holds the lock.
async function exportRootfs(image: string, id: string, dir: string, onInfo: (line: string) => void): Promise<void> {
  onInfo(`exporting the filesystem of ${image} for bare metal (once per image)`);
  const tmp = `${dir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(join(tmp, 'root'), { recursive: true });
  const container = await docker().createContainer({
    Image: image,
    Cmd: ['/nonexistent'],
    Labels: { [LABEL]: 'export' },
  });
  try {
    const stream = await container.export();
    const tar = execa('tar', ['-x', '--numeric-owner', '-p', '-C', join(tmp, 'root')], {
      input: undefined,
      stdin: 'pipe',
    });
    stream.pipe(tar.stdin);
    await tar;
  } catch (cause) {
    await rm(tmp, { recursive: true, force: true });
    throw wrapUnknown(
      cause,
      'E_PREPARE_FAILED',
      `exporting the filesystem of ${image} failed: ${errorMessage(cause)}`,
      `check free disk space under ${rootfsCacheDir()}`,
    );
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
  // docker export leaves /etc/resolv.conf, hosts and hostname empty or as Docker wrote them; keep them as exported.
  await writeFile(join(tmp, '.deploybench-complete'), `${image}\n${id}\n`);
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
}

/** Mount points (from /proc/self/mountinfo) under a folder, deepest first. */
export async function mountsUnder(dir: string): Promise<string[]> {
  const text = await readFile('/proc/self/mountinfo', 'utf8');
  const points = text
    .split('\n')
    .map((l) => l.split(' ')[4])
    .filter((p): p is string => !!p && (p === dir || p.startsWith(`${dir}/`)))
    .map((p) => p.replace(/\\040/g, ' '));
  return [...new Set(points)].sort((a, b) => b.length - a.length);
}

/** Unmounts everything under a folder (lazy, deepest first); used after each run and for stale mounts of a crashed one. */
export async function unmountAllUnder(dir: string): Promise<number> {
  let count = 0;
  for (let pass = 0; pass < 3; pass++) {
    const points = await mountsUnder(dir);
    if (points.length === 0) break;
    for (const p of points) {
      const r = await execa('umount', ['-l', p], { reject: false });
      if (r.exitCode === 0) count++;
    }
  }
  return count;
}
