#!/usr/bin/env node
// `npm run build`: compiles harness/**/*.ts into dist/ with tsc (tsconfig.build.json: emit only, relative
// `.ts` imports rewritten to `.js`; type checking is `npm run typecheck`; the GPU check's offline bundle runs
// this output), bundles the CLI into dist/cli/ for a fast start (bundle.js; bin.js runs it), then writes
// dist/stamp.json.
// `--if-stale` builds only when dist/ is missing or older than the sources (prestart, pretest, prepare);
// then a missing TypeScript (an install without devDependencies) is not an error: bin.js falls back to tsx.
import { spawnSync } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { bundleCli } from './bundle.js';
import { DIST, DIST_CLI, ROOT, STAMP, distState, sourceFiles } from './dist.js';

const ifStale = process.argv.includes('--if-stale');
if (ifStale && distState() === 'fresh') process.exit(0);

let tsc;
try {
  tsc = createRequire(join(ROOT, 'package.json')).resolve('typescript/bin/tsc');
} catch {
  console.error(
    'deploybench build: TypeScript is not installed; the CLI will run the sources through tsx (slower start)',
  );
  process.exit(ifStale ? 0 : 1);
}
// Taken before tsc reads anything, so that a source saved during the build makes this build stale.
const startedAtMs = Date.now();
const files = sourceFiles().map((f) => f.file);
const r = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--noCheck'], {
  stdio: 'inherit',
  cwd: ROOT,
});
if (r.status !== 0) {
  console.error(`deploybench build: tsc failed (exit status ${r.status ?? r.signal}); dist/ is not marked up to date`);
  process.exit(1);
}
try {
  await bundleCli(ROOT, DIST_CLI);
} catch (error) {
  console.error(
    `deploybench build: bundling the CLI failed (${error?.message ?? error}); dist/ is not marked up to date`,
  );
  process.exit(1);
}
mkdirSync(DIST, { recursive: true });
writeFileSync(`${STAMP}.tmp`, `${JSON.stringify({ startedAtMs, files })}\n`);
renameSync(`${STAMP}.tmp`, STAMP);
