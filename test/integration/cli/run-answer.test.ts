// The answer in the terminal, through the real binary and the real stack images (root and Docker; run
// under /tmp/deploybench-itest.lock): one stack, bare metal vs container, tiny preset, 4 repetitions and
// the cap at 4 too (no decision rounds: the suite's time). stdout ends with the findings the report opens with (a container vs
// bare-metal wall-time decision per job, with ratio and CI), the report path, and the campaign folder
// last; stderr shows progress with done/total and the time left.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCampaign } from '../../../harness/results/store.ts';
import { cli } from '../../helpers/cli.ts';
import { skipWithoutDocker } from '../../helpers/env.ts';

const skip = await skipWithoutDocker();

describe.skipIf(skip)('deploybench run prints the answer', () => {
  let r: Awaited<ReturnType<typeof cli>>;
  const env: Record<string, string> = {};

  beforeAll(async () => {
    env.DEPLOYBENCH_RESULTS_DIR = await mkdtemp(join(tmpdir(), 'deploybench-results-'));
    env.DEPLOYBENCH_REPORTS_DIR = await mkdtemp(join(tmpdir(), 'deploybench-reports-'));
    r = await cli(
      ['run', '--preset', 'tiny', '--reps', '4', '--max-reps', '4', '--only', 'torch-2.6*', '--margin', '10'],
      env,
    );
    if (r.exitCode !== 0) console.error(r.all);
  }, 1_200_000);

  it('prints findings, then the report path, then the campaign folder last on stdout', async () => {
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.trim().split('\n');
    const dir = lines.at(-1)!;
    expect(dir).toMatch(/deploybench-results-.*-paper-cpu$/);
    expect(lines.at(-2)).toMatch(/^report: .*deploybench-reports-.*\.html$/);
    expect(lines[0]).toBe('Findings');
    expect(lines).toContain('  Training');
    expect(lines).toContain('  Inference');
    const decisions = lines.filter((l) =>
      /^ {4}- Deployment, torch-2\.6-debian13: container vs bare-metal, execution time: ratio \d\.\d{3} \[\d\.\d{3}, \d\.\d{3}\], (different: [+-]\d+\.\d%|equivalent within ±10% \([+-]\d+\.\d%(, significant)?\)|undecided: .+)/.test(
        l,
      ),
    );
    expect(decisions, r.stdout).toHaveLength(2);
    expect(r.stdout).toMatch(/^ {4}- Fastest: /m);
    expect(r.stdout).toMatch(/^ {4}- Leanest in RAM: /m);
    // The same lines open the report.
    const html = await readFile(lines.at(-2)!.replace(/^report: /, ''), 'utf8');
    expect(html).toContain('container vs bare-metal, execution time: ratio');
    const loaded = await loadCampaign(dir);
    const reps = loaded.runs.filter((x) => x.record.scenario === 'torch-2.6-debian13@container').length;
    // 4 repetitions of train and infer; the cap (--max-reps 4) leaves no room for decision rounds.
    expect(reps).toBe(8);
  });

  it('shows progress with done/total and the time left on stderr', () => {
    expect(r.stderr).toMatch(/^\[1\/16, 0 done\] torch-2\.6-debian13@bare-metal train rep 1 \.\.\.$/m);
    expect(r.stderr).toMatch(/^\[2\/16, 1 done, ~(\d+ min )?\d+ s left\] /m);
  });
});
