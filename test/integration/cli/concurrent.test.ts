import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCampaign } from '../../../harness/results/store.ts';
import { cli } from '../../helpers/cli.ts';
import { skipWithoutDocker } from '../../helpers/env.ts';
import { leftoverContainers, leftoverMounts, leftoverRunRoots } from '../../helpers/leftovers.ts';

const skip = await skipWithoutDocker();

/** Rounds of two campaigns at once. One by default; the "5 in a row" is DEPLOYBENCH_CONCURRENT_ROUNDS=5. */
const ROUNDS = Number(process.env.DEPLOYBENCH_CONCURRENT_ROUNDS ?? 1);

// A light user workload (two torch runs at once on 2 cores oversubscribe their OpenMP threads and take
// minutes, which says nothing about the harness): prepare writes the campaign's name to /shared; each
// job checks it sees its own campaign's /shared, writes into the image's filesystem (/opt) and its
// result.json, and takes 2 s so that both campaigns' jobs overlap.
const JOB = [
  'import json, os, time',
  'me = os.environ["CAMPAIGN"]',
  'assert open("/shared/who").read() == me, "saw the other campaign\'s /shared"',
  'open("/opt/who", "w").write(me)',
  'time.sleep(2)',
  'assert open("/opt/who").read() == me, "saw the other campaign\'s /opt"',
  'json.dump({"info": {"campaign": me}}, open("/out/result.json", "w"))',
].join('\n');

async function writeCampaignMatrix(dir: string, name: string): Promise<string> {
  await mkdir(join(dir, 'code'), { recursive: true });
  await writeFile(join(dir, 'code', 'job.py'), `${JOB}\n`);
  await writeFile(
    join(dir, 'code', 'prepare.py'),
    'import os\nopen("/shared/who", "w").write(os.environ["CAMPAIGN"])\n',
  );
  const matrix = join(dir, `${name}.yaml`);
  await writeFile(
    matrix,
    `name: ${name}
stacks: [torch-2.6-debian13]
deployments: [bare-metal, container]
workload:
  name: concurrent-${name}
  code: code
  prepare: [python3, /code/prepare.py]
  jobs: { a: [python3, /code/job.py], b: [python3, /code/job.py] }
  env: { CAMPAIGN: ${name} }
repetitions: 2
`,
  );
  return matrix;
}

// Two `deploybench run` of the same stack at once on one host, each with its own results folder.
describe.skipIf(skip)('two campaigns at once', () => {
  it.each(Array.from({ length: ROUNDS }, (_, i) => i + 1))(
    'round %i: both complete, every run ok, each campaign sees and writes only its own',
    async () => {
      const dirs = await Promise.all([0, 1].map(() => mkdtemp(join(tmpdir(), 'deploybench-concurrent-'))));
      try {
        const names = ['one', 'two'];
        const matrices = await Promise.all(dirs.map((d, i) => writeCampaignMatrix(d, names[i]!)));
        const results = await Promise.all(
          dirs.map((d, i) =>
            cli(['run', matrices[i]!, '--no-report'], { DEPLOYBENCH_RESULTS_DIR: join(d, 'results') }),
          ),
        );
        for (const [i, r] of results.entries()) {
          expect(r.exitCode, r.all).toBe(0);
          const dir = r.stdout.trim().split('\n').pop() ?? '';
          expect(dir.startsWith(`${dirs[i] ?? ''}/results/`), dir).toBe(true);
          // Exactly one campaign folder per results dir: neither campaign wrote into the other's.
          expect(await readdir(join(dirs[i]!, 'results'))).toHaveLength(1);
          const loaded = await loadCampaign(dir);
          expect(loaded.campaign.state).toBe('complete');
          expect(loaded.runs).toHaveLength(8);
          for (const { record } of loaded.runs) {
            expect(
              record.status,
              `${record.scenario} ${record.job.name}: ${record.error ?? ''} ${(record.logTail ?? []).join(' | ')}`,
            ).toBe('ok');
            expect((record.job.info as { campaign?: string } | undefined)?.campaign).toBe(names[i]);
            expect(record.filesystemWrites).toEqual({ count: 1, paths: ['/opt/who'] });
          }
          expect(await readFile(join(dir, 'shared', 'torch-2.6-debian13', 'who'), 'utf8')).toBe(names[i]);
        }
        expect(await leftoverContainers()).toEqual([]);
        expect(await leftoverMounts()).toEqual([]);
        expect(await leftoverRunRoots()).toEqual([]);
      } finally {
        for (const d of dirs) await rm(d, { recursive: true, force: true });
      }
    },
    600_000,
  );
});
