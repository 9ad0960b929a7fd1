#!/usr/bin/env node
// Entry point of the `deploybench` binary: loads the TypeScript sources through tsx, no build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('./main.ts');
await runCli(process.argv.slice(2));
