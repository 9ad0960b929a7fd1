import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// This module runs from harness/core/paths.ts, from dist/harness/core/paths.js (tsc output) or from a chunk of
// the start-up bundle in dist/cli/: the root is the nearest folder above it that holds package.json.
function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return resolve(from, '..', '..');
  }
}

/** Root of the deploybench checkout (the folder holding package.json), from the sources and from dist/ alike. */
export const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

/** Folders of the layout in design.md, resolved against the project root unless overridden by env. */
export const paths = {
  images: () => resolve(process.env.DEPLOYBENCH_IMAGES_DIR ?? resolve(PROJECT_ROOT, 'images')),
  scenarios: () => resolve(PROJECT_ROOT, 'scenarios'),
  results: () => resolve(process.env.DEPLOYBENCH_RESULTS_DIR ?? resolve(PROJECT_ROOT, 'results')),
  reports: () => resolve(process.env.DEPLOYBENCH_REPORTS_DIR ?? resolve(PROJECT_ROOT, 'reports')),
  /** Build logs, exported root filesystems and other caches. */
  cache: () => resolve(process.env.DEPLOYBENCH_CACHE_DIR ?? '/var/cache/deploybench'),
};

/** A path as shown in messages: relative to the working directory when inside it, else absolute. */
export function displayPath(file: string): string {
  const abs = resolve(file);
  const rel = relative(process.cwd(), abs);
  return rel === '' || rel.startsWith('..') ? abs : rel;
}
