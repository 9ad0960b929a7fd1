import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// This module is harness/core/paths.ts, or dist/harness/core/paths.js when the CLI runs the compiled output.
const compiled = import.meta.url.endsWith('.js');

/** Root of the deploybench checkout (the folder holding package.json), from the sources and from dist/ alike. */
export const PROJECT_ROOT = resolve(
  dirname(fileURLToPath(import.meta.url)),
  ...(compiled ? ['..', '..', '..'] : ['..', '..']),
);

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
