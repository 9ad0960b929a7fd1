#!/usr/bin/env node
// Entry point of the `deploybench` binary. Runs the compiled JavaScript in dist/ (`npm run build`; prestart,
// pretest and prepare do it) when it was built from the current sources, and otherwise loads the TypeScript
// sources through tsx, so an edited source never runs stale compiled code. DEPLOYBENCH_TSX=1 forces tsx.
import { DIST_MAIN_URL, distState } from './dist.js';

const state = process.env.DEPLOYBENCH_TSX === '1' ? 'forced' : distState();
// -v prints the stacks of errors: then they name the TypeScript sources, not the bundle's chunks (its source
// maps are read only then, as they cost start-up time). The same test as print-error.ts's wantsVerbose.
const argv = process.argv.slice(2);
const own = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
if (own.some((a) => a === '-v' || a === '--verbose' || a === '--verbose=true')) process.setSourceMapsEnabled(true);
let cli;
try {
  cli = await loadCli();
} catch (error) {
  // The CLI itself could not load (a broken install or build): an internal error, exit status 70 (README "Exit codes").
  process.stderr.write(
    `deploybench: error E_INTERNAL: cannot load the CLI (${error?.message ?? error})\n  fix: reinstall (npm ci) and rebuild (npm run build); if it persists, report it with this output\n${error?.stack ?? ''}\n`,
  );
  process.exit(70);
}
await cli.runCli(argv);

async function loadCli() {
  if (state === 'fresh') return import(DIST_MAIN_URL);
  // Only on a terminal: scripts and tests compare stderr, and the result is the same either way.
  if (state === 'stale' && process.stderr.isTTY)
    process.stderr.write(
      'deploybench: dist/ is older than the sources; running them through tsx (slower start). `npm run build` updates it.\n',
    );
  const { register } = await import('tsx/esm/api');
  register();
  return import('./main.ts');
}
