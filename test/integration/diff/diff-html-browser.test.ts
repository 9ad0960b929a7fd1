// The diff's HTML page in a real headless Chromium (Debian's `chromium`, driven by playwright-core): every
// chart draws, offline, with no console error, and strings from files stay text.
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDiff } from '../../../harness/diff/build.ts';
import { formatDiff } from '../../../harness/diff/format/index.ts';
import { chartLibraries } from '../../../harness/report/assets.ts';
import { makeHost, makeMatrixRecords, makeSide } from '../../unit/diff/fixtures.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const present = await access(CHROMIUM).then(
  () => true,
  () => false,
);
// In CI Chromium is a prerequisite (.ci/run installs it): never skip there.
const skip = !present && process.env.CI !== 'true';

let dir = '';
let browser: Browser | undefined;

beforeAll(async () => {
  if (skip) return;
  dir = await mkdtemp(join(tmpdir(), 'deploybench-diff-html-'));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
});

afterAll(async () => {
  await browser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(skip)('diff HTML in Chromium', () => {
  it('draws one ratio chart per metric with no error and keeps hostile names as text', async () => {
    const evil = 'lab-b<img src=x onerror="document.title=1">';
    const d = buildDiff(
      makeSide('results/a', makeMatrixRecords(), makeHost({ hostname: 'lab-a' })),
      makeSide(
        'results/b',
        makeMatrixRecords({ scale: { wall: 1.5, memory: 0.8 } }),
        makeHost({ hostname: evil, cores: 16 }),
      ),
    );
    const file = join(dir, 'diff.html');
    await writeFile(file, formatDiff(d, 'html', { assets: await chartLibraries(), failAbove: 10 }));
    const page = await browser!.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('request', (r) => {
      if (!r.url().startsWith('file:') && !r.url().startsWith('data:') && !r.url().startsWith('blob:'))
        requests.push(r.url());
    });
    await page.goto(pathToFileURL(file).href);
    await page.waitForFunction(() => document.body.getAttribute('data-charts-drawn') !== null, undefined, {
      timeout: 30_000,
    });
    expect(await page.getAttribute('body', 'data-charts-drawn')).toBe('5/5');
    expect(await page.locator('.vega svg').count()).toBe(5);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('body').innerText()).toContain(evil);
    await page.screenshot({ path: join(dir, 'diff.png'), fullPage: true });
    await page.close();
  });
});
