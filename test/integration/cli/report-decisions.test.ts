// `deploybench report` decisions through the real binary on SYNTHETIC campaigns (no Docker): the
// Markdown (which escapes [ and ]) opens with per-stack container vs bare-metal decisions, --margin changes them, and a bad
// --margin is one line with the fix.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../../helpers/cli.ts';
import { writeSyntheticCampaign } from '../../helpers/synthetic-campaign.ts';

let root = '';
let three = '';
let eight = '';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'deploybench-decisions-'));
  three = await writeSyntheticCampaign({ dir: join(root, 'three'), id: 'three', reps: 3, samplesPerRun: 10 });
  eight = await writeSyntheticCampaign({ dir: join(root, 'eight'), id: 'eight', reps: 8, samplesPerRun: 10 });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('deploybench report decisions', () => {
  it('3 repetitions: each stack and job is undecided for too few repetitions, and the Decisions list says so', async () => {
    const out = join(root, 'three.md');
    const r = await cli(['report', three, '--format', 'markdown', '-o', out]);
    expect(r.exitCode, r.all).toBe(0);
    const md = await readFile(out, 'utf8');
    expect(md.match(/container vs bare-metal, execution time: ratio .*undecided: too few repetitions/g)).toHaveLength(
      4,
    );
    expect(md).toContain('4 of 4 deployment comparisons of wall time stayed undecided:');
  });

  it('8 repetitions with --margin 50: every stack and job is equivalent within ±50%', async () => {
    const out = join(root, 'eight.md');
    const r = await cli(['report', eight, '--format', 'markdown', '-o', out, '--margin', '50']);
    expect(r.exitCode, r.all).toBe(0);
    const md = await readFile(out, 'utf8');
    expect(
      md.match(
        /container vs bare-metal, execution time: ratio \d\.\d{3} \\\[\d\.\d{3}, \d\.\d{3}\\\], equivalent within ±50%/g,
      ),
    ).toHaveLength(4);
    expect(md).toContain('All 4 deployment comparisons of wall time are decided (different or equivalent).');
  });

  it('refuses --margin 80 with the fix', async () => {
    const r = await cli(['report', eight, '--margin', '80', '-o', join(root, 'x.html')]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(
      /^deploybench: error E_USAGE: Expected --margin to be a percent between 0 and 50, got `80`\n {2}fix: /,
    );
  });
});
