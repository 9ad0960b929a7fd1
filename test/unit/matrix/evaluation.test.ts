// workload.evaluation in a matrix file: g (topg) and h (window), their defaults, bad values refused
// with the line, and the reference jobs' command lines that carry them.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HarnessError } from '../../../harness/core/errors.ts';
import { displayPath } from '../../../harness/core/paths.ts';
import { loadMatrix } from '../../../harness/matrix/load.ts';
import type { Matrix } from '../../../harness/matrix/schema.ts';
import { referenceOf, workloadCommand } from '../../../harness/runner/job-command.ts';

const dir = await mkdtemp(join(tmpdir(), 'deploybench-evaluation-'));
let n = 0;
async function load(text: string): Promise<Matrix> {
  const file = join(dir, `m${++n}.yaml`);
  await writeFile(file, text);
  return (await loadMatrix(file)).matrix;
}
async function refusal(text: string): Promise<{ error: HarnessError; file: string }> {
  const file = join(dir, `m${++n}.yaml`);
  await writeFile(file, text);
  const error = await loadMatrix(file).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HarnessError);
  return { error: error as HarnessError, file };
}

const HEAD = 'stacks: [torch-2.6-debian13]\ndeployments: [container]\n';
const paths = { data: '/data', out: '/out' };

describe('workload.evaluation', () => {
  it('defaults to the study: g = 3, h = 10, with or without a workload field', async () => {
    expect(referenceOf(await load(HEAD)).evaluation).toEqual({ topg: 3, window: 10 });
    expect(referenceOf(await load(`${HEAD}workload:\n  preset: tiny\n`)).evaluation).toEqual({ topg: 3, window: 10 });
    expect(referenceOf(await load(`${HEAD}workload:\n  evaluation: { topg: 9 }\n`)).evaluation).toEqual({
      topg: 9,
      window: 10,
    });
  });

  it('passes g to both jobs and h to train (infer reads the window the model was trained with)', async () => {
    const m = await load(`${HEAD}workload:\n  preset: tiny\n  evaluation: { topg: 9, window: 5 }\n`);
    const train = workloadCommand('python3', 'train', m, paths);
    const infer = workloadCommand('python3', 'infer', m, paths);
    expect(train.join(' ')).toContain('--topg 9 --window 5');
    expect(infer.join(' ')).toContain('--topg 9');
    expect(infer).not.toContain('--window');
    expect(infer.slice(-2)).toEqual(['--model', '/data/model']);
  });

  const cases: [string, string, number, string][] = [
    ['topg 0', '  evaluation: { topg: 0 }', 4, 'workload.evaluation.topg: expected topg >= 1'],
    [
      'fractional window',
      '  evaluation:\n    window: 2.5',
      5,
      'workload.evaluation.window: expected a whole number of events (h)',
    ],
    ['huge window', '  evaluation: { window: 100000 }', 4, 'expected window <= 1000'],
    ['the study spelling k', '  evaluation: { k: 3 }', 4, 'unknown key "k"'],
    ['text g', '  evaluation: { topg: three }', 4, 'expected a whole number (g of top-g)'],
  ];
  for (const [name, yaml, line, fragment] of cases) {
    it(`refuses ${name}, naming the line`, async () => {
      const { error, file } = await refusal(`${HEAD}workload:\n${yaml}\n`);
      expect(error.code).toBe('E_MATRIX_INVALID');
      expect(error.message).toContain(`${displayPath(file)}:${line}`);
      expect(error.message).toContain(fragment);
    });
  }
});
