// Benchmark of report generation for 1,000 run records with their time series (SYNTHETIC campaign from
// test/helpers/synthetic-campaign.ts): wall time per phase (goal: < 5 s in all) and output size (goal:
// < 10 MB). Run: node harness/cli/tsnode.js bench/report.bench.ts [--quick] [--samples N]
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { chartLibraries } from '../harness/report/assets.ts';
import { renderHtml } from '../harness/report/html.ts';
import { writeReport } from '../harness/report/index.ts';
import { loadCampaigns } from '../harness/report/load.ts';
import { buildReportModel } from '../harness/report/model.ts';
import { writeSyntheticCampaign } from '../test/helpers/synthetic-campaign.ts';

const quick = process.argv.includes('--quick');
const samplesArg = process.argv.indexOf('--samples');
const samplesPerRun = samplesArg > 0 ? Number(process.argv[samplesArg + 1]) : 600;
const reps = quick ? 25 : 125; // x 2 stacks x 2 deployments x 2 jobs = 200 or 1,000 runs
const GOAL_SECONDS = 5;
const GOAL_BYTES = 10e6;

const dir = await mkdtemp(join(tmpdir(), 'deploybench-report-bench-'));
try {
  const t0 = performance.now();
  const campaign = await writeSyntheticCampaign({ dir: join(dir, 'bench'), id: 'bench', reps, samplesPerRun, seed: 7 });
  const runs = reps * 8;
  console.log(
    `synthetic campaign: ${runs} runs x ${samplesPerRun} samples written in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  // End to end, as `deploybench report` does it (3 times; the first includes reading the libraries).
  const totals: number[] = [];
  let out = '';
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    out = await writeReport([campaign], { out: join(dir, 'report.html') });
    totals.push((performance.now() - t) / 1000);
  }
  const bytes = (await stat(out)).size;
  const best = Math.min(...totals);

  // Phases, in process (tinybench, a few iterations each).
  const { campaigns } = await loadCampaigns([campaign]);
  const model = buildReportModel(campaigns);
  const libs = await chartLibraries();
  const bench = new Bench({
    name: `report phases, ${runs} runs`,
    iterations: quick ? 3 : 5,
    time: 0,
    warmupIterations: 1,
  });
  bench
    .add('load records + samples, LTTB', async () => {
      await loadCampaigns([campaign]);
    })
    .add('statistics, findings, specs', () => {
      buildReportModel(campaigns);
    })
    .add('render HTML', () => {
      renderHtml(model, libs);
    });
  await bench.run();
  console.table(bench.table());

  console.log(
    `end to end (writeReport), ${runs} runs: ${totals.map((s) => `${s.toFixed(2)} s`).join(', ')}; best ${best.toFixed(2)} s (goal < ${GOAL_SECONDS} s) ${best < GOAL_SECONDS ? 'OK' : 'OVER'}`,
  );
  console.log(
    `output size: ${(bytes / 1e6).toFixed(2)} MB (goal < ${GOAL_BYTES / 1e6} MB) ${bytes < GOAL_BYTES ? 'OK' : 'OVER'}`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
