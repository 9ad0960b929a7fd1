// A user workload (the fixture MLP in test/fixtures/workloads: prepare + train + infer writing result.json,
// not the reference) through the real CLI on both CPU stacks, bare metal and container; its metrics in the
// report (opened in Chromium) and in diff; a stack whose prepare fails, a failing job and a missing command.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from '../../../harness/core/paths.ts';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCampaign, type LoadedCampaign } from '../../../harness/results/store.ts';
import { cli } from '../../helpers/cli.ts';
import { skipWithoutDocker } from '../../helpers/env.ts';
import { leftoverCgroups, leftoverContainers, leftoverMounts, leftoverRunRoots } from '../../helpers/leftovers.ts';

const skip = await skipWithoutDocker();
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const byJob = (c: LoadedCampaign, scenario: string, job: string) =>
  c.runs.filter((r) => r.record.scenario === scenario && r.record.job.name === job).map((r) => r.record);

describe.skipIf(skip)('a user workload: deploybench run test/fixtures/workloads/mlp.yaml', () => {
  let main: LoadedCampaign;
  let faults: LoadedCampaign;
  let faultsRun: { exitCode: number | undefined; all: string };
  let seconds = 0;
  const env: Record<string, string> = {};

  beforeAll(async () => {
    env.DEPLOYBENCH_RESULTS_DIR = await mkdtemp(join(tmpdir(), 'deploybench-results-'));
    env.DEPLOYBENCH_REPORTS_DIR = await mkdtemp(join(tmpdir(), 'deploybench-reports-'));
    const t0 = performance.now();
    const r = await cli(['run', 'test/fixtures/workloads/mlp.yaml', '--no-report'], env);
    seconds = (performance.now() - t0) / 1000;
    if (r.exitCode !== 0) console.error(r.all);
    expect(r.exitCode).toBe(0);
    main = await loadCampaign(r.stdout.trim().split('\n').pop() ?? '');
    const f = await cli(['run', 'test/fixtures/workloads/mlp-faults.yaml', '--no-report'], env);
    faultsRun = { exitCode: f.exitCode, all: f.all ?? '' };
    faults = await loadCampaign(f.stdout.trim().split('\n').pop() ?? '');
  }, 1_800_000);

  it('runs every job on both CPU stacks, bare metal and container: 16 ok records', () => {
    console.log(`fixture campaign (16 runs, 2 prepares, 4 probes): ${seconds.toFixed(1)} s`);
    expect(main.runs).toHaveLength(16);
    expect(
      main.runs
        .map((r) => `${r.record.scenario} ${r.record.job.name}: ${r.record.status} ${r.record.error ?? ''}`)
        .filter((s) => !s.includes(': ok')),
    ).toEqual([]);
    expect(main.campaign.state).toBe('complete');
  });

  it('reads the metrics, throughputs and phases the jobs wrote, and the framework from the probe', () => {
    for (const { record } of main.runs) {
      expect(record.warnings ?? []).toEqual([]);
      expect(Object.keys(record.job.metrics ?? {})).toEqual(expect.arrayContaining(['val_loss', 'accuracy']));
      const unit = record.job.name === 'train' ? 'samples/s' : 'predictions/s';
      expect(JSON.stringify(record.job.throughput)).toContain(unit);
      expect(record.job.frameworkSource).toBe('probe');
      expect(
        String(record.job.framework?.version).startsWith(record.stack === 'torch-1.13-debian12' ? '1.13' : '2.6'),
      ).toBe(true);
      expect(record.filesystemWrites).toEqual({ count: 0, paths: [] });
    }
  });

  it('passes the equivalence check: val_loss and accuracy agree across deployments within 1e-6', () => {
    expect(main.campaign.warnings).toEqual([]);
    for (const stack of ['torch-1.13-debian12', 'torch-2.6-debian13']) {
      for (const job of ['train', 'infer']) {
        const bare = byJob(main, `${stack}@bare-metal`, job).map((r) => Number(r.job.metrics!.val_loss));
        const cont = byJob(main, `${stack}@container`, job).map((r) => Number(r.job.metrics!.val_loss));
        expect(bare).toHaveLength(2);
        for (const v of cont) expect(Math.abs(v - bare[0]!) / Math.abs(bare[0]!)).toBeLessThanOrEqual(1e-6);
      }
    }
  });

  it('hashes the code and data folders into campaign.json, unchanged at the end', () => {
    const inputs = main.campaign.inputs!;
    expect(inputs.code?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(inputs.code?.files).toBe(4);
    expect(inputs.data?.files).toBe(1);
    expect(inputs.unchangedAtEnd).toBe(true);
  });

  it('records a failing stack, job and command as failed runs with exit code and log tail; the rest goes on', () => {
    expect(faultsRun.exitCode, faultsRun.all).toBe(1);
    expect(faults.campaign.state).toBe('complete');
    const old = faults.runs.filter((r) => r.record.stack === 'torch-1.13-debian12').map((r) => r.record);
    expect(old).toHaveLength(3);
    for (const r of old) {
      expect(r.status).toBe('failed');
      expect(r.error).toContain('prepare failed on container (exited with code 4)');
      expect(r.error).toContain('refusing torch 1.13');
    }
    const [train] = byJob(faults, 'torch-2.6-debian13@container', 'train');
    expect(train?.status).toBe('ok');
    const [broken] = byJob(faults, 'torch-2.6-debian13@container', 'broken');
    expect(broken?.status).toBe('failed');
    expect(broken?.exitCode).toBe(3);
    expect(broken?.logTail).toEqual(expect.arrayContaining(['about to fail', 'on stderr']));
    const [missing] = byJob(faults, 'torch-2.6-debian13@container', 'missing');
    expect(missing?.status).toBe('failed');
    expect(missing?.exitCode).toBe(127);
    expect(missing?.logTail?.join('\n')).toMatch(/no-such-program/);
  });

  it('shows the workload, its metrics by name and the failures in the report, in Chromium', async () => {
    const out = join(env.DEPLOYBENCH_REPORTS_DIR!, 'user.html');
    const r = await cli(['report', main.dir, faults.dir, '-o', out], env);
    expect(r.exitCode, r.all).toBe(0);
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ARGS,
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(pathToFileURL(out).href);
      await page.waitForFunction(() => document.body.getAttribute('data-charts-drawn') !== null, undefined, {
        timeout: 60_000,
      });
      const [drawn, total] = (await page.getAttribute('body', 'data-charts-drawn'))!.split('/');
      expect(drawn).toBe(total);
      const text = await page.innerText('body');
      for (const needle of [
        'mlp-fixture',
        'val_loss',
        'accuracy',
        'samples/s',
        'predictions/s',
        'Throughput (samples)',
        'every run saw the same bytes',
        'about to fail',
        'prepare failed on container',
      ]) {
        expect(text, needle).toContain(needle);
      }
      const headers = await page.$$eval('table caption', (els) => els.map((e) => e.textContent ?? ''));
      expect(headers).toEqual(
        expect.arrayContaining([
          'train: metrics reported by the job (median over ok runs)',
          'infer: metrics reported by the job (median over ok runs)',
        ]),
      );
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it("compares the workload's metrics and throughputs in diff", async () => {
    const r = await cli(['diff', main.dir, faults.dir, '--format', 'json'], env);
    expect(r.exitCode, r.all).toBe(0);
    const d = JSON.parse(r.stdout) as {
      rows: { scenario: string; job: string; metric: string; unit: string; kind?: string }[];
    };
    const rows = d.rows.filter((x) => x.scenario === 'torch-2.6-debian13@container' && x.job === 'train');
    expect(rows.map((x) => x.metric)).toEqual(
      expect.arrayContaining(['wallSeconds', 'throughput:samples', 'metric:val_loss', 'metric:accuracy']),
    );
    expect(rows.find((x) => x.metric === 'throughput:samples')?.unit).toBe('samples/s');
    expect(rows.find((x) => x.metric === 'metric:val_loss')?.kind).toBe('quality');
    const text = await cli(['diff', main.dir, faults.dir], env);
    expect(text.stdout).toContain('val_loss');
  });

  it('leaves no container, cgroup, mount or per-run root behind', async () => {
    expect(await leftoverContainers()).toEqual([]);
    expect(await leftoverCgroups()).toEqual([]);
    expect(await leftoverMounts()).toEqual([]);
    expect(await leftoverRunRoots()).toEqual([]);
  });

  it('resumes with a relative path: retries a failed run, keeps prepare and probes, re-checks the hashes', async () => {
    const log = await readFile(join(main.dir, 'shared', 'torch-2.6-debian13.prepare.log'), 'utf8');
    expect(log).toMatch(/prepare: 4000 samples/);
    // Turn one ok run into a failed one, as a crash would have left it.
    const file = join(main.dir, 'runs', 'torch-2.6-debian13@bare-metal', 'infer', 'rep-2.json');
    const rec = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify({ ...rec, status: 'failed', error: 'made to fail by the test' }));
    const rel = relative(PROJECT_ROOT, main.dir);
    const r = await cli(['run', '--resume', rel, '--no-report'], env);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stderr).toContain('15 runs kept, 1 not ok to retry');
    expect(r.stderr).not.toContain('prepare (');
    expect(r.stderr).not.toContain('probing');
    const again = await loadCampaign(main.dir);
    expect(again.runs.filter((x) => x.record.status === 'ok')).toHaveLength(16);
    expect(again.campaign.inputs?.unchangedAtEnd).toBe(true);
  });
});
