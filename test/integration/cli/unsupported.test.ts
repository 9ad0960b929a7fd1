import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCampaign } from '../../../harness/results/store.ts';
import { nvmlStatus } from '../../../harness/sampling/gpu.ts';
import { cli } from '../../helpers/cli.ts';
import { skipWithoutDocker } from '../../helpers/env.ts';

const skip = (await skipWithoutDocker()) || (await nvmlStatus()).available;

// On a host without GPU the paper's GPU matrix must not crash: every run is recorded as unsupported
// with the reason, nothing is built (the stacks need a registry too), and the report still renders.
describe.skipIf(skip)('scenarios/paper-gpu.yaml on a host without GPU', () => {
  it('records every run as unsupported with the reason, exits 0, and reports', async () => {
    const env = {
      DEPLOYBENCH_RESULTS_DIR: await mkdtemp(join(tmpdir(), 'deploybench-gpu-')),
      DEPLOYBENCH_REPORTS_DIR: await mkdtemp(join(tmpdir(), 'deploybench-gpu-r-')),
    };
    const r = await cli(['run', 'scenarios/paper-gpu.yaml', '--reps', '1', '--warmup', '0'], env);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stderr).toContain('12 runs recorded as unsupported');
    const loaded = await loadCampaign(r.stdout.trim().split('\n').pop()!);
    expect(loaded.runs).toHaveLength(12);
    for (const { record } of loaded.runs) {
      expect(record.status).toBe('unsupported');
      expect(record.error).toMatch(/needs an NVIDIA GPU/);
      expect(record.cpu.avgPercent).toBeNull();
      expect(record.memory.peakBytes).toBeNull();
      expect(record.gpu).toBeNull();
    }
    expect(r.stdout).toMatch(/report: .*\.html/);
  });
});
