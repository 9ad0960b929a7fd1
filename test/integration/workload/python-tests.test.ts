import { describe, expect, it } from 'vitest';
import { cli } from '../../helpers/cli.ts';
import { skipWithoutDocker } from '../../helpers/env.ts';

const skip = await skipWithoutDocker();

// The workload's own Python tests (metric definitions, determinism, class balance, parser robustness),
// run with the torch inside each stack image, in a container of that image.
describe.skipIf(skip)('workload unit tests inside the stack images', () => {
  for (const stack of ['torch-1.13-debian12', 'torch-2.6-debian13']) {
    it(`${stack}: python -m unittest passes`, async () => {
      const r = await cli([
        'measure',
        '--stack',
        stack,
        '--deployment',
        'container',
        '--timeout',
        '600',
        '--',
        '/usr/bin/python3',
        '-m',
        'unittest',
        'discover',
        '-s',
        '/opt/deploybench/workload/tests',
        '-t',
        '/opt/deploybench/workload',
        '-v',
      ]);
      expect(r.exitCode, r.all).toBe(0);
      expect(r.stderr).toMatch(/\nOK\b/);
      const ran = /Ran (\d+) tests?/.exec(r.stderr);
      expect(Number(ran?.[1] ?? 0), r.all).toBeGreaterThanOrEqual(8);
    });
  }
});
