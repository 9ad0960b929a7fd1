import { mkdtemp, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { loadCampaign } from '../../../harness/results/store.ts';
import { BIN } from '../../helpers/cli.ts';
import { skipWithoutDocker } from '../../helpers/env.ts';
import { leftoverCgroups, leftoverContainers, leftoverMounts } from '../../helpers/leftovers.ts';
import { PROJECT_ROOT } from '../../../harness/core/paths.ts';

const skip = await skipWithoutDocker();

async function countRecords(dir: string): Promise<number> {
  let n = 0;
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      if (e.isDirectory()) await walk(join(d, e.name));
      else if (/^rep-\d+\.json$/.test(e.name)) n++;
    }
  };
  await walk(dir);
  return n;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe.skipIf(skip)('Ctrl-C during a run', () => {
  for (const deployment of ['container', 'bare-metal']) {
    it(`${deployment}: keeps finished runs, records the interrupted one, leaves nothing behind, and --resume completes it`, async () => {
      const results = await mkdtemp(join(tmpdir(), 'deploybench-int-'));
      const env = { DEPLOYBENCH_RESULTS_DIR: results };
      const child = execa(
        'node',
        [
          BIN,
          'run',
          'scenarios/paper-cpu.yaml',
          '--preset',
          'tiny',
          '--reps',
          '3',
          '--only',
          `torch-2.6-debian13@${deployment}`,
          '--no-report',
        ],
        { reject: false, all: true, env, cwd: PROJECT_ROOT },
      );
      // Wait until two runs are recorded and the third has started, then press Ctrl-C.
      let campaignDir = '';
      for (let i = 0; i < 600; i++) {
        await sleep(250);
        const entries = await readdir(results).catch(() => []);
        if (entries[0]) campaignDir = join(results, entries[0]);
        if (campaignDir && (await countRecords(join(campaignDir, 'runs'))) >= 2) break;
      }
      expect(campaignDir).not.toBe('');
      await sleep(1500);
      child.kill('SIGINT');
      const r = await child;
      expect(r.exitCode, r.all).toBe(130);
      expect(r.stdout.trim().split('\n').pop()).toBe(campaignDir);
      const loaded = await loadCampaign(campaignDir);
      expect(loaded.campaign.state).toBe('interrupted');
      const statuses = loaded.runs.map((x) => x.record.status);
      expect(statuses.filter((s) => s === 'ok').length).toBeGreaterThanOrEqual(2);
      expect(statuses.filter((s) => s === 'interrupted')).toHaveLength(1);
      expect(await leftoverContainers()).toEqual([]);
      expect(await leftoverCgroups()).toEqual([]);
      expect(await leftoverMounts()).toEqual([]);

      const resumed = await execa('node', [BIN, 'run', '--resume', campaignDir, '--no-report'], {
        reject: false,
        all: true,
        env,
        cwd: PROJECT_ROOT,
      });
      expect(resumed.exitCode, resumed.all).toBe(0);
      const after = await loadCampaign(campaignDir);
      expect(after.campaign.state).toBe('complete');
      expect(after.runs).toHaveLength(6);
      expect(after.runs.every((x) => x.record.status === 'ok')).toBe(true);
      expect((await stat(join(campaignDir, 'campaign.json'))).isFile()).toBe(true);
    });
  }
});
