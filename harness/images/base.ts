import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { errorMessage, HarnessError, wrapUnknown } from '../core/errors.ts';
import { paths } from '../core/paths.ts';
import type { Progress } from '../core/progress.ts';
import { lockCache, withCacheLock } from '../cache/lock.ts';
import { docker, imageId } from './docker.ts';
import type { StackSpec } from './stack.ts';

type DebootstrapBase = Extract<StackSpec['base'], { kind: 'debootstrap' }>;
import { baseTag } from './tags.ts';

export { baseTag };

/** Default Debian mirror; override with --mirror or DEPLOYBENCH_MIRROR (a local apt mirror works). */
export const DEFAULT_MIRROR = 'http://deb.debian.org/debian';

/** The mirror to use: explicit value, then env, then the default. */
export function mirrorUrl(explicit?: string): string {
  return explicit ?? process.env.DEPLOYBENCH_MIRROR ?? DEFAULT_MIRROR;
}

/**
 * Makes the base image of a debootstrap stack unless it exists: debootstrap into a scratch folder,
 * then `docker import`. Returns the tag. Registry bases are left to `docker build` to pull. Holds the
 * base's cache lock (another campaign making it waits, then finds it) and, while debootstrap runs, the
 * lock of the suite's .deb cache (debootstrap is not safe with two writers of one --cache-dir).
 */
export async function ensureBase(spec: StackSpec, opts: { mirror?: string; progress: Progress }): Promise<string> {
  const tag = await baseTag(spec);
  if (spec.base.kind !== 'debootstrap' || (await imageId(tag))) return tag;
  const lock = await lockCache(`base-${tag}`, {
    onWait: (holder) => opts.progress.info(`waiting for ${holder}, which is making ${tag}`),
  });
  try {
    if (!(await imageId(tag))) await makeBase(spec, tag, opts);
  } finally {
    await lock.release();
  }
  return tag;
}

// debootstrap and docker import; the caller holds the base's lock.
async function makeBase(spec: StackSpec, tag: string, opts: { mirror?: string; progress: Progress }): Promise<void> {
  if (spec.base.kind !== 'debootstrap') return;
  const base = spec.base;
  const mirror = mirrorUrl(opts.mirror);
  const which = await execa('which', ['debootstrap'], { reject: false });
  if (which.exitCode !== 0) {
    throw new HarnessError(
      'E_BUILD_FAILED',
      `debootstrap is not installed; it is needed to make the ${base.suite} base of ${spec.name}`,
      {
        fix: 'apt-get install -y debootstrap',
      },
    );
  }
  const work = join(paths.cache(), 'debootstrap', `${tag.replace(/[^a-z0-9.-]/gi, '_')}-${process.pid}`);
  const debCache = join(paths.cache(), 'debs', base.suite);
  await rm(work, { recursive: true, force: true });
  await mkdir(debCache, { recursive: true });
  const args = debootstrapArgs(base, debCache, work, mirror);
  opts.progress.info(
    `debootstrap ${base.suite} from ${mirror} (${base.packages.length} extra packages; a few minutes)`,
  );
  try {
    await withCacheLock(
      `debs-${base.suite}`,
      async () => {
        const child = execa('debootstrap', args, { all: true, buffer: false });
        child.all?.on('data', (d: Buffer) => opts.progress.log(d.toString()));
        await child;
      },
      { onWait: (holder) => opts.progress.info(`waiting for ${holder}, which is using the ${base.suite} .deb cache`) },
    );
    // Smaller, reproducible-ish images: drop apt lists and the package cache of the scratch root.
    await rm(join(work, 'var/cache/apt/archives'), { recursive: true, force: true });
    await mkdir(join(work, 'var/cache/apt/archives/partial'), { recursive: true });
    await importRoot(work, tag, opts.progress);
  } catch (cause) {
    throw wrapUnknown(
      cause,
      'E_BUILD_FAILED',
      `making the base image ${tag} failed: ${errorMessage(cause).split('\n')[0]}\n--- last lines ---\n${opts.progress.tail(15)}`,
      `see the full log ${opts.progress.logFile ?? ''}; check the mirror (${mirror}) is reachable or set DEPLOYBENCH_MIRROR / --mirror`,
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  if (!(await imageId(tag)))
    throw new HarnessError('E_BUILD_FAILED', `docker import did not produce ${tag}`, {
      fix: `see ${opts.progress.logFile ?? 'the log'}`,
    });
}

// debootstrap's arguments for a base: variant, components, the suite's .deb cache and extra packages.
function debootstrapArgs(base: DebootstrapBase, debCache: string, work: string, mirror: string): string[] {
  const args = [
    `--variant=${base.variant === 'default' ? 'minbase' : base.variant}`,
    `--components=${base.components.join(',')}`,
    `--cache-dir=${debCache}`,
  ];
  if (base.variant === 'default') args.shift();
  if (base.packages.length > 0) args.push(`--include=${base.packages.join(',')}`);
  args.push(base.suite, work, mirror);
  return args;
}

// Imports a root folder into Docker as `tag` (docker import of a tar stream), logging the engine's progress.
async function importRoot(work: string, tag: string, progress: Progress): Promise<void> {
  progress.info(`importing ${tag} into Docker`);
  const tar = execa('tar', ['-C', work, '--numeric-owner', '-c', '.'], { buffer: false, encoding: 'buffer' });
  const [repo, version] = tag.split(':') as [string, string];
  const stream = await docker().importImage(tar.stdout, { repo, tag: version });
  await new Promise<void>((resolve, reject) => {
    docker().modem.followProgress(
      stream,
      (err) => (err ? reject(err) : resolve()),
      (ev: { status?: string }) => ev.status && progress.log(`${ev.status}\n`),
    );
  });
  await tar;
}
