// The start-up bundle: harness/cli/main.ts and everything it loads, with the small pure-JavaScript packages
// (yargs, zod, yaml and their dependencies) inlined, as ES module chunks in dist/cli/. One file per verb's
// action (dynamic imports are split), so `--help` and `list` parse a few hundred KiB instead of resolving and
// compiling some 200 modules. Packages that are large, native or read their own files at run time stay
// external and load from node_modules when a verb needs them. Plain JavaScript: build.js runs it before
// dist/ exists. Uses esbuild, which tsx (a dependency) brings along.
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** Packages loaded from node_modules, not inlined. */
const EXTERNAL = new Set([
  'dockerode',
  'koffi',
  'systeminformation',
  'vega',
  'vega-lite',
  'vega-embed',
  'execa',
  'tsx',
  'esbuild',
  'typescript',
]);

// The package a bare import names: `@scope/name/sub` -> `@scope/name`, `name/sub` -> `name`.
function packageOf(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Bundles ROOT/harness/cli/main.ts into OUT (emptied first); throws when esbuild is missing or fails. */
export async function bundleCli(root, out) {
  const { build } = await import(createRequire(join(root, 'package.json')).resolve('esbuild'));
  rmSync(out, { recursive: true, force: true });
  await build({
    entryPoints: [join(root, 'harness', 'cli', 'main.ts')],
    outdir: out,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    // Inlined CommonJS packages (yaml) call require() for Node's built-ins.
    banner: {
      js: "import { createRequire as __deploybenchRequire } from 'node:module'; const require = __deploybenchRequire(import.meta.url);",
    },
    plugins: [
      {
        name: 'deploybench-externals',
        setup(b) {
          // zod's messages in 40 languages are 370 KiB of the bundle; deploybench speaks English only.
          b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({
            contents: "export { default as en } from './en.js';",
            loader: 'js',
          }));
          b.onResolve({ filter: /^[^./]/ }, (a) =>
            a.path.startsWith('node:') || EXTERNAL.has(packageOf(a.path)) ? { external: true } : undefined,
          );
        },
      },
    ],
  });
}
