#!/usr/bin/env node
// Runs a TypeScript file of the project (benchmarks, scripts) through tsx: `node harness/cli/tsnode.js FILE.ts ARGS...`.
import { register } from 'tsx/esm/api';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

register();
const file = process.argv[2];
if (!file) {
  console.error('usage: node harness/cli/tsnode.js FILE.ts [ARGS...]');
  process.exit(2);
}
process.argv.splice(1, 1);
await import(pathToFileURL(resolve(file)).href);
