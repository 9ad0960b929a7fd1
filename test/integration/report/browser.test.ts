// The report of a SYNTHETIC campaign (test/helpers/synthetic-campaign.ts) in a real headless Chromium
// (Debian's `chromium`, driven by playwright-core): every chart draws offline with no console error and no
// request but the file itself; hostile names and error texts stay text. Saves test/.artifacts/report.png.
import { access, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../harness/core/paths.ts';
import { writeReport } from '../../../harness/report/index.ts';
import { writeSyntheticCampaign } from '../../helpers/synthetic-campaign.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const present = await access(CHROMIUM).then(
  () => true,
  () => false,
);
// In CI Chromium is a prerequisite: a missing one fails the tests below instead of skipping them.
const skip = !present && process.env.CI !== 'true';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

let dir = '';
let browser: Browser | undefined;

beforeAll(async () => {
  if (skip) return;
  if (!present)
    throw new Error(
      `Chromium not found at ${CHROMIUM}: the report's browser tests need it in CI (apt-get install chromium, or set CHROMIUM_PATH)`,
    );
  dir = await mkdtemp(join(tmpdir(), 'deploybench-report-'));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
});

afterAll(async () => {
  await browser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Opened {
  page: Page;
  errors: string[];
  requests: string[];
}

// Opens a report and waits until its script has drawn every chart (or failed to).
async function open(file: string): Promise<Opened> {
  const page = await browser!.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(file).href);
  await page.waitForFunction(() => document.body.getAttribute('data-charts-drawn') !== null, undefined, {
    timeout: 60_000,
  });
  return { page, errors, requests };
}

describe.skipIf(skip)('report in Chromium', () => {
  it('draws every chart of a 2x2x2 campaign offline, with no console error', async () => {
    const campaign = await writeSyntheticCampaign({
      dir: join(dir, 'results', 'synthetic'),
      reps: 5,
      warmups: 1,
      failures: [
        {
          stack: 'torch-2.6-debian13',
          deployment: 'container',
          job: 'train',
          rep: 3,
          status: 'oom',
          error: 'killed by the kernel OOM killer',
        },
      ],
    });
    const file = await writeReport([campaign], { out: join(dir, 'report.html') });
    const { page, errors, requests } = await open(file);
    const drawn = (await page.getAttribute('body', 'data-charts-drawn'))!.split('/');
    expect(drawn[0]).toBe(drawn[1]);
    expect(Number(drawn[0])).toBeGreaterThanOrEqual(8);
    expect(await page.locator('.vega svg').count()).toBe(Number(drawn[0]));
    expect(errors).toEqual([]);
    expect(requests).toEqual([pathToFileURL(file).href]);
    // The GPU chart says so instead of drawing zeros; the failed run is listed with its error.
    expect(await page.locator('#chart-bars-gpuPeakBytes svg').textContent()).toContain('no GPU data');
    expect(await page.locator('#warnings + ul').innerText()).toContain(
      'torch-2.6-debian13@container train rep 3: oom (exit 1): killed by the kernel OOM killer',
    );
    for (const h of [
      '1. Summary',
      '2. Execution time, CPU, RAM and GPU memory',
      '3. Footprint',
      '4. Timelines',
      '5. Tables',
      '6. Environment and warnings',
    ]) {
      await expect(page.locator('h2', { hasText: h }).count()).resolves.toBe(1);
    }
    // The timeline's select box switches scenario without error.
    const select = page.locator('#chart-timeline select');
    expect(await select.locator('option').count()).toBe(8);
    await select.selectOption({ label: 'torch-2.6-debian13@container · infer' });
    await page.waitForTimeout(300);
    expect(errors).toEqual([]);
    await mkdir(join(PROJECT_ROOT, 'test/.artifacts'), { recursive: true });
    await page.screenshot({ path: join(PROJECT_ROOT, 'test/.artifacts/report.png'), fullPage: true });
    await page.close();
  });

  it('renders markup in names, hosts and error texts literally and never runs it', async () => {
    const img = '<img src=x onerror=window.__pwned=1>';
    const script = '</script><script>window.__pwned=1</script>';
    const campaign = await writeSyntheticCampaign({
      dir: join(dir, 'results', 'hostile'),
      id: `hostile${img}`,
      reps: 4,
      samplesPerRun: 30,
      stacks: [`torch${img}`, 'torch-2.6-debian13'],
      host: { hostname: script, cpu: { model: img, logicalCpus: 2 } },
      warnings: [script],
      frameworkOverrides: { 'torch-2.6-debian13@container': { blas: script } },
      failures: [
        {
          stack: `torch${img}`,
          deployment: 'container',
          job: 'infer',
          rep: 2,
          status: 'failed',
          error: `${script} ${img}`,
        },
      ],
    });
    const file = await writeReport([campaign], { out: join(dir, 'hostile.html') });
    const { page, errors, requests } = await open(file);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(errors).toEqual([]);
    expect(requests).toEqual([pathToFileURL(file).href]);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(5);
    const text = await page.locator('body').innerText();
    expect(text).toContain(`torch${img}@container infer rep 2: failed (exit 1): ${script} ${img}`);
    expect(text).toContain(`recorded during the run: ${script}`);
    // Names drawn by vega are SVG text, and the select box options are text too.
    expect(await page.locator('#chart-bars-wallSeconds svg').textContent()).toContain('torch<img src=x onerror'); // long labels are cut with an ellipsis
    expect(await page.locator('#chart-timeline option').allTextContents()).toContain(`torch${img}@bare-metal · train`);
    // Tooltips (vega-tooltip) show the names as text as well.
    const tips: string[] = [];
    const bars = page.locator('#chart-bars-wallSeconds .mark-rect path');
    for (let i = 0; i < (await bars.count()); i++) {
      await bars.nth(i).hover();
      await page.waitForSelector('#vg-tooltip-element.visible', { timeout: 5_000 });
      tips.push(await page.locator('#vg-tooltip-element').innerText());
    }
    expect(tips.some((t) => t.includes(`torch${img}`))).toBe(true);
    expect(await page.locator('img').count()).toBe(0);
    await page.locator('#chart-timeline select').selectOption({ index: 2 });
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    await page.close();
  });
});
