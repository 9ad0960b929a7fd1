// `stack add --matrix` and `run --stacks` through the real binary, on a throwaway images/ folder (the
// stacks of test/unit/stack-add/fixtures.ts) and base matrices in a temp folder: no Docker, nothing built.
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMatrix } from '../../../harness/matrix/load.ts';
import { cli } from '../../helpers/cli.ts';
import { makeImagesDir } from '../../unit/stack-add/fixtures.ts';

const BASE = `# yaml-language-server: $schema=./matrix.schema.json
# A base matrix: its comments, deployments, jobs, workload and settings are kept.
name: base
stacks: [pip]
deployments: [bare-metal, container]
jobs: [train, infer]
workload:
  preset: tiny # seconds
  seed: 7
repetitions: 5
warmup: 1
sampling:
  intervalMs: 50
`;

let images = '';
let env: Record<string, string> = {};

beforeEach(async () => {
  images = await makeImagesDir();
  env = { DEPLOYBENCH_IMAGES_DIR: images };
  await writeFile(join(images, 'base.yaml'), BASE);
});

afterEach(async () => {
  await rm(images, { recursive: true, force: true });
});

const gone = (p: string): Promise<boolean> =>
  stat(p).then(
    () => false,
    () => true,
  );

describe('deploybench stack add --matrix', () => {
  it('writes a valid matrix of both stacks with the base matrix settings and comments, and says how to run it', async () => {
    const file = join(images, 'deb-sid.yaml');
    const r = await cli(
      [
        'stack',
        'add',
        'deb-sid',
        '--from',
        'deb',
        '--set',
        'suite=sid',
        '--matrix',
        file,
        '--base-matrix',
        join(images, 'base.yaml'),
      ],
      env,
    );
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stdout).toContain(`created ${file}: stacks [deb, deb-sid], the rest as in ${join(images, 'base.yaml')}\n`);
    expect(r.stdout.endsWith(`Next:\n  deploybench build deb-sid\n  deploybench run ${file}`)).toBe(true);
    const text = await readFile(file, 'utf8');
    expect(text.split('\n').slice(0, 3)).toEqual([
      `# Made by \`deploybench stack add deb-sid --from deb --set suite=sid --matrix ${file} --base-matrix ${join(images, 'base.yaml')}\` from base.yaml; comments below are its.`,
      '# yaml-language-server: $schema=./matrix.schema.json',
      '# A base matrix: its comments, deployments, jobs, workload and settings are kept.',
    ]);
    expect(text).toContain('\nstacks: [deb, deb-sid]\n');
    expect(text).toContain('  preset: tiny # seconds\n');
    process.env.DEPLOYBENCH_IMAGES_DIR = images;
    try {
      const { matrix } = await loadMatrix(file);
      expect(matrix).toMatchObject({
        name: 'deb-sid',
        description: 'deb vs deb-sid, settings of base.yaml',
        stacks: ['deb', 'deb-sid'],
        deployments: ['bare-metal', 'container'],
        repetitions: 5,
        warmup: 1,
        sampling: { intervalMs: 50 },
        workload: { preset: 'tiny', seed: 7 },
      });
    } finally {
      delete process.env.DEPLOYBENCH_IMAGES_DIR;
    }
  });
});

describe('deploybench stack add --matrix refusals', () => {
  it('refuses an existing --matrix file before creating the stack', async () => {
    const file = join(images, 'taken.yaml');
    await writeFile(file, 'keep me\n');
    const r = await cli(
      ['stack', 'add', 'deb-sid', '--from', 'deb', '--matrix', file, '--base-matrix', join(images, 'base.yaml')],
      env,
    );
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(
      `deploybench: error E_USAGE: --matrix ${file}: the file already exists\n  fix: give a new file name, or run the existing matrix with --stacks FROM,NAME`,
    );
    expect(await readFile(file, 'utf8')).toBe('keep me\n');
    expect(await gone(join(images, 'deb-sid'))).toBe(true);
  });

  it('refuses an invalid base matrix with its file and line, and creates nothing', async () => {
    await writeFile(join(images, 'bad.yaml'), BASE.replace('stacks: [pip]', 'stacks: [nope]'));
    const file = join(images, 'out.yaml');
    const r = await cli(
      ['stack', 'add', 'deb-sid', '--from', 'deb', '--matrix', file, '--base-matrix', join(images, 'bad.yaml')],
      env,
    );
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`bad.yaml:4 stacks[0]: unknown stack "nope" (known: deb, pip, reg)`);
    expect(await gone(join(images, 'deb-sid'))).toBe(true);
    expect(await gone(file)).toBe(true);
  });
});

describe('deploybench run --stacks', () => {
  it('names an unknown stack and the known ones, before anything runs', async () => {
    const r = await cli(['run', join(images, 'base.yaml'), '--stacks', 'deb,nope'], env);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(
      'deploybench: error E_USAGE: --stacks deb,nope: unknown stack "nope" (known: deb, pip, reg) (matrix field stacks)\n' +
        '  fix: give stack names from `deploybench list stacks`, separated by commas, e.g. --stacks torch-1.13-debian12,torch-2.6-debian13',
    );
  });

  it('refuses --stacks with --resume', async () => {
    const r = await cli(['run', '--stacks', 'deb', '--resume', images], env);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(
      'deploybench: error E_USAGE: --stacks cannot change the stacks of a campaign being resumed',
    );
  });
});
