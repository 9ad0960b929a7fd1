// Fleets through a REAL two-node Slurm cluster on this host (test/fixtures/slurm/cluster.sh: munged,
// slurmctld, slurmd node1 and node2) and the real CLI: a light container workload (3 s sleeps) runs on both
// nodes; the fleet report opens in Chromium; diff compares node2 with node1; a node job killed with scancel
// mid-run is recorded and `run --slurm --resume` completes it. In CI a missing Slurm fails, never skips.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../harness/core/paths.ts';
import { loadFleet } from '../../../harness/fleet/store.ts';
import { loadCampaign } from '../../../harness/results/store.ts';
import { BIN, cli } from '../../helpers/cli.ts';
import { startTestCluster } from '../../helpers/slurm.ts';

const skipWhy = await startTestCluster();
const MATRIX = join(PROJECT_ROOT, 'test/fixtures/slurm/light/light.yaml');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let tmp = '';
let env: Record<string, string> = {};

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'deploybench-fleet-'));
  env = { DEPLOYBENCH_RESULTS_DIR: join(tmp, 'results'), DEPLOYBENCH_REPORTS_DIR: join(tmp, 'reports') };
});
afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const lastLine = (s: string): string => s.trim().split('\n').pop() ?? '';

// Opens a report in headless Chromium and returns charts drawn / expected and the console errors.
async function openReport(file: string): Promise<{ drawn: string; errors: string[]; text: string }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    await page.goto(pathToFileURL(file).href);
    await page.waitForFunction(() => document.body.getAttribute('data-charts-drawn') !== null, undefined, {
      timeout: 60_000,
    });
    return {
      drawn: (await page.getAttribute('body', 'data-charts-drawn')) ?? '',
      errors,
      text: await page.innerText('body'),
    };
  } finally {
    await browser.close();
  }
}

async function refusesBadNodes(): Promise<void> {
  const bad = await cli(['run', MATRIX, '--slurm', '--nodelist', 'node1,node9'], env);
  expect(bad.exitCode).toBe(2);
  expect(bad.stderr).toContain('--nodelist: no node node9');
  expect(bad.stderr).toContain('fix: nodes of this cluster: node1, node2');
  const part = await cli(['run', MATRIX, '--slurm', '--partition', 'nope'], env);
  expect(part.exitCode).toBe(2);
  expect(part.stderr).toContain('--partition nope: no such partition');
  expect(await readdir(env.DEPLOYBENCH_RESULTS_DIR!).catch(() => [])).toEqual([]);
}

async function fleetCompletes(): Promise<void> {
  const r = await cli(['run', MATRIX, '--slurm', '--nodelist', 'node1,node2'], env);
  expect(r.exitCode, r.all).toBe(0);
  const dir = lastLine(r.stdout);
  const fleet = await loadFleet(dir);
  expect(fleet.state).toBe('complete');
  // A node whose campaign is complete is done while Slurm still runs the job's epilogue (COMPLETING, see
  // harness/fleet/progress.ts): the state last seen is either (CI once caught node2 in COMPLETING).
  const finished = expect.stringMatching(/^COMPLET(ED|ING)$/) as string;
  expect(fleet.nodes.map((n) => [n.name, n.state, n.slurmState])).toEqual([
    ['node1', 'done', finished],
    ['node2', 'done', finished],
  ]);
  for (const n of fleet.nodes) {
    const c = await loadCampaign(join(dir, n.name));
    expect(c.campaign.state).toBe('complete');
    expect(c.runs.map((x) => x.record.status)).toEqual(['ok', 'ok']);
    // The job ran where it was sent: Slurm's own variable in the job's output.
    expect(await readFile(join(dir, 'jobs', `${n.name}-${n.jobId!}.out`), 'utf8')).toContain(`Slurm node ${n.name}`);
  }
  expect(r.stderr).toMatch(/node2 +running +run 1\/2/);
  const report = join(env.DEPLOYBENCH_REPORTS_DIR!, `${fleet.id}.html`);
  const opened = await openReport(report);
  const [drawn, expected] = opened.drawn.split('/');
  expect(drawn).toBe(expected);
  expect(opened.errors).toEqual([]);
  expect(opened.text).toContain('node1 · torch-2.6-debian13@container');
  expect(opened.text).toContain('node2 · torch-2.6-debian13@container');
  // Section 7: the fleet's nodes, their fingerprints side by side, and the node factor of each metric.
  expect(opened.text).toContain('7. Machines side by side');
  expect(opened.text).toMatch(/node1\tdone\tCOMPLET(ED|ING)\t–\t\d+/);
  expect(opened.text).toMatch(/host name\t\S+\t\S+/);
  expect(opened.text).toContain('Node factor: share of the variance of log(metric) over every node');
  expect(opened.text).toMatch(/sleep\tExecution time\t\d+%\t0%\t0%\t\d+%\t\d+%\t2\t4\n/);
  expect(opened.text).toContain('a machine share near 0% means the nodes are interchangeable');
  // The stack x deployment decomposition of each node, side by side.
  expect(opened.text).toMatch(/node1\tsleep\tExecution time\t0%\t0%\t0%\t100%\t2\n/);
  expect(opened.text).toMatch(/node2\tsleep\tExecution time\t0%\t0%\t0%\t100%\t2\n/);
  const diff = await cli(['diff', dir], env);
  expect(diff.exitCode, diff.all).toBe(0);
  expect(diff.stderr).toContain('node2 vs the baseline');
  expect(diff.stdout).toMatch(/campaign id +node1 +node2/);
  expect(await readdir(join(dir, 'diffs'))).toEqual(['node1-vs-node2.txt']);
}

