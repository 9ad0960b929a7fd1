// The compiled output in dist/ and whether it is up to date with harness/**/*.ts. Plain JavaScript on
// purpose: bin.js asks this before it knows whether dist/ can be trusted, and build.js runs before dist/ exists.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Root of the checkout (the folder holding package.json). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Folder of the compiled output (git- and eslint-ignored). */
export const DIST = join(ROOT, 'dist');

/** The stamp build.js writes after a build: the source list and when the build started. */
export const STAMP = join(DIST, 'stamp.json');

/** Folder of the start-up bundle (bundle.js): the CLI as a few ES module chunks. */
export const DIST_CLI = join(DIST, 'cli');

/** URL of the bundled CLI module (exports `main` and `runCli`); tsc's per-file output stays in dist/harness. */
export const DIST_MAIN_URL = pathToFileURL(join(DIST_CLI, 'main.js')).href;

/** Every TypeScript source of harness/, relative to ROOT, sorted, with its mtime in ms. */
export function sourceFiles() {
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.name.endsWith('.ts')) out.push({ file: relative(ROOT, path), mtimeMs: statSync(path).mtimeMs });
    }
  };
  walk(join(ROOT, 'harness'));
  return out.sort((a, b) => (a.file < b.file ? -1 : 1));
}

/**
 * 'fresh' when dist/ was built from exactly the current sources: the same file list, none modified after
 * the build started. 'missing' without a stamp, 'stale' otherwise. About a millisecond: one stat per source.
 */
export function distState() {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(STAMP, 'utf8'));
  } catch {
    return 'missing';
  }
  const files = sourceFiles();
  if (!Array.isArray(stamp.files) || typeof stamp.startedAtMs !== 'number' || stamp.files.length !== files.length)
    return 'stale';
  for (let i = 0; i < files.length; i++) {
    const f = files[i];
    if (stamp.files[i] !== f.file || f.mtimeMs >= stamp.startedAtMs) return 'stale';
  }
  return 'fresh';
}
