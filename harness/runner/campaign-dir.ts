import { mkdir, readdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { HarnessError } from '../core/errors.ts';
import { displayPath } from '../core/paths.ts';
import { execa } from 'execa';
import { PROJECT_ROOT, paths } from '../core/paths.ts';
import { readFileSync } from 'node:fs';

/** A new campaign id: UTC time (sortable) and the matrix name. */
export function newCampaignId(name: string, now = new Date()): string {
  const ts = now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
  return `${ts}-${name}`;
}

/**
 * Creates `results/<id>/` (adding a suffix if it exists) and returns its path and id. With `target`
 * (`run --campaign-dir`), creates exactly that folder instead (it may exist if empty); the id is its name.
 */
export async function createCampaignDir(name: string, target?: string): Promise<{ dir: string; id: string }> {
  if (target !== undefined) return createTargetDir(resolve(target));
  const base = newCampaignId(name);
  // Made first: creating it on the first ENOENT used to skip the plain id and start at `-1`.
  await mkdir(paths.results(), { recursive: true });
  for (let i = 0; ; i++) {
    const id = i === 0 ? base : `${base}-${i}`;
    const dir = join(paths.results(), id);
    try {
      await mkdir(dir, { recursive: false });
      return { dir, id };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** The harness's version and git commit (null outside a git checkout), for campaign.json. */
export async function harnessInfo(): Promise<{ version: string; commit: string | null; node: string }> {
  const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
  const r = await execa('git', ['rev-parse', 'HEAD'], { cwd: PROJECT_ROOT, reject: false });
  const dirty = await execa('git', ['status', '--porcelain', '--untracked-files=no'], {
    cwd: PROJECT_ROOT,
    reject: false,
  });
  const commit = r.exitCode === 0 ? `${r.stdout.trim()}${dirty.stdout.trim() ? '-dirty' : ''}` : null;
  return { version: pkg.version, commit, node: process.version };
}

// `run --campaign-dir DIR`: the folder is the caller's choice (a fleet's node folder); an existing one must be empty.
async function createTargetDir(dir: string): Promise<{ dir: string; id: string }> {
  await mkdir(dirname(dir), { recursive: true });
  await mkdir(dir).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
    if ((await readdir(dir)).length > 0)
      throw new HarnessError('E_USAGE', `--campaign-dir ${displayPath(dir)}: the folder exists and is not empty`, {
        fix: 'give a new folder, or continue that campaign with `deploybench run --resume DIR`',
      });
  });
  return { dir, id: basename(dir) };
}