async function cancelAndResume(): Promise<void> {
  const sub = await cli(['run', MATRIX, '--slurm', '--nodelist', 'node1,node2', '--reps', '4', '--detach'], env);
  expect(sub.exitCode, sub.all).toBe(0);
  const dir = lastLine(sub.stdout);
  const node2 = (await loadFleet(dir)).nodes[1]!;
  const first = join(dir, 'node2/runs/torch-2.6-debian13@container/sleep/rep-1.json');
  for (
    let i = 0;
    i < 120 &&
    !(await readFile(first).then(
      () => true,
      () => false,
    ));
    i++
  )
    await new Promise((res) => setTimeout(res, 1000));
  await execa('scancel', [node2.jobId!]);
  const wait = await cli(['fleet', 'wait', dir, '--no-report'], env);
  expect(wait.exitCode, wait.all).toBe(1);
  let fleet = await loadFleet(dir);
  expect(fleet.state).toBe('failed');
  expect(fleet.nodes.map((n) => n.state)).toEqual(['done', 'cancelled']);
  expect(fleet.nodes[1]!.slurmState).toBe('CANCELLED');
  const kept = JSON.parse(await readFile(first, 'utf8')) as { startedAt: string };
  const res = await cli(['run', '--slurm', '--resume', dir], env);
  expect(res.exitCode, res.all).toBe(0);
  expect(res.stderr).toContain('resubmitted node2=job');
  fleet = await loadFleet(dir);
  expect(fleet.nodes.map((n) => n.state)).toEqual(['done', 'done']);
  expect(fleet.nodes[0]!.previousJobIds).toEqual([]);
  expect(fleet.nodes[1]!.previousJobIds).toEqual([node2.jobId]);
  const c = await loadCampaign(join(dir, 'node2'));
  expect(c.runs.filter((x) => x.record.status === 'ok')).toHaveLength(4);
  // The run finished before the cancel was kept, not run again.
  expect((JSON.parse(await readFile(first, 'utf8')) as { startedAt: string }).startedAt).toBe(kept.startedAt);
}

// Ctrl-C of the submitter: every unfinished job is cancelled, what finished is kept, nothing stays queued.
async function interruptCancels(): Promise<void> {
  const child = cli(['run', MATRIX, '--slurm', '--nodelist', 'node1,node2', '--reps', '4'], env);
  let seen = '';
  await new Promise<void>((res) => {
    child.all.on('data', (d: Buffer) => {
      seen += String(d);
      if (/node1 +running +run 1\/4/.test(seen)) res();
    });
    void child.then(() => res());
  });
  child.kill('SIGINT');
  const r = await child;
  expect(r.exitCode, r.all).toBe(130);
  expect(r.stderr).toMatch(/cancelling 2 job\(s\)/);
  const dir = join(env.DEPLOYBENCH_RESULTS_DIR!, (await readdir(env.DEPLOYBENCH_RESULTS_DIR!)).sort().pop()!);
  const fleet = await loadFleet(dir);
  expect(fleet.state).toBe('interrupted');
  expect(fleet.nodes.map((n) => n.state)).toEqual(['cancelled', 'cancelled']);
  const c = await loadCampaign(join(dir, 'node1'));
  expect(c.runs.filter((x) => x.record.status === 'ok').length).toBeGreaterThanOrEqual(1);
  expect((await execa('squeue', ['-h', '-o', '%i'])).stdout.trim()).toBe('');
}

