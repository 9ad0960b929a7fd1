import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { HarnessError } from '../core/errors.ts';
import { displayPath, paths } from '../core/paths.ts';
import { createProgress, type Progress } from '../core/progress.ts';
import { lockCache } from '../cache/lock.ts';
import { ensureBase } from './base.ts';
import { docker, ensureDocker, imageId, LABEL } from './docker.ts';
import type { Stack } from './stacks.ts';
import { stackTag } from './tags.ts';

export { stackTag };

/** A stack's image, built or found in the cache. */
export interface StackImage {
  stack: string;
  /** `deploybench/<stack>:<content hash>`. */
  tag: string;
  /** Docker image id (sha256:...). */
  id: string;
  /** False when the image was already there. */
  built: boolean;
  /** Seconds spent. */
  seconds: number;
}

/** Options of `ensureImage`. */
export interface BuildOptions {
  mirror?: string;
  /** Rebuild even when an image with the same content hash exists. */
  force?: boolean;
  progress?: Progress;
}

/**
 * Builds a stack's image unless an image with the same content hash exists. Holds the cache lock of
 * the tag while building, so a second campaign building the same stack at the same time waits and
 * then finds the image (built once, both succeed).
 */
export async function ensureImage(stack: Stack, opts: BuildOptions = {}): Promise<StackImage> {
  const started = performance.now();
  await checkSiteFiles(stack);
  const tag = await stackTag(stack);
  await ensureDocker();
  const existing = opts.force ? null : await imageId(tag);
  if (existing)
    return { stack: stack.spec.name, tag, id: existing, built: false, seconds: (performance.now() - started) / 1000 };
  const say = (line: string): void =>
    opts.progress ? opts.progress.info(line) : void process.stderr.write(`[build ${stack.spec.name}] ${line}\n`);
  const lock = await lockCache(`image-${tag}`, {
    onWait: (holder) => say(`waiting for ${holder}, which is building ${tag}`),
  });
  try {
    const now = opts.force ? null : await imageId(tag);
    if (now)
      return { stack: stack.spec.name, tag, id: now, built: false, seconds: (performance.now() - started) / 1000 };
    return await buildLocked(stack, tag, started, opts);
  } finally {
    await lock.release();
  }
}

// The build itself; the caller holds the tag's lock.
async function buildLocked(stack: Stack, tag: string, started: number, opts: BuildOptions): Promise<StackImage> {
  const name = stack.spec.name;

  const logFile = join(paths.cache(), 'logs', `build-${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.log`);
  const progress = opts.progress ?? createProgress(logFile, { prefix: `[build ${name}] ` });
  try {
    if (stack.spec.requires.registry)
      progress.info(
        `note: ${name} starts FROM a registry image (${stack.spec.base.kind === 'image' ? stack.spec.base.image : ''}); this needs a reachable registry or a mirror of one`,
      );
    const base = await ensureBase(stack.spec, { mirror: opts.mirror, progress });
    progress.info(`docker build ${tag} (FROM ${base})`);
    const hasIgnore = await stat(join(paths.images(), '.dockerignore')).then(
      () => true,
      () => false,
    );
    const stream = await docker().buildImage(
      { context: paths.images(), src: [...(hasIgnore ? ['.dockerignore'] : []), name, 'workload'] },
      {
        t: tag,
        dockerfile: `${name}/Dockerfile`,
        buildargs: { BASE_IMAGE: base, ...stack.spec.buildArgs },
        labels: { [LABEL]: 'stack', [`${LABEL}.stack`]: name },
        rm: true,
        forcerm: true,
      },
    );
    await new Promise<void>((resolve, reject) => {
      docker().modem.followProgress(
        stream,
        (err, output: { error?: string }[] | undefined) => {
          const failed = err ?? output?.find((o) => o.error)?.error;
          if (failed) reject(failed instanceof Error ? failed : new Error(String(failed)));
          else resolve();
        },
        (ev: { stream?: string; status?: string; error?: string }) =>
          progress.log(ev.stream ?? (ev.status ? `${ev.status}\n` : '')),
      );
    });
  } catch (cause) {
    if (cause instanceof HarnessError) throw cause;
    throw new HarnessError(
      'E_BUILD_FAILED',
      `building ${name} failed: ${(cause as Error).message.split('\n')[0]}\n--- last lines ---\n${progress.tail(15)}`,
      {
        fix: `see the full log ${progress.logFile ?? ''}`,
        cause,
      },
    );
  } finally {
    if (!opts.progress) await progress.close();
  }
  const id = await imageId(tag);
  if (!id)
    throw new HarnessError('E_BUILD_FAILED', `docker build finished but ${tag} is missing`, {
      fix: `see ${progress.logFile ?? 'the log'}`,
    });
  progress.info(`built ${tag} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return { stack: name, tag, id, built: true, seconds: (performance.now() - started) / 1000 };
}

// A stack whose build needs files only the site can provide is refused before anything is downloaded.
async function checkSiteFiles(stack: Stack): Promise<void> {
  for (const f of stack.spec.siteFiles) {
    const file = join(stack.dir, f.path);
    if (await stat(file).catch(() => null)) continue;
    throw new HarnessError('E_BUILD_FAILED', `${stack.spec.name} cannot be built: ${displayPath(file)} is missing`, {
      fix: `${f.why}; put the file there and build again`,
    });
  }
}
