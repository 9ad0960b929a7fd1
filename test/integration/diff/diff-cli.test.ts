// `deploybench diff` end to end, in-process: two campaign folders written with the results store, then the
// diff command parsed by yargs and run, with stdout/stderr captured and process.exitCode checked.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yargs from 'yargs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { diffCommand } from '../../../harness/cli/commands/diff.ts';
import { cli } from '../../helpers/cli.ts';
import { runRecordPath, writeCampaign, writeRunRecord } from '../../../harness/results/store.ts';
import type { RunRecord } from '../../../harness/results/schema.ts';
import type { HostFingerprint } from '../../../harness/sampling/fingerprint-schema.ts';
import { makeCampaign, makeHost, makeMatrixRecords } from '../../unit/diff/fixtures.ts';

let root = '';
let dirA = '';
let dirB = '';

async function writeCampaignDir(dir: string, id: string, host: HostFingerprint, records: RunRecord[]): Promise<void> {
  for (const r of records) await writeRunRecord(runRecordPath(dir, r.scenario, r.job.name, r.rep, r.warmup), r);
  await writeCampaign(dir, makeCampaign(id, host, records));
}

// B is a copy of A whose run records have wall times x1.5 and peak memory x0.8.
function slowerLeaner(records: RunRecord[]): RunRecord[] {
  return records.map((r) => ({
    ...r,
    campaign: 'b',
    wallSeconds: r.wallSeconds * 1.5,
    memory: { ...r.memory, peakBytes: r.memory.peakBytes === null ? null : r.memory.peakBytes * 0.8 },
  }));
}

