import { describe, expect, it } from 'vitest';
import { cli } from '../../helpers/cli.ts';
import { skipWithoutDocker } from '../../helpers/env.ts';

const skip = await skipWithoutDocker();

describe.skipIf(skip)('deploybench build', () => {
  it('builds torch-2.6-debian13 without a registry (or finds it), then returns from the cache in under 2 s', async () => {
    const first = await cli(['build', 'torch-2.6-debian13']);
    expect(first.exitCode, first.all).toBe(0);
    expect(first.stdout).toMatch(
      /^torch-2\.6-debian13: (built|cached) deploybench\/torch-2\.6-debian13:[0-9a-f]{12} /m,
    );
    const t0 = performance.now();
    const second = await cli(['build', 'torch-2.6-debian13']);
    const seconds = (performance.now() - t0) / 1000;
    expect(second.exitCode, second.all).toBe(0);
    expect(second.stdout).toContain('cached');
    expect(seconds).toBeLessThan(2);
  }, 1_800_000);

  it('refuses an unknown stack with the list of known ones', async () => {
    const r = await cli(['build', 'no-such-stack']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('unknown stack "no-such-stack"');
    expect(r.stderr).toContain('torch-2.6-debian13');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('deploybench --help', () => {
  it('lists every verb', async () => {
    const r = await cli(['--help']);
    expect(r.exitCode).toBe(0);
    for (const verb of ['run', 'build', 'measure', 'report', 'diff', 'stack', 'list', 'cache', 'doctor', 'fingerprint'])
      expect(r.stdout).toMatch(new RegExp(`deploybench ${verb}\\b`));
  });

  it('rejects an unknown verb with a usage error', async () => {
    const r = await cli(['frobnicate']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/Unknown argument|unknown/i);
  });
});
