// `deploybench report` through its yargs command module, in-process, on SYNTHETIC campaigns: default output
// path, Markdown, SVG export, several campaigns, and the errors a user can act on.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import yargs from 'yargs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { reportCommand } from '../../../harness/cli/commands/report.ts';
import { isHarnessError } from '../../../harness/core/errors.ts';
import { writeSyntheticCampaign } from '../../helpers/synthetic-campaign.ts';

let dir = '';
let campaign = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deploybench-report-cli-'));
  campaign = await writeSyntheticCampaign({
    dir: join(dir, 'results', '2026-01-01T00-00-00Z-synthetic'),
    id: '2026-01-01T00-00-00Z-synthetic',
    reps: 4,
    samplesPerRun: 40,
  });
  vi.stubEnv('DEPLOYBENCH_REPORTS_DIR', join(dir, 'reports'));
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

// Runs `report ARGS` and returns what it printed on stdout.
async function report(args: string[]): Promise<string[]> {
  const out: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  try {
    await yargs(['report', ...args])
      .command(reportCommand)
      .strict()
      .fail((msg, err) => {
        throw err ?? new Error(msg);
      })
      .parseAsync();
  } finally {
    spy.mockRestore();
  }
  return out.join('').trimEnd().split('\n');
}

describe('report command', () => {
  it('writes reports/<campaign-id>.html by default and prints its path last', async () => {
    const lines = await report([campaign]);
    const expected = join(dir, 'reports', '2026-01-01T00-00-00Z-synthetic.html');
    expect(resolve(lines.at(-1)!)).toBe(expected);
    const html = await readFile(expected, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<h2>1. Summary</h2>');
  });

  it('writes Markdown with --format markdown and charts as SVG with --svg', async () => {
    const md = join(dir, 'out', 'summary.md');
    const svgDir = join(dir, 'out', 'svg');
    const lines = await report([campaign, '-o', md, '--format', 'markdown', '--svg', svgDir]);
    expect(resolve(lines.at(-1)!)).toBe(md);
    expect(await readFile(md, 'utf8')).toMatch(/^# deploybench report: 2026-01-01T00-00-00Z-synthetic\n/);
    const svgs = (await readdir(svgDir)).sort();
    expect(svgs).toContain('bars-wallSeconds.svg');
    expect(svgs).toContain('timeline.svg');
    expect(svgs).toHaveLength(11);
    expect(await readFile(join(svgDir, 'radar-stack-0.svg'), 'utf8')).toMatch(/^<svg/);
  });

  it('puts several campaigns side by side', async () => {
    const other = await writeSyntheticCampaign({
      dir: join(dir, 'results', 'other'),
      id: 'other',
      reps: 4,
      samplesPerRun: 20,
      host: { hostname: 'node-b' },
    });
    const lines = await report([campaign, other]);
    expect(lines.at(-1)).toMatch(/2026-01-01T00-00-00Z-synthetic\+other\.html$/);
    const html = await readFile(join(dir, 'reports', '2026-01-01T00-00-00Z-synthetic+other.html'), 'utf8');
    expect(html).toContain('synthetic-host · torch-1.13-debian12@bare-metal');
    expect(html).toContain('node-b · torch-1.13-debian12@bare-metal');
  });

  it('refuses a missing folder with the fix, as a HarnessError', async () => {
    const error = await report([join(dir, 'nope')]).catch((e: unknown) => e);
    expect(isHarnessError(error)).toBe(true);
    expect((error as Error).message).toBe(`${join(dir, 'nope')}: no such campaign folder`);
  });

  it('refuses a folder without campaign.json with its path', async () => {
    const error = await report([dir]).catch((e: unknown) => e);
    expect(isHarnessError(error)).toBe(true);
    expect((error as Error).message).toMatch(/campaign\.json: not found$/);
  });
});
