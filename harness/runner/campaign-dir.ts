import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
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

/** Creates `results/<id>/` (adding a suffix if it exists) and returns its path and id. */
export async function createCampaignDir(name: string): Promise<{ dir: string; id: string }> {
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
