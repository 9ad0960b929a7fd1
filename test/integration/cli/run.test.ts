import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCampaign, type LoadedCampaign } from '../../../harness/results/store.ts';
import { cli } from '../../helpers/cli.ts';
import { skipWithoutDocker } from '../../helpers/env.ts';
import { leftoverCgroups, leftoverContainers, leftoverMounts } from '../../helpers/leftovers.ts';
import { pathToFileURL } from 'node:url';
import { mkdir } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { PROJECT_ROOT } from '../../../harness/core/paths.ts';

const skip = await skipWithoutDocker();

// The acceptance run: both CPU stacks built from nothing (or the cache), tiny preset, 2 reps.
describe.skipIf(skip)('deploybench run scenarios/paper-cpu.yaml --preset tiny --reps 2', () => {
  let loaded: LoadedCampaign;
  let stdout = '';
  let exitCode: number | undefined;
  const env: Record<string, string> = {};

  beforeAll(async () => {
    env.DEPLOYBENCH_RESULTS_DIR = await mkdtemp(join(tmpdir(), 'deploybench-results-'));
    env.DEPLOYBENCH_REPORTS_DIR = await mkdtemp(join(tmpdir(), 'deploybench-reports-'));
    const r = await cli(['run', 'scenarios/paper-cpu.yaml', '--preset', 'tiny', '--reps', '2', '--no-report'], env);
    stdout = r.stdout;
    exitCode = r.exitCode;
    if (exitCode !== 0) console.error(r.all);
    const dir = stdout.trim().split('\n').pop() ?? '';
    loaded = await loadCampaign(dir);
  }, 1_800_000);

  it('exits 0 and prints the campaign folder as the last stdout line', () => {
    expect(exitCode).toBe(0);
    expect(stdout.trim().split('\n').pop()).toMatch(/deploybench-results-.*\/\d{4}-\d\d-\d\dT.*-paper-cpu$/);
  });

  it('records 16 runs, all ok, in the layout of the design', async () => {
    expect(loaded.runs).toHaveLength(16);
    expect(loaded.runs.map((r) => r.record.status)).toEqual(Array(16).fill('ok'));
    expect(loaded.campaign.state).toBe('complete');
    expect(loaded.campaign.runs).toHaveLength(16);
    const dirs = await readdir(join(loaded.dir, 'runs'));
    expect(dirs.sort()).toEqual([
      'torch-1.13-debian12@bare-metal',
      'torch-1.13-debian12@container',
      'torch-2.6-debian13@bare-metal',
      'torch-2.6-debian13@container',
    ]);
    const files = await readdir(join(loaded.dir, 'runs', 'torch-2.6-debian13@container', 'train'));
    expect(files).toEqual(
      expect.arrayContaining(['rep-1.json', 'rep-2.json', 'rep-1.samples.ndjson', 'rep-1.log', 'rep-1.out']),
    );
  });

  it('reports the framework version of each stack', () => {
    for (const { record } of loaded.runs) {
      const version = String(record.job.framework?.version);
      expect(
        version.startsWith(record.stack === 'torch-1.13-debian12' ? '1.13' : '2.6'),
        `${record.scenario}: ${version}`,
      ).toBe(true);
    }
  });

  it('gives the same quality metrics bare metal and in a container (6 decimals)', () => {
    const round = (m: unknown): string =>
      JSON.stringify(m, (_k, v: unknown) => (typeof v === 'number' ? Number(v.toFixed(6)) : v));
    for (const stack of ['torch-1.13-debian12', 'torch-2.6-debian13']) {
      for (const job of ['train', 'infer']) {
        const pick = (dep: string): string[] =>
          loaded.runs
            .filter((r) => r.record.stack === stack && r.record.deployment === dep && r.record.job.name === job)
            .map((r) => round(r.record.job.metrics));
        const bare = pick('bare-metal');
        const cont = pick('container');
        expect(bare.length).toBe(2);
        expect(bare[0]).toBeDefined();
        expect(cont).toEqual(bare);
      }
    }
    expect(loaded.campaign.warnings).toEqual([]);
  });

  it('measures real CPU, memory and time in every run', () => {
    for (const { record } of loaded.runs) {
      expect(record.wallSeconds).toBeGreaterThan(0.5);
      expect(record.cpu.avgPercent).toBeGreaterThan(10);
      expect(record.memory.peakBytes).toBeGreaterThan(50 * 1024 * 1024);
      expect(record.samples.count).toBeGreaterThan(3);
    }
  });

  it('stores the host fingerprint and the images in campaign.json', async () => {
    const c = JSON.parse(await readFile(join(loaded.dir, 'campaign.json'), 'utf8')) as Record<string, unknown>;
    expect(c.schemaVersion).toBe(2);
    expect(Object.keys(c.images as object).sort()).toEqual(['torch-1.13-debian12', 'torch-2.6-debian13']);
    expect(JSON.stringify(c.host)).toContain('cgroup');
  });

  it('leaves no container, cgroup or mount behind', async () => {
    expect(await leftoverContainers()).toEqual([]);
    expect(await leftoverCgroups()).toEqual([]);
    expect(await leftoverMounts()).toEqual([]);
  });

  it('reports the real campaign: deploybench report writes HTML that draws every chart offline in Chromium', async () => {
    const out = join(env.DEPLOYBENCH_REPORTS_DIR!, 'real.html');
    const r = await cli(['report', loaded.dir, '-o', out], env);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stdout.trim().split('\n').pop()).toBe(out);
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('request', (q) => requests.push(q.url()));
      await page.goto(pathToFileURL(out).href);
      await page.waitForFunction(() => document.body.getAttribute('data-charts-drawn') !== null, undefined, {
        timeout: 60_000,
      });
      const [drawn, total] = (await page.getAttribute('body', 'data-charts-drawn'))!.split('/');
      expect(drawn).toBe(total);
      expect(Number(drawn)).toBeGreaterThanOrEqual(8);
      expect(errors).toEqual([]);
      expect(requests).toEqual([pathToFileURL(out).href]);
      await mkdir(join(PROJECT_ROOT, 'test/.artifacts'), { recursive: true });
      await page.screenshot({ path: join(PROJECT_ROOT, 'test/.artifacts/report-real-campaign.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
