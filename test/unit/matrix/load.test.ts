import { mkdtemp, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HarnessError } from '../../../harness/core/errors.ts';
import { loadMatrix } from '../../../harness/matrix/load.ts';
import { matrixJsonSchemaText } from '../../../harness/matrix/json-schema.ts';
import { PROJECT_ROOT, displayPath } from '../../../harness/core/paths.ts';

const dir = await mkdtemp(join(tmpdir(), 'deploybench-matrix-'));
let n = 0;
async function load(text: string): Promise<{ error: HarnessError | null; file: string }> {
  const file = join(dir, `m${++n}.yaml`);
  await writeFile(file, text);
  try {
    await loadMatrix(file);
    return { error: null, file };
  } catch (error) {
    if (!(error instanceof HarnessError)) throw error;
    return { error, file };
  }
}

const VALID = `stacks: [torch-1.13-debian12, torch-2.6-debian13]
deployments: [bare-metal, container]
jobs: [train, infer]
repetitions: 3
`;

describe('loadMatrix', () => {
  it('loads the default matrix with defaults filled in', async () => {
    const { matrix } = await loadMatrix(join(PROJECT_ROOT, 'scenarios/paper-cpu.yaml'));
    expect(matrix.stacks).toEqual(['torch-1.13-debian12', 'torch-2.6-debian13']);
    expect(matrix.deployments).toEqual(['bare-metal', 'container']);
    expect((matrix.workload as { preset?: string }).preset).toBe('small');
    expect(matrix.sampling.intervalMs).toBe(100);
    expect(matrix.gpu).toBe(false);
  });

  it('accepts a minimal valid file', async () => {
    const { error } = await load(VALID);
    expect(error).toBeNull();
  });

  // Each case: file text, the line the message must name, and fragments it must contain.
  const cases: [string, string, number, string[]][] = [
    [
      'unknown stack',
      VALID.replace('torch-2.6-debian13', 'no-such-stack'),
      1,
      [
        'stacks[1]',
        'unknown stack "no-such-stack"',
        'known: torch-1.10.2-cu102, torch-1.13-debian12, torch-2.6-cuda-debian13, torch-2.6-debian13, torch-2.6.0-cu118',
      ],
    ],
    [
      'unknown stack on its own line',
      'stacks:\n  - torch-1.13-debian12\n  - nope\ndeployments: [container]\n',
      3,
      ['stacks[1]', 'unknown stack "nope"'],
    ],
    [
      'unknown deployment',
      VALID.replace('container]', 'kubernetes]'),
      2,
      ['deployments[1]', 'expected one of bare-metal, container, host', '"kubernetes"'],
    ],
    [
      'negative repetitions',
      VALID.replace('repetitions: 3', 'repetitions: -2'),
      4,
      ['repetitions', 'at least 1', '-2 (number)'],
    ],
    [
      'fractional repetitions',
      VALID.replace('repetitions: 3', 'repetitions: 2.5'),
      4,
      ['repetitions', 'whole number', '2.5'],
    ],
    [
      'string repetitions',
      VALID.replace('repetitions: 3', 'repetitions: three'),
      4,
      ['repetitions', '"three" (string)'],
    ],
    ['bad YAML', 'stacks: [torch-1.13-debian12\ndeployments: [container]\n', 2, ['invalid YAML']],
    ['unknown top-level key', `${VALID}repetitons: 5\n`, 5, ['unknown key "repetitons"']],
    [
      'unknown nested key',
      `${VALID}workload:\n  preset: small\n  epochs: 3\n`,
      7,
      ['workload', 'unknown key "epochs"'],
    ],
    [
      'unknown job',
      VALID.replace('jobs: [train, infer]', 'jobs: [train, serve]'),
      3,
      ['jobs[1]', 'expected one of train, infer'],
    ],
    [
      'unknown preset',
      `${VALID}workload:\n  preset: huge\n`,
      6,
      ['workload.preset', 'expected one of tiny, small, paper'],
    ],
    ['interval too small', `${VALID}sampling:\n  intervalMs: 5\n`, 6, ['sampling.intervalMs', 'at least 10 ms']],
    ['missing stacks', 'deployments: [container]\n', 1, ['stacks']],
    [
      'empty stacks',
      VALID.replace('stacks: [torch-1.13-debian12, torch-2.6-debian13]', 'stacks: []'),
      1,
      ['stacks', 'at least one stack'],
    ],
    ['duplicate stack', VALID.replace('torch-2.6-debian13', 'torch-1.13-debian12'), 1, ['stacks[1]', 'listed twice']],
    ['negative timeout', `${VALID}timeoutSeconds: -1\n`, 5, ['timeoutSeconds', 'positive']],
    ['top level is a list', '- a\n- b\n', 1, ['expected a mapping']],
    ['duplicate key', `${VALID}repetitions: 4\n`, 5, ['invalid YAML']],
    [
      'host without python',
      VALID.replace('deployments: [bare-metal, container]', 'deployments: [host]'),
      2,
      ['host.python'],
    ],
    ['bad cpuset', `${VALID}cpuset: "zero"\n`, 5, ['cpuset', 'CPU list']],
  ];

  for (const [name, text, line, fragments] of cases) {
    it(`refuses: ${name}`, async () => {
      const { error, file } = await load(text);
      expect(error, 'expected a HarnessError').not.toBeNull();
      expect(error!.code).toBe('E_MATRIX_INVALID');
      expect(error!.fix).toMatch(/matrix\.schema\.json/);
      const shown = displayPath(file);
      expect(error!.message).toContain(`${shown}:${line}`);
      for (const f of fragments) expect(error!.message).toContain(f);
      expect(error!.message).not.toMatch(/\n\s+at /);
    });
  }

  it('names a missing file with the fix', async () => {
    await expect(loadMatrix(join(dir, 'missing.yaml'))).rejects.toMatchObject({
      code: 'E_NOT_FOUND',
      message: expect.stringContaining('missing.yaml: matrix file not found') as unknown,
    });
  });

  it('keeps scenarios/matrix.schema.json in step with the zod schema (regenerate: npm run schema)', async () => {
    const onDisk = await readFile(join(PROJECT_ROOT, 'scenarios/matrix.schema.json'), 'utf8');
    expect(onDisk).toBe(matrixJsonSchemaText());
  });
});
