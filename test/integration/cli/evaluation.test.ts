import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCampaign, type LoadedCampaign } from '../../../harness/results/store.ts';
import { cli } from '../../helpers/cli.ts';
import { skipWithoutDocker } from '../../helpers/env.ts';

const skip = await skipWithoutDocker();

// workload.evaluation through `deploybench run`: g and h reach both jobs in both deployments, the
// session counts agree between them, and the report's quality table shows g, h and the counts.
describe.skipIf(skip)('deploybench run with workload.evaluation { topg: 4, window: 8 }', () => {
  let loaded: LoadedCampaign;
  let markdown = '';
  const env: Record<string, string> = {};

  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'deploybench-evaluation-'));
    env.DEPLOYBENCH_RESULTS_DIR = join(dir, 'results');
    env.DEPLOYBENCH_REPORTS_DIR = join(dir, 'reports');
    const matrix = join(dir, 'evaluation.yaml');
    await writeFile(
      matrix,
      [
        'name: evaluation',
        'stacks: [torch-2.6-debian13]',
        'deployments: [bare-metal, container]',
        'jobs: [train, infer]',
        'workload:',
        '  preset: tiny',
        '  threads: 1',
        '  evaluation: { topg: 4, window: 8 }',
        'repetitions: 1',
        '',
      ].join('\n'),
    );
    const r = await cli(['run', matrix, '--no-report'], env);
    expect(r.exitCode, r.all).toBe(0);
    loaded = await loadCampaign(r.stdout.trim().split('\n').pop() ?? '');
    const md = join(dir, 'report.md');
    const rep = await cli(['report', loaded.dir, '-o', md, '--format', 'markdown'], env);
    expect(rep.exitCode, rep.all).toBe(0);
    markdown = await readFile(md, 'utf8');
  }, 900_000);

  it('runs both jobs in both deployments with g = 4 and h = 8', () => {
    expect(loaded.runs.map((r) => r.record.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
    for (const { record } of loaded.runs) {
      const m = record.job.metrics!;
      expect([m.topk, m.window], `${record.scenario} ${record.job.name}`).toEqual([4, 8]);
    }
  });

  it('detects the same sessions bare metal and in a container (counts included)', () => {
    const infer = loaded.runs.filter((r) => r.record.job.name === 'infer').map((r) => r.record.job.metrics!);
    expect(infer).toHaveLength(2);
    const [a, b] = infer;
    for (const k of ['tp', 'fp', 'tn', 'fn']) expect(Number.isInteger(a![k]), k).toBe(true);
    expect(b).toEqual(a);
    expect(Number(a!.tp) + Number(a!.fp) + Number(a!.tn) + Number(a!.fn)).toBeGreaterThan(0);
    expect(Object.keys(a!.byK as object).sort()).toEqual(['1', '2', '3', '4', '5']);
    expect(loaded.campaign.warnings).toEqual([]);
  });

  it('shows g, h and tp/fp/tn/fn in the report quality table', () => {
    const head = markdown
      .split('\n')
      .find((l) => l.startsWith('| scenario | n | g (top-g) | h (window) | tp | fp | tn | fn |'));
    expect(head, markdown.slice(0, 3000)).toBeDefined();
    const m = loaded.runs.find((r) => r.record.job.name === 'infer' && r.record.deployment === 'container')!.record.job
      .metrics!;
    const row = markdown
      .split('\n')
      .find(
        (l) =>
          l.startsWith('| torch-2.6-debian13@container | 1 | 4 | 8 |') &&
          l.includes(`| ${String(m.tp)} | ${String(m.fp)} | ${String(m.tn)} | ${String(m.fn)} |`),
      );
    expect(row, markdown).toBeDefined();
  });
});
