import { execa, type ResultPromise } from 'execa';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../harness/core/paths.ts';

/** Path of the real binary. */
export const BIN = join(PROJECT_ROOT, 'harness/cli/bin.js');

/** Runs `deploybench ARGS` as a real process; never rejects (inspect exitCode). */
export function cli(args: string[], env: Record<string, string> = {}): ResultPromise<{ reject: false; all: true }> {
  return execa('node', [BIN, ...args], { reject: false, all: true, env: { ...env }, cwd: PROJECT_ROOT });
}
