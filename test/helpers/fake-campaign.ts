// Set-up for in-process runCampaign tests with fake executors: a user workload matrix in a temp folder
// (no data to generate), fake images, a fresh results folder per campaign, and a silent reporter.
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { StackImage } from '../../harness/images/build.ts';
import type { Stack } from '../../harness/images/stacks.ts';
import { loadCampaign, type LoadedCampaign } from '../../harness/results/store.ts';
import { silentReporter, type Reporter } from '../../harness/runner/reporter.ts';
import { runCampaign, type CampaignResult, type RunOptions } from '../../harness/runner/run.ts';
import { callKey, fakeExecutors, type FakeCall, type FakeScript } from './fake-executor.ts';

/** The two CPU stacks shipped in images/ (loadStack reads their stack.yaml; nothing is built). */
export const STACKS = ['torch-1.13-debian12', 'torch-2.6-debian13'] as const;

/** The four scenarios of the fake matrix, in matrix order (stacks outer, deployments inner). */
export const [A, B, C, D] = [
  `${STACKS[0]}@bare-metal`,
  `${STACKS[0]}@container`,
  `${STACKS[1]}@bare-metal`,
  `${STACKS[1]}@container`,
] as const;

/** The job keys of one round over `order` (train then infer of each scenario), tagged `r<rep>` or `w<rep>`. */
export const round = (tag: string, order: string[]): string[] =>
  order.flatMap((s) => [`${tag} ${s}/train`, `${tag} ${s}/infer`]);

/** The keys of the jobs (not probes or prepares) the fake executor ran, in order. */
export const jobKeys = (calls: FakeCall[]): string[] => calls.filter((c) => c.kind === 'job').map(callKey);

// Temp folders made here, removed after the test file.
const made: string[] = [];
async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** The image a fake build returns. */
export const fakeImage = (stack: Stack): Promise<StackImage> =>
  Promise.resolve({
    stack: stack.spec.name,
    tag: `fake/${stack.spec.name}`,
    id: 'sha256:fake',
    built: false,
    seconds: 0,
  });

/** Writes a user workload matrix (code folder with one file) into a new temp folder; `extra` is appended YAML. */
export async function writeMatrix(extra: string, opts: { prepare?: boolean } = {}): Promise<string> {
  const dir = await tempDir('deploybench-fake-matrix-');
  await mkdir(join(dir, 'code'));
  await writeFile(join(dir, 'code', 'train.py'), 'print("never run: the executor is fake")\n');
  const file = join(dir, 'matrix.yaml');
  await writeFile(
    file,
    [
      'name: fake',
      `stacks: [${STACKS.join(', ')}]`,
      'deployments: [bare-metal, container]',
      'workload:',
      '  name: fake-workload',
      '  code: code',
      ...(opts.prepare ? ['  prepare: [python3, /code/prepare.py, --out, /shared]'] : []),
      '  jobs:',
      '    train: [python3, /code/train.py]',
      '    infer: [python3, /code/infer.py]',
      'sampling: { intervalMs: 100 }',
      extra,
    ].join('\n'),
  );
  return file;
}

/**
 * Points the Docker client at no engine (the host fingerprint then records none instead of asking the
 * real one) for the test file; afterwards restores it and DEPLOYBENCH_RESULTS_DIR and removes the temp
 * folders of writeMatrix and freshResults. The test file itself must also mock
 * harness/sampling/cgroup-stale.ts (vi.mock is hoisted only there).
 */
export function isolateFromHost(): void {
  const saved = { DOCKER_HOST: process.env.DOCKER_HOST, DEPLOYBENCH_RESULTS_DIR: process.env.DEPLOYBENCH_RESULTS_DIR };
  beforeAll(() => {
    process.env.DOCKER_HOST = 'unix:///nonexistent/deploybench-test/docker.sock';
  });
  afterAll(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });
}

/** A results folder of its own (DEPLOYBENCH_RESULTS_DIR), so each campaign is the only one in it. */
export async function freshResults(): Promise<string> {
  const dir = await tempDir('deploybench-fake-results-');
  process.env.DEPLOYBENCH_RESULTS_DIR = dir;
  return dir;
}

/** The one campaign folder in a results folder (for a campaign that threw). */
export async function onlyCampaign(results: string): Promise<string> {
  const ids = await readdir(results);
  if (ids.length !== 1) throw new Error(`expected one campaign in ${results}, found ${ids.join(', ')}`);
  return join(results, ids[0]!);
}

/** A reporter that keeps the info lines and is silent otherwise. */
export function infoRecorder(): Reporter & { lines: string[] } {
  const lines: string[] = [];
  return { ...silentReporter, info: (l) => lines.push(l), lines };
}

/** Runs a campaign with fresh fake executors; returns their call log with the result (or the error). */
export async function runFake(
  o: Partial<RunOptions> & { matrixFile: string },
  script?: FakeScript,
): Promise<{ fake: ReturnType<typeof fakeExecutors>; result: CampaignResult | null; error: unknown }> {
  const fake = fakeExecutors(script);
  try {
    const result = await runCampaign({
      signal: new AbortController().signal,
      reporter: silentReporter,
      imageFor: fakeImage,
      executorFactory: fake.factory,
      ...o,
    });
    return { fake, result, error: null };
  } catch (error) {
    return { fake, result: null, error };
  }
}

/** campaign.json read back, and whether its index agrees with the records on disk (same files, same statuses). */
export async function readBack(dir: string): Promise<LoadedCampaign & { indexMatchesRecords: boolean }> {
  const loaded = await loadCampaign(dir);
  const onDisk = new Map(loaded.runs.map((r) => [r.file, r.record.status]));
  const index = loaded.campaign.runs;
  const indexMatchesRecords =
    index.length === onDisk.size && index.every((e) => onDisk.get(join(dir, e.file)) === e.status);
  return { ...loaded, indexMatchesRecords };
}
