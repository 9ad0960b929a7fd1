import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import yargs from 'yargs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextSteps, stackCommand } from '../../../harness/cli/commands/stack.ts';
import { listStackNames } from '../../../harness/images/stacks.ts';
import { makeImagesDir } from './fixtures.ts';

let images = '';
const saved = process.env.DEPLOYBENCH_IMAGES_DIR;

beforeEach(async () => {
  images = await makeImagesDir();
  process.env.DEPLOYBENCH_IMAGES_DIR = images;
});

afterEach(async () => {
  if (saved === undefined) delete process.env.DEPLOYBENCH_IMAGES_DIR;
  else process.env.DEPLOYBENCH_IMAGES_DIR = saved;
  vi.restoreAllMocks();
  await rm(images, { recursive: true, force: true });
});

async function cli(...argv: string[]): Promise<string> {
  let stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation(
    (chunk: string | Uint8Array) => ((stdout += String(chunk)), true),
  );
  await yargs(argv)
    .command(stackCommand)
    .strict()
    .fail((msg, e) => {
      throw e ?? new Error(msg);
    })
    .parseAsync();
  return stdout;
}

describe('deploybench stack add', () => {
  it('creates the stack in DEPLOYBENCH_IMAGES_DIR and prints the changes and next commands', async () => {
    const out = await cli(
      'stack',
      'add',
      'deb-sid',
      '--from',
      'deb',
      '--set',
      'suite=sid',
      '--set',
      'packages+=python3-scipy',
    );
    expect(await listStackNames(images)).toContain('deb-sid');
    expect(await readFile(join(images, 'deb-sid', 'stack.yaml'), 'utf8')).toContain('suite: sid');
    expect(out).toMatch(/^created .*deb-sid\/ from deb \(stack.yaml validated, Dockerfile copied\)\n/);
    expect(out).toContain('  base.suite: trixie -> sid\n');
    expect(out).toContain('  deploybench build deb-sid\n');
    expect(out).toMatch(/\n {2}deploybench run \S*scenarios\/paper-cpu.yaml --stacks deb,deb-sid\n$/);
  });

  it('refuses a missing --from through yargs', async () => {
    await expect(cli('stack', 'add', 'x')).rejects.toThrow(/from/);
  });
});

describe('nextSteps', () => {
  it('runs the written matrix, else the template with --stacks', () => {
    expect(nextSteps('n', 'f', { matrix: 'scenarios/n.yaml' })).toEqual([
      'Next:',
      '  deploybench build n',
      '  deploybench run scenarios/n.yaml',
    ]);
    expect(nextSteps('n', 'f', { template: 'scenarios/paper-cpu.yaml' }).at(-1)).toBe(
      '  deploybench run scenarios/paper-cpu.yaml --stacks f,n',
    );
    expect(nextSteps('n', 'f', { template: null }).at(-1)).toBe('  deploybench run MATRIX --stacks f,n');
  });
});
