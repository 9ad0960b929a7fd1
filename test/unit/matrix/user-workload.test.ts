import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HarnessError } from '../../../harness/core/errors.ts';
import { loadMatrix } from '../../../harness/matrix/load.ts';
import { isUserWorkload } from '../../../harness/matrix/workload.ts';

const dir = await mkdtemp(join(tmpdir(), 'deploybench-userwl-'));
await mkdir(join(dir, 'proj'));
await mkdir(join(dir, 'data'));
let n = 0;
async function load(
  text: string,
): Promise<{ error: HarnessError | null; matrix?: Awaited<ReturnType<typeof loadMatrix>>['matrix']; file: string }> {
  const file = join(dir, `m${++n}.yaml`);
  await writeFile(file, text);
  try {
    return { error: null, matrix: (await loadMatrix(file)).matrix, file };
  } catch (error) {
    if (!(error instanceof HarnessError)) throw error;
    return { error, file };
  }
}

const HEAD = 'stacks: [torch-2.6-debian13]\ndeployments: [bare-metal, container]\n';
const WORKLOAD = `workload:
  name: my-detector
  code: proj
  data: data
  prepare: [python3, /code/prepare.py, --out, /shared]
  jobs:
    train: [python3, /code/train.py]
    score-all: [python3, /code/infer.py, --model, /shared/model.pt]
  env: { OMP_NUM_THREADS: "2" }
  workdir: /code
  equivalence: { metrics: [val_loss], relTolerance: 1.0e-6 }
`;

describe('a user workload in a matrix', () => {
  it("loads: paths made absolute against the matrix folder, jobs default to the workload's, in order", async () => {
    const { error, matrix } = await load(HEAD + WORKLOAD);
    expect(error).toBeNull();
    const w = matrix!.workload;
    expect(isUserWorkload(w)).toBe(true);
    if (!isUserWorkload(w)) return;
    expect(w.code).toBe(join(dir, 'proj'));
    expect(w.data).toBe(join(dir, 'data'));
    expect(matrix!.jobs).toEqual(['train', 'score-all']);
    expect(w.env).toEqual({ OMP_NUM_THREADS: '2' });
    expect(w.equivalence).toEqual({ metrics: ['val_loss'], relTolerance: 1e-6 });
  });

  it('keeps an old reference matrix valid, with its defaults', async () => {
    const { error, matrix } = await load(`${HEAD}jobs: [train, infer]\nworkload: { preset: tiny }\n`);
    expect(error).toBeNull();
    expect(matrix!.workload).toEqual({
      name: 'lstm-logs',
      preset: 'tiny',
      seed: 42,
      threads: null,
      device: 'auto',
      dataDir: null,
      evaluation: { topg: 3, window: 10 },
    });
  });

  const cases: [string, string, number, string[]][] = [
    [
      'a missing code folder',
      WORKLOAD.replace('code: proj', 'code: nope'),
      5,
      ['workload.code', `folder ${join(dir, 'nope')} not found`, "relative to the matrix file's folder"],
    ],
    ['a missing data folder', WORKLOAD.replace('data: data', 'data: ../elsewhere'), 6, ['workload.data', 'not found']],
    [
      'a job name that is not a path segment',
      WORKLOAD.replace('score-all:', '"../up":'),
      10,
      ['workload.jobs', 'expected a job name of letters, digits, dots, dashes or underscores'],
    ],
    [
      'an empty argv',
      WORKLOAD.replace('train: [python3, /code/train.py]', 'train: []'),
      9,
      ['workload.jobs.train', 'expected a command (a non-empty list'],
    ],
    [
      'an argv that is not a list',
      WORKLOAD.replace('train: [python3, /code/train.py]', 'train: python3 train.py'),
      9,
      ['workload.jobs.train', 'expected a list of strings'],
    ],
    [
      'a number in env',
      WORKLOAD.replace('OMP_NUM_THREADS: "2"', 'OMP_NUM_THREADS: 2'),
      11,
      ['workload.env.OMP_NUM_THREADS', 'quote numbers'],
    ],
    [
      'a relative workdir',
      WORKLOAD.replace('workdir: /code', 'workdir: code'),
      12,
      ['workload.workdir', 'expected an absolute path'],
    ],
    [
      'an unknown key',
      WORKLOAD.replace('workdir: /code', 'workdir: /code\n  entrypoint: x'),
      13,
      ['workload', 'unknown key "entrypoint"'],
    ],
    [
      'no jobs',
      WORKLOAD.replace(/ {2}jobs:\n.*\n.*\n/, '  jobs: {}\n'),
      8,
      ['workload.jobs', 'expected at least one job'],
    ],
  ];
  for (const [what, workload, line, needles] of cases) {
    it(`refuses ${what}, naming file, line and field`, async () => {
      const { error, file } = await load(HEAD + workload);
      expect(error?.code).toBe('E_MATRIX_INVALID');
      const first = error!.message.split('\n')[0]!;
      expect(
        first.startsWith(`${file}:${line} `) || first.startsWith(`${file.replace(`${process.cwd()}/`, '')}:${line} `),
        error!.message,
      ).toBe(true);
      for (const needle of needles) expect(error!.message).toContain(needle);
    });
  }

  it('refuses a job list naming a job the workload does not define', async () => {
    const { error } = await load(`${HEAD}jobs: [train, serve]\n${WORKLOAD}`);
    expect(error!.message).toMatch(
      /:3 jobs\[1\]: expected one of train, score-all \(the jobs of workload.jobs\), found "serve"/,
    );
  });

  it('refuses lstm-logs as a user workload name and reference fields on a user workload', async () => {
    const a = await load(HEAD + WORKLOAD.replace('name: my-detector', 'name: lstm-logs'));
    expect(a.error!.message).toContain("is the reference workload's name");
    const b = await load(HEAD + WORKLOAD.replace('workdir: /code', 'workdir: /code\n  preset: tiny'));
    expect(b.error!.message).toContain('unknown key "preset"');
  });
});
