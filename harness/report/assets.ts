/**
 * Reads the browser bundles of vega, vega-lite and vega-embed from node_modules, to inline them in the
 * report. Their package `exports` hide the build folder, so the folder is found from each package's
 * main entry (which lives in it).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { HarnessError } from '../core/errors.ts';
import type { ChartLibraries } from './html.ts';

const require = createRequire(import.meta.url);

const BUNDLES: [keyof ChartLibraries, string, string][] = [
  ['vega', 'vega', 'vega.min.js'],
  ['vegaLite', 'vega-lite', 'vega-lite.min.js'],
  ['vegaEmbed', 'vega-embed', 'vega-embed.min.js'],
];

let cached: Promise<ChartLibraries> | null = null;

async function readBundle(pkg: string, file: string): Promise<string> {
  let path = file;
  try {
    path = join(dirname(require.resolve(pkg)), file);
    return await readFile(path, 'utf8');
  } catch (cause) {
    throw new HarnessError('E_NOT_FOUND', `cannot read the ${pkg} browser bundle (${path}) to inline in the report`, {
      fix: 'run `npm install` in the deploybench folder',
      cause,
    });
  }
}

/** The three bundles' source code (read once per process). */
export function chartLibraries(): Promise<ChartLibraries> {
  cached ??= Promise.all(BUNDLES.map(async ([key, pkg, file]) => [key, await readBundle(pkg, file)] as const))
    .then((entries) => Object.fromEntries(entries) as unknown as ChartLibraries)
    .catch((error: unknown) => {
      cached = null;
      throw error;
    });
  return cached;
}
