// Bad input to the real `deploybench` binary (issue 15): every number of the matrix and of the command
// line is bounded, files are refused above a size before parsing, and each mistake is one line naming
// the flag or field, exit status 2, without a stack trace, before any campaign folder is made.
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../../helpers/cli.ts';
import { expectCleanError } from '../../helpers/clean-error.ts';
import { dockerAvailable } from '../../helpers/env.ts';

const hasDocker = await dockerAvailable();
let dir = '';
const VALID = 'stacks: [torch-2.6-debian13]\ndeployments: [container]\njobs: [train]\n';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deploybench-bad-input-'));
});

// Each case gets a results folder of its own, to show that nothing was created in it.
async function run(args: string[]): Promise<{ r: Awaited<ReturnType<typeof cli>>; created: string[] }> {
  const results = await mkdtemp(join(dir, 'results-'));
  const r = await cli(args, { DEPLOYBENCH_RESULTS_DIR: results, DEPLOYBENCH_REPORTS_DIR: join(dir, 'reports') });
  return { r, created: await readdir(results) };
}

async function matrixFile(name: string, text: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
}

describe.concurrent('run: command-line overrides are checked by the matrix schema before any work', () => {
  const cases: [string[], string[]][] = [
    [
      ['--reps', '0'],
      ['--reps 0', 'at least 1 repetition', 'repetitions'],
    ],
    [
      ['--reps', '-1'],
      ['--reps -1', 'at least 1 repetition'],
    ],
    [
      ['--reps', 'abc'],
      ['--reps abc', 'whole number of repetitions'],
    ],
    [
      ['--reps', '1.5'],
      ['--reps 1.5', 'whole number of repetitions'],
    ],
    [
      ['--reps', '5000'],
      ['--reps 5000', 'at most 1000'],
    ],
    [
      ['--warmup', '-1'],
      ['--warmup -1', '0 or more warmup runs', 'warmup'],
    ],
    [
      ['--warmup', '1e9'],
      ['--warmup 1e9', 'at most 100 warmup runs'],
    ],
    [
      ['--interval-ms', '5'],
      ['--interval-ms 5', 'at least 10 ms', 'sampling.intervalMs'],
    ],
    [
      ['--interval-ms', '1e6'],
      ['--interval-ms 1e6', 'at most 10000 ms'],
    ],
    [
      ['--preset', 'huge'],
      ['--preset huge', 'expected one of tiny, small, paper', 'workload.preset'],
    ],
    [
      ['--only', '['],
      ['--only [', 'wildcards'],
    ],
    [
      ['--only', 'nothing*'],
      ['--only nothing*', 'matches no scenario', 'torch-2.6-debian13@container'],
    ],
    [['--keep-failed'], ['--keep-failed only applies to --resume']],
  ];
  for (const [flags, fragments] of cases) {
    it(`refuses ${flags.join(' ')}`, async () => {
      const file = await matrixFile(`m-${flags.join('_').replace(/[^A-Za-z0-9_.-]/g, '_')}.yaml`, VALID);
      const { r, created } = await run(['run', file, ...flags]);
      expectCleanError(r, fragments);
      expect(created, 'no campaign folder may be left behind').toEqual([]);
    });
  }
});

describe.concurrent('run: matrix files with numbers out of bounds, alias bombs and huge sizes', () => {
  const cases: [string, string, string[]][] = [
    ['warmup 1e9', `${VALID}warmup: 1e9\n`, ['warmup', 'at most 100 warmup runs', '1000000000']],
    ['timeout above the timer limit', `${VALID}timeoutSeconds: 1e10\n`, ['timeoutSeconds', 'at most 2147483 s']],
    ['seed above 32 bits', `${VALID}workload: { seed: 99999999999 }\n`, ['workload.seed', 'seed <= 4294967295']],
    ['threads out of bounds', `${VALID}workload: { threads: 100000 }\n`, ['workload.threads', 'at most 4096 threads']],
    ['GPU count out of bounds', `${VALID}gpu: { count: 100000 }\n`, ['gpu.count', 'at most 1024 GPUs']],
    [
      'dynamic repetitions out of bounds',
      `${VALID}dynamicRepetitions: { maxRsdPercent: 5, maxRepetitions: 1e7 }\n`,
      ['dynamicRepetitions.maxRepetitions', 'at most 1000'],
    ],
    [
      'dynamic RSD negative',
      `${VALID}dynamicRepetitions: { maxRsdPercent: -5, maxRepetitions: 5 }\n`,
      ['dynamicRepetitions.maxRsdPercent', 'positive'],
    ],
    ['interval too small', `${VALID}sampling: { intervalMs: 5 }\n`, ['sampling.intervalMs', 'at least 10 ms']],
    [
      'YAML alias bomb',
      `${VALID}a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n`,
      ['invalid YAML', 'Excessive alias count', 'at most 100 alias expansions'],
    ],
  ];
  for (const [name, text, fragments] of cases) {
    it(`refuses: ${name}`, async () => {
      const file = await matrixFile(`${name.replace(/\W+/g, '-')}.yaml`, text);
      const { r, created } = await run(['run', file]);
      expectCleanError(r, [file.split('/').pop()!, ...fragments]);
      expect(created).toEqual([]);
    });
  }

  it('refuses a 50 MiB matrix file before reading it', async () => {
    const file = await matrixFile('big.yaml', `${VALID}# ${'x'.repeat(50 * 1024 * 1024)}\n`);
    const started = Date.now();
    const { r, created } = await run(['run', file]);
    expectCleanError(r, ['big.yaml', 'matrix file too large', '50.0 MiB', 'at most 1.00 MiB']);
    expect(created).toEqual([]);
    // Refused up front: seconds (node start-up), not the minute a parse of 50 MiB took.
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('refuses a folder given as the matrix', async () => {
    const folder = join(dir, 'a-folder');
    await mkdir(folder, { recursive: true });
    const { r } = await run(['run', folder]);
    expectCleanError(r, ['a-folder', 'is a folder, not a matrix file']);
  });
});

describe.concurrent('measure: number flags and unknown images', () => {
  const cases: [string[], string[]][] = [
    [
      ['--interval-ms', '5'],
      ['--interval-ms 5', 'at least 10 ms'],
    ],
    [
      ['--interval-ms', 'abc'],
      ['--interval-ms abc', 'expected milliseconds'],
    ],
    [
      ['--timeout', '1e10'],
      ['--timeout 1e10', 'at most 2147483 s'],
    ],
    [
      ['--timeout', '0'],
      ['--timeout 0', 'positive number of seconds'],
    ],
    [
      ['--memory-limit', '1'],
      ['--memory-limit 1', 'at least 6 MiB'],
    ],
    [
      ['--memory-limit', '2.5'],
      ['--memory-limit 2.5', 'whole number of MiB'],
    ],
  ];
  for (const [flags, fragments] of cases) {
    it(`refuses ${flags.join(' ')}`, async () => {
      const { r } = await run(['measure', ...flags, '--', 'true']);
      expectCleanError(r, fragments);
    });
  }

  it.skipIf(!hasDocker)("--image nope:1 is one line with the fix, not docker-modem's 404", async () => {
    const { r } = await run(['measure', '--image', 'deploybench-test/no-such-image:1', '--', 'true']);
    expectCleanError(r, ['image "deploybench-test/no-such-image:1" is not on this machine\'s Docker engine']);
    expect(String(r.stderr)).toContain('fix: `docker images` lists the local ones');
  });
});
