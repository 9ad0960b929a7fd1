// `deploybench init`: a matrix for the user's own command, written and validated, through the real CLI.
import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMatrix } from '../../../harness/matrix/load.ts';
import { isUserWorkload } from '../../../harness/matrix/workload.ts';
import { cli } from '../../helpers/cli.ts';

describe('deploybench init --code DIR -- CMD', () => {
  it('writes a matrix that loads, with the command as the job and paths relative to the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'deploybench-init-'));
    await mkdir(join(dir, 'detector'));
    await mkdir(join(dir, 'logs'));
    await writeFile(join(dir, 'detector', 'train.py'), 'print(1)\n');
    const out = join(dir, 'bench', 'detector.yaml');
    await mkdir(join(dir, 'bench'));
    const r = await cli([
      'init',
      '--code',
      join(dir, 'detector'),
      '--data',
      join(dir, 'logs'),
      '--prepare',
      'python3 prep.py --fast',
      '-o',
      out,
      '--',
      'python3',
      'train.py',
      '--epochs',
      '3',
    ]);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stdout.trim()).toBe(out);
    expect(r.stderr).toContain('(validated)');
    expect(r.stderr).toContain(`deploybench run ${out}`);
    const text = await readFile(out, 'utf8');
    expect(text).toContain('code: "../detector"');
    expect(text).toContain('train: ["python3","train.py","--epochs","3"]');
    const { matrix } = await loadMatrix(out);
    expect(matrix.stacks).toEqual(['torch-1.13-debian12', 'torch-2.6-debian13']);
    expect(matrix.deployments).toEqual(['bare-metal', 'container']);
    expect(matrix.jobs).toEqual(['train']);
    const w = matrix.workload;
    expect(
      isUserWorkload(w) && w.code === join(dir, 'detector') && w.data === join(dir, 'logs') && w.workdir === '/code',
    ).toBe(true);
    expect(isUserWorkload(w) ? w.prepare : null).toEqual(['python3', 'prep.py', '--fast']);
    // Never overwrites unless asked.
    const again = await cli(['init', '--code', join(dir, 'detector'), '-o', out, '--', 'true']);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain('exists');
  });

  it('refuses a missing folder, no command and a bad job name in one line, writing nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'deploybench-init-'));
    for (const [args, needle] of [
      [['--code', join(dir, 'nope'), '--', 'true'], 'folder not found'],
      [['--code', dir], 'no command given'],
      [['--code', dir, '--job', '../x', '--', 'true'], 'expected a job name'],
      [['--code', dir, '--stack', 'no-such-stack', '--', 'true'], 'unknown stack "no-such-stack"'],
    ] as const) {
      const out = join(dir, 'm.yaml');
      const r = await cli(['init', ...args, '-o', out]);
      expect(r.exitCode, r.all).toBe(2);
      expect(r.stderr).toContain(needle);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(
        await stat(out).then(
          () => true,
          () => false,
        ),
      ).toBe(false);
    }
  });
});