// node2 drained while its job waits (submitted held, so it cannot start first): recorded as drained with
// the reason, its job cancelled; node1 completes, and the fleet report names node2's state and reason.
async function drainedWhileWaiting(): Promise<void> {
  const sub = await cli(
    ['run', MATRIX, '--slurm', '--nodelist', 'node1,node2', '--reps', '1', '--detach', '--slurm-arg=--hold'],
    env,
  );
  expect(sub.exitCode, sub.all).toBe(0);
  const dir = lastLine(sub.stdout);
  const ids = (await loadFleet(dir)).nodes.map((n) => n.jobId!);
  try {
    await execa('scontrol', ['update', 'nodename=node2', 'state=drain', 'reason=deploybench drain test']);
    await execa('scontrol', ['release', ...ids]);
    const wait = await cli(['fleet', 'wait', dir], env);
    expect(wait.exitCode, wait.all).toBe(1);
    expect(wait.stderr).toMatch(/node2 +drained +node drained \(deploybench drain test\) while the job waited/);
    const fleet = await loadFleet(dir);
    expect(fleet.state).toBe('failed');
    expect(fleet.nodes.map((n) => [n.name, n.state, n.slurmReason])).toEqual([
      ['node1', 'done', null],
      ['node2', 'drained', 'deploybench drain test'],
    ]);
    expect(fleet.nodes[1]!.detail).toBe(
      `node drained (deploybench drain test) while the job waited (nothing recorded); job ${ids[1]} cancelled`,
    );
    // Nothing left queued for the drained node.
    expect((await execa('squeue', ['-h', '-o', '%i'])).stdout.trim()).toBe('');
    const opened = await openReport(join(env.DEPLOYBENCH_REPORTS_DIR!, `${fleet.id}.html`));
    expect(opened.errors).toEqual([]);
    expect(opened.text).toContain(`node2\tdrained\tPENDING\tdeploybench drain test\t${ids[1]}`);
    // `report FLEET_DIR` shows the same node table (here as Markdown).
    const md = await cli(['report', dir, '--format', 'markdown', '-o', join(tmp, 'drained.md')], env);
    expect(md.exitCode, md.all).toBe(0);
    expect(await readFile(join(tmp, 'drained.md'), 'utf8')).toContain(
      `| node2 | drained | PENDING | deploybench drain test | ${ids[1]} |`,
    );
  } finally {
    await execa('scontrol', ['update', 'nodename=node2', 'state=resume'], { reject: false });
  }
}

// A node job that hits its Slurm time limit (1 minute; the job sleeps 10): recorded as timeout with Slurm's
// reason, and the run it stopped is kept as interrupted.
async function timeLimit(): Promise<void> {
  const long = join(PROJECT_ROOT, 'test/fixtures/slurm/light/long.yaml');
  const r = await cli(['run', long, '--slurm', '--nodelist', 'node1', '--slurm-arg=--time=1'], env);
  expect(r.exitCode, r.all).toBe(1);
  expect(r.stderr).toMatch(/node1 +timeout +hit the time limit \(TimeLimit; run 1\/1 recorded\)/);
  const fleet = await loadFleet(lastLine(r.stdout));
  expect(fleet.nodes.map((n) => [n.state, n.slurmState, n.slurmReason])).toEqual([['timeout', 'TIMEOUT', 'TimeLimit']]);
  const c = await loadCampaign(join(lastLine(r.stdout), 'node1'));
  expect(c.runs.map((x) => x.record.status)).toEqual(['interrupted']);
}

// No sbatch on PATH, and a controller that does not answer (a slurm.conf naming a port nobody listens on).
async function refusesMissingSlurm(): Promise<void> {
  // Node itself by its absolute path: with that PATH a plain `node` would not be found either.
  const noPath = await execa(process.execPath, [BIN, 'run', MATRIX, '--slurm'], {
    reject: false,
    env: { ...env, PATH: '/nonexistent' },
    cwd: PROJECT_ROOT,
  });
  expect(noPath.exitCode).toBe(2);
  expect(noPath.stderr).toContain('deploybench: error E_SLURM: sbatch: not found on PATH\n  fix: install Slurm');
  const conf = join(tmp, 'down.conf');
  await writeFile(
    conf,
    (await readFile('/etc/slurm/slurm.conf', 'utf8')).replace(/^SlurmctldPort=\d+/m, 'SlurmctldPort=6999'),
  );
  const down = await cli(['run', MATRIX, '--slurm'], { ...env, SLURM_CONF: conf });
  expect(down.exitCode).toBe(2);
  expect(down.stderr).toContain(
    'deploybench: error E_SLURM: the Slurm controller does not answer (scontrol ping: Slurmctld(primary) at',
  );
  expect(down.stderr.trim().split('\n')).toHaveLength(2);
}

describe.skipIf(skipWhy !== null)('fleets through Slurm', () => {
  it('refuses to start without sbatch or a controller', refusesMissingSlurm);
  it('refuses an unknown node and an unknown partition before queuing anything', refusesBadNodes);
  it(
    'runs the matrix on node1 and node2, writes fleet.json, the fleet report and the node diff',
    fleetCompletes,
    600_000,
  );
  it("Ctrl-C cancels the fleet's jobs and keeps the finished runs", interruptCancels, 600_000);
  it('records a node job cancelled mid-run, and --resume completes only that node', cancelAndResume, 600_000);
  it('records a node drained while its job waits, and the other node completes', drainedWhileWaiting, 600_000);
  it('records a node job that hits its time limit, keeping the run it stopped', timeLimit, 600_000);
});