async function diff(...argv: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  let stdout = '';
  let stderr = '';
  const out = vi
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = vi
    .spyOn(process.stderr, 'write')
    .mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  try {
    process.exitCode = 0;
    await yargs(['diff', ...argv])
      .command(diffCommand)
      .strict()
      .fail((msg, e) => {
        throw e ?? new Error(msg);
      })
      .parseAsync();
    return { stdout, stderr, exitCode: Number(process.exitCode ?? 0) };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = 0;
  }
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'deploybench-diff-'));
  dirA = join(root, 'campaign-a');
  dirB = join(root, 'campaign-b');
  const records = makeMatrixRecords({ campaign: 'a' });
  await writeCampaignDir(
    dirA,
    'a',
    makeHost({ hostname: 'lab-a', cores: 2, cpuModel: 'Intel(R) Xeon(R) CPU E5-2680 v4' }),
    records,
  );
  await writeCampaignDir(
    dirB,
    'b',
    makeHost({ hostname: 'lab-b', cores: 16, cpuModel: 'AMD EPYC 7763 64-Core Processor' }),
    slowerLeaner(records),
  );
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('deploybench diff', () => {
  it('--format json reports wall-time ratios of 1.5 and memory ratios of 0.8 for every scenario and job', async () => {
    const { stdout, exitCode } = await diff(dirA, dirB, '--format', 'json');
    expect(exitCode).toBe(0);
    const json = JSON.parse(stdout) as {
      rows: {
        scenario: string;
        job: string;
        metric: string;
        ratio: number;
        a: { median: number };
        b: { median: number };
        verdict: string;
      }[];
      onlyInA: unknown[];
      onlyInB: unknown[];
      fingerprints: { a: { host: { hostname: string } }; b: { host: { hostname: string } } };
    };
    const wall = json.rows.filter((r) => r.metric === 'wallSeconds');
    const memory = json.rows.filter((r) => r.metric === 'memoryPeakBytes');
    expect(wall).toHaveLength(8);
    expect(memory).toHaveLength(8);
    for (const r of wall) {
      expect(Math.abs(r.ratio - 1.5)).toBeLessThan(1e-9);
      expect(Math.abs(r.b.median / r.a.median - 1.5)).toBeLessThan(1e-9);
      expect(r.verdict).toBe('+50.0%');
    }
    for (const r of memory) expect(Math.abs(r.ratio - 0.8)).toBeLessThan(1e-9);
    expect(new Set(json.rows.map((r) => `${r.scenario}/${r.job}`)).size).toBe(8);
    expect(json.onlyInA).toEqual([]);
    expect(json.onlyInB).toEqual([]);
    expect([json.fingerprints.a.host.hostname, json.fingerprints.b.host.hostname]).toEqual(['lab-a', 'lab-b']);
  });

  it('--fail-above 10 exits 1 and names the rows that tripped it', async () => {
    const { exitCode, stderr } = await diff(dirA, dirB, '--format', 'json', '--fail-above', '10');
    expect(exitCode).toBe(1);
    expect(stderr).toContain('--fail-above 10: 8 significant regression(s):');
    expect(stderr).toContain('torch-1.13-debian12@bare-metal train Execution time: +50.0% worse');
  });

  it('--fail-above 60 exits 0', async () => {
    const { exitCode, stderr } = await diff(dirA, dirB, '--fail-above', '60');
    expect(exitCode).toBe(0);
    expect(stderr).toBe('');
  });

  it('text output shows both fingerprints and the comparability warnings', async () => {
    const { stdout } = await diff(dirA, dirB);
    expect(stdout).toMatch(/hostname +lab-a +lab-b/);
    expect(stdout).toMatch(/CPU +Intel\(R\) Xeon\(R\) CPU E5-2680 v4 +AMD EPYC 7763 64-Core Processor/);
    expect(stdout).toContain('CPU counts differ: 2 logical CPUs (A) vs 16 (B)');
    expect(stdout).toMatch(/torch-2\.6-debian13@container +train +Execution time +5\/5 .* 1\.500x/);
  });

  it('--metric filters and -o writes the file instead of stdout', async () => {
    const file = join(root, 'out', 'diff.md');
    const { stdout, stderr } = await diff(dirA, dirB, '--format', 'markdown', '--metric', 'wallSeconds', '-o', file);
    expect(stdout).toBe('');
    expect(stderr).toBe(`wrote ${file}\n`);
    const md = await readFile(file, 'utf8');
    expect(md).toContain('| scenario | job | metric |');
    expect(md).toContain('Execution time');
    expect(md).not.toContain('RAM peak');
  });

  it('writes a self-contained HTML page with the chart libraries inlined', async () => {
    const file = join(root, 'diff.html');
    await diff(dirA, dirB, '--format', 'html', '-o', file);
    const html = await readFile(file, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('vegaEmbed(');
    expect(html.length).toBeGreaterThan(500_000);
    expect(html).not.toMatch(/<script[^>]+src=/);
  });

  it('refuses an unknown metric and a missing campaign with the fix', async () => {
    await expect(diff(dirA, dirB, '--metric', 'wall')).rejects.toThrow(/unknown metric "wall"/);
    await expect(diff(dirA, join(root, 'nope'))).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
    await expect(diff(dirA, dirB, '--fail-above', '-5')).rejects.toThrow(/--fail-above/);
  });
});

describe('deploybench diff --fail-above with the text table', () => {
  it('marks the rows in the table and only sums up on stderr', async () => {
    const { stdout, stderr, exitCode } = await diff(dirA, dirB, '--fail-above', '10');
    expect(exitCode).toBe(1);
    expect(stdout).toContain('8 significant regression(s) above 10% (marked !):');
    expect(stdout).toMatch(/Execution time .* \+50\.0% !\n/);
    expect(stderr).toBe('--fail-above 10: 8 significant regression(s) (listed above); exit status 1\n');
  });
});

describe('the deploybench binary', () => {
  it('diff exits 1 over --fail-above 10 and 0 under --fail-above 60', async () => {
    const over = await cli(['diff', dirA, dirB, '--format', 'json', '--fail-above', '10']);
    expect(over.exitCode).toBe(1);
    expect(over.stderr).toContain('--fail-above 10: 8 significant regression(s):');
    const rows = (JSON.parse(over.stdout) as { rows: { metric: string; ratio: number }[] }).rows;
    expect(rows.filter((r) => r.metric === 'wallSeconds').every((r) => Math.abs(r.ratio - 1.5) < 1e-9)).toBe(true);
    const under = await cli(['diff', dirA, dirB, '--fail-above', '60']);
    expect(under.exitCode).toBe(0);
    expect(under.stdout).toMatch(/hostname +lab-a +lab-b/);
  });

  it('a missing campaign prints one line with the fix and exits 2', async () => {
    const r = await cli(['diff', dirA, join(root, 'nope')]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^deploybench: .*nope\/campaign\.json: not found\n {2}fix: check the path/);
  });
});
