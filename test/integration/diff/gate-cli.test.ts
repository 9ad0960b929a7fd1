// `deploybench diff --fail-above` as a CI gate that cannot silently pass, through the real binary: a
// 2-repetition SYNTHETIC campaign against its copy with every wall time x1.5 is undecided for too few
// repetitions (exit 4, one clear line), --allow-undecided restores the old pass (exit 0), and with 5
// repetitions the same slowdown is a significant regression (exit 1).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../harness/core/atomic.ts';
import { writeCampaign, writeRunRecord } from '../../../harness/results/store.ts';
import { cli } from '../../helpers/cli.ts';
import { syntheticCampaign } from '../../helpers/synthetic-campaign.ts';

let root = '';

// Writes the synthetic campaign of `reps` repetitions with every wall time multiplied by `wallScale`.
async function writeScaled(dir: string, id: string, reps: number, wallScale: number): Promise<string> {
  const { campaign, runs } = syntheticCampaign({ id, reps, samplesPerRun: 10 });
  for (const run of runs) {
    const file = join(dir, run.file);
    await writeFileAtomic(join(dirname(file), run.record.samples.file ?? 'samples.ndjson'), '');
    await writeRunRecord(file, { ...run.record, wallSeconds: run.record.wallSeconds * wallScale });
  }
  await writeCampaign(dir, campaign);
  return dir;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'deploybench-gate-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('deploybench diff --fail-above, a gate that cannot silently pass', () => {
  it('2 repetitions vs a 1.5x-slower copy: exit 4 with a clear line; --allow-undecided exits 0', async () => {
    const a = await writeScaled(join(root, 'two-a'), 'two-a', 2, 1);
    const b = await writeScaled(join(root, 'two-b'), 'two-b', 2, 1.5);
    const r = await cli(['diff', a, b, '--fail-above', '10']);
    expect(r.exitCode).toBe(4);
    expect(r.stderr).toMatch(
      /^--fail-above 10: cannot decide: \d+ compared metric\(s\) have too few repetitions \(n=2\/2; at least 4 per side needed\); rerun with more repetitions \(--reps 4\), or pass --allow-undecided to accept; exit status 4$/,
    );
    expect(r.stdout).toMatch(/undecided: too few reps/);
    const allowed = await cli(['diff', a, b, '--fail-above', '10', '--allow-undecided']);
    expect(allowed.exitCode).toBe(0);
    expect(allowed.stdout).toContain('no significant regression above 10%');
    expect(allowed.stdout).not.toContain('cannot decide');
    const json = await cli(['diff', a, b, '--fail-above', '10', '--format', 'json']);
    expect(json.exitCode).toBe(4);
    const parsed = JSON.parse(json.stdout) as { margin: number; failAbove: { undecided: { reason: string }[] } };
    expect(parsed.margin).toBe(0.05);
    expect(parsed.failAbove.undecided.length).toBeGreaterThan(0);
    expect(parsed.failAbove.undecided.every((u) => u.reason === 'too-few-repetitions')).toBe(true);
  });

  it('5 repetitions vs a 1.5x-slower copy: the regression is decided, exit 1; the same campaign vs itself is equivalent', async () => {
    const a = await writeScaled(join(root, 'five-a'), 'five-a', 5, 1);
    const b = await writeScaled(join(root, 'five-b'), 'five-b', 5, 1.5);
    const r = await cli(['diff', a, b, '--fail-above', '10', '--metric', 'wallSeconds']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/torch-1\.13-debian12@bare-metal +train +Execution time +5\/5 .* \+50\.0% !/);
    const same = await cli(['diff', a, a, '--fail-above', '10', '--metric', 'wallSeconds', '--margin', '10']);
    expect(same.exitCode).toBe(0);
    expect(same.stdout).toContain('equivalent: 95% CI within ±10%');
    expect(same.stdout.match(/≈ ±10% \(\+0\.0%\)/g)).toHaveLength(8);
    // 2% run-to-run noise and 5 runs a side give CIs about ±3% wide: a ±2% margin cannot be met.
    const tight = await cli(['diff', a, a, '--metric', 'wallSeconds', '--margin', '2']);
    expect(tight.stdout.match(/undecided: too noisy/g)).toHaveLength(8);
  });

  it('refuses a margin out of range with the fix', async () => {
    const a = join(root, 'two-a');
    const r = await cli(['diff', a, a, '--margin', '80']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(
      /^deploybench: error E_USAGE: Expected --margin to be a percent between 0 and 50, got `80`\n {2}fix: /,
    );
  });
});
