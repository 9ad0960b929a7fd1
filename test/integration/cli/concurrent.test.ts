import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCampaign } from '../../../harness/results/store.ts';
import { cli } from '../../helpers/cli.ts';
import { skipWithoutDocker } from '../../helpers/env.ts';
import { leftoverContainers, leftoverMounts, leftoverRunRoots } from '../../helpers/leftovers.ts';

const skip = await skipWithoutDocker();

/**
 * Rounds of two campaigns at once. One by default (about 2 minutes on 2 cores); the "5 in a row"
 * is DEPLOYBENCH_CONCURRENT_ROUNDS=5 (about 10 minutes).
 */
const ROUNDS = Number(process.env.DEPLOYBENCH_CONCURRENT_ROUNDS ?? 1);

const ARGS = ['run', 'scenarios/paper-cpu.yaml', '--preset', 'tiny', '--reps', '1', '--only', 'torch-2.6*', '--no-report'];

// Two `deploybench run` of the same stack at once on one host, each with its own results folder.
describe.skipIf(skip)('two campaigns at once', () => {
  it.each(Array.from({ length: ROUNDS }, (_, i) => i + 1))('round %i: both complete, every run ok, each campaign in its own folder only', async () => {
    const dirs = await Promise.all([0, 1].map(() => mkdtemp(join(tmpdir(), 'deploybench-concurrent-'))));
    try {
      const results = await Promise.all(dirs.map((d) => cli(ARGS, { DEPLOYBENCH_RESULTS_DIR: d, DEPLOYBENCH_REPORTS_DIR: d })));
      for (const [i, r] of results.entries()) {
        expect(r.exitCode, r.all).toBe(0);
        const dir = r.stdout.trim().split('\n').pop() ?? '';
        expect(dir.startsWith(`${dirs[i] ?? ''}/`), dir).toBe(true);
        // Exactly one campaign folder per results dir: neither campaign wrote into the other's.
        expect(await readdir(dirs[i] ?? '')).toHaveLength(1);
        const loaded = await loadCampaign(dir);
        expect(loaded.campaign.state).toBe('complete');
        expect(loaded.runs.map((x) => `${x.record.scenario}/${x.record.job.name}:${x.record.status}`).sort()).toEqual([
          'torch-2.6-debian13@bare-metal/infer:ok',
          'torch-2.6-debian13@bare-metal/train:ok',
          'torch-2.6-debian13@container/infer:ok',
          'torch-2.6-debian13@container/train:ok',
        ]);
        expect((await readdir(join(dir, 'runs'))).sort()).toEqual(['torch-2.6-debian13@bare-metal', 'torch-2.6-debian13@container']);
      }
      expect(await leftoverContainers()).toEqual([]);
      expect(await leftoverMounts()).toEqual([]);
      expect(await leftoverRunRoots()).toEqual([]);
    } finally {
      for (const d of dirs) await rm(d, { recursive: true, force: true });
    }
  }, 600_000);
});
