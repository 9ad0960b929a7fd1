/**
 * SYNTHETIC campaign folders for rendering tests and benchmarks of the report. The numbers are made
 * up (a seeded generator shaped like the paper's CPU study: the stack dominates, the deployment adds a
 * percent or two, 2% noise); they exercise the layout, never the measurement. Real campaigns come
 * from `deploybench run`.
 */
import { dirname, join } from 'node:path';
import { MAX_POINTS_PER_SERIES, toSeries } from '../../harness/report/load.ts';
import type { CampaignInput } from '../../harness/report/types.ts';
import { writeFileAtomic } from '../../harness/results/atomic.ts';
import { matrixSchema } from '../../harness/matrix/schema.ts';
import { CAMPAIGN_SCHEMA_VERSION, type Campaign } from '../../harness/results/campaign.ts';
import {
  SCHEMA_VERSION,
  type Deployment,
  type RunRecord,
  type RunStatus,
  type Sample,
} from '../../harness/results/schema.ts';
import { runRecordPath, writeCampaign, writeRunRecord } from '../../harness/results/store.ts';
import { seededRandom, type Random } from '../../harness/stats/random.ts';
import { testHost, type HostOverrides } from './host-fingerprint.ts';

/** A run to turn into a failure. */
export interface SyntheticFailure {
  stack: string;
  deployment: Deployment;
  job: string;
  rep: number;
  status: Exclude<RunStatus, 'ok'>;
  error: string;
}

/** Shape of the synthetic campaign. */
export interface SyntheticCampaignOptions {
  /** Campaign folder to create (its last part should be the id, as under results/). */
  dir: string;
  /** Campaign id (default 'synthetic'). */
  id?: string;
  stacks?: string[];
  deployments?: Deployment[];
  jobs?: string[];
  /** Repetitions per scenario and job (default 5). */
  reps?: number;
  /** Warmup runs per scenario and job (default 0). */
  warmups?: number;
  /** Samples per run (default 200). */
  samplesPerRun?: number;
  /** Whether runs have GPU figures (default false: gpu is null). */
  gpu?: boolean;
  /** Seed of the generator (default 1). */
  seed?: number;
  failures?: SyntheticFailure[];
  /** Host fingerprint fields over the default (a 2-core Debian 13 box named synthetic-host). */
  host?: HostOverrides;
  /** Campaign warnings. */
  warnings?: string[];
  /** Framework fingerprint override per `<stack>@<deployment>` (to provoke mismatches). */
  frameworkOverrides?: Record<string, Record<string, unknown>>;
  /** job.metrics override per `<stack>@<deployment>` (to provoke a results-equivalence failure). */
  metricsOverrides?: Record<string, Record<string, unknown>>;
}

const DEFAULT_HOST: HostOverrides = {
  hostname: 'synthetic-host',
  os: { distro: 'Debian GNU/Linux', release: '13', codename: 'trixie', kernel: '6.12.0' },
  cpu: { model: 'Intel Xeon (synthetic)', logicalCpus: 2, physicalCores: 2 },
  memoryTotalBytes: 8e9,
  cgroupVersion: 2,
};

const noise = (rnd: Random, sd: number): number =>
  Math.exp(sd * Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd()));

function samplesOf(
  rnd: Random,
  wall: number,
  cpuAvg: number,
  cpuMax: number,
  peak: number,
  gpuPeak: number | null,
  count: number,
): Sample[] {
  return Array.from({ length: count }, (_x, i) => {
    const t = (wall * i) / Math.max(1, count - 1);
    const phase = i / Math.max(1, count - 1);
    const cpu = i === 0 ? null : Math.min(cpuMax, cpuAvg * (0.85 + 0.3 * rnd()) * (phase < 0.1 ? 0.5 : 1));
    return {
      t: Math.round(t * 1000) / 1000,
      cpuPercent: cpu,
      memoryBytes: Math.round(peak * Math.min(1, 0.3 + phase * 1.5) * (0.97 + 0.03 * rnd())),
      gpuMemoryBytes: gpuPeak === null ? null : Math.round(gpuPeak * Math.min(1, 0.2 + phase * 2)),
      gpuUtilPercent: gpuPeak === null ? null : 40 + 40 * rnd(),
    };
  });
}

/** A synthetic run: its record and its samples. */
export interface SyntheticRun {
  record: RunRecord;
  samples: Sample[];
  /** Path of the record relative to the campaign folder. */
  file: string;
}

/** Builds a synthetic campaign in memory (no files): campaign.json's content and every run. */
export function syntheticCampaign(opts: Omit<SyntheticCampaignOptions, 'dir'>): {
  campaign: Campaign;
  runs: SyntheticRun[];
} {
  const stacks = opts.stacks ?? ['torch-1.13-debian12', 'torch-2.6-debian13'];
  const deployments = opts.deployments ?? ['bare-metal', 'container'];
  const jobs = opts.jobs ?? ['train', 'infer'];
  const reps = opts.reps ?? 5;
  const warmups = opts.warmups ?? 0;
  const rnd = seededRandom(opts.seed ?? 1);
  const id = opts.id ?? 'synthetic';
  const index: Campaign['runs'] = [];
  const runs: SyntheticRun[] = [];
  const tasks: {
    stack: string;
    deployment: Deployment;
    job: string;
    rep: number;
    warmup: boolean;
    si: number;
    di: number;
  }[] = [];
  for (let rep = 1; rep <= warmups + reps; rep++) {
    stacks.forEach((stack, si) =>
      deployments.forEach((deployment, di) =>
        jobs.forEach((job) =>
          tasks.push({
            stack,
            deployment,
            job,
            rep: rep > warmups ? rep - warmups : rep,
            warmup: rep <= warmups,
            si,
            di,
          }),
        ),
      ),
    );
  }
  for (const t of tasks) {
    const scenario = `${t.stack}@${t.deployment}`;
    const train = t.job === 'train';
    const wall = (train ? [23, 11][t.si % 2]! : [4, 0.3][t.si % 2]!) * (1 + 0.015 * t.di) * noise(rnd, 0.02);
    const cpuAvg = (train ? [150, 95][t.si % 2]! : [60, 40][t.si % 2]!) * noise(rnd, 0.02);
    const cpuMax = Math.min(200, cpuAvg * 1.3 * noise(rnd, 0.02));
    const peak =
      (train ? [1.2e9, 0.62e9][t.si % 2]! : [0.9e9, 0.22e9][t.si % 2]!) * (1 + 0.01 * t.di) * noise(rnd, 0.01);
    const gpuPeak = opts.gpu ? (train ? [0.8e9, 1.07e9][t.si % 2]! : [0.1e9, 1.07e9][t.si % 2]!) : null;
    const failure = opts.failures?.find(
      (f) => f.stack === t.stack && f.deployment === t.deployment && f.job === t.job && f.rep === t.rep && !t.warmup,
    );
    const file = runRecordPath('', scenario, t.job, t.rep, t.warmup);
    const samplesName = `${t.warmup ? 'warmup' : 'rep'}-${t.rep}.samples.ndjson`;
    const samples = samplesOf(rnd, wall, cpuAvg, cpuMax, peak, gpuPeak, opts.samplesPerRun ?? 200);
    const started = new Date(Date.UTC(2026, 0, 1) + index.length * 60_000);
    const record: RunRecord = {
      schemaVersion: SCHEMA_VERSION,
      status: failure?.status ?? 'ok',
      exitCode: failure ? 1 : 0,
      signal: null,
      error: failure?.error ?? null,
      campaign: id,
      scenario,
      stack: t.stack,
      deployment: t.deployment,
      executor: t.deployment,
      rep: t.rep,
      warmup: t.warmup,
      image: `sha256:${'ab'.repeat(32)}`,
      command: ['python3', '/workload/run.py', t.job],
      startedAt: started.toISOString(),
      endedAt: new Date(started.getTime() + wall * 1000).toISOString(),
      wallSeconds: wall,
      cpu: {
        avgPercent: cpuAvg,
        maxPercent: cpuMax,
        maxWindowSeconds: 1,
        userSeconds: ((wall * cpuAvg) / 100) * 0.9,
        systemSeconds: ((wall * cpuAvg) / 100) * 0.1,
        totalSeconds: (wall * cpuAvg) / 100,
        hostAvgPercent: cpuAvg / 2,
        hostMaxPercent: cpuMax / 2,
      },
      memory: {
        peakBytes: Math.round(peak),
        avgBytes: Math.round(peak * 0.8),
        cgroupPeakBytes: Math.round(peak * 1.1),
        oomKills: 0,
      },
      gpu:
        gpuPeak === null
          ? null
          : {
              peakBytes: gpuPeak,
              devicePeakBytes: gpuPeak,
              baselineBytes: 0,
              frameworkPeakBytes: gpuPeak * 0.9,
              avgUtilPercent: 60,
              source: 'nvml',
              devices: ['GPU-synthetic'],
            },
      samples: { count: samples.length, intervalMs: 100, file: samplesName },
      job: {
        name: t.job,
        reported: !failure,
        framework: {
          name: 'torch',
          version: ['1.13.1', '2.6.0'][t.si % 2],
          python: ['3.11.2', '3.13.5'][t.si % 2],
          numpy: '1.26.4',
          blas: 'openblas',
          threads: 2,
          ...opts.frameworkOverrides?.[scenario],
        },
        phases: { loadSeconds: 0.2, trainSeconds: wall * 0.9 },
        metrics: {
          precision: 0.95 - 0.01 * t.si,
          recall: 0.9,
          f1: 0.924,
          edr: 0.41,
          ...opts.metricsOverrides?.[scenario],
        },
        throughput: { windowsPerSecond: 20000 / wall },
      },
      logFile: `${t.warmup ? 'warmup' : 'rep'}-${t.rep}.log`,
    };
    runs.push({ record, samples, file });
    index.push({ scenario, job: t.job, rep: t.rep, warmup: t.warmup, status: record.status, file });
  }
  const campaign: Campaign = {
    schemaVersion: CAMPAIGN_SCHEMA_VERSION,
    id,
    matrixFile: 'scenarios/synthetic.yaml',
    matrix: matrixSchema.parse({ name: 'synthetic', stacks, deployments, jobs, repetitions: reps }),
    host: testHost({
      ...DEFAULT_HOST,
      ...opts.host,
      cpu: { ...DEFAULT_HOST.cpu, ...opts.host?.cpu },
      os: { ...DEFAULT_HOST.os, ...opts.host?.os },
    }),
    harness: { version: '0.1.0', commit: null, node: process.version },
    images: Object.fromEntries(stacks.map((s) => [s, `sha256:${'cd'.repeat(32)}`])),
    startedAt: '2026-01-01T00:00:00.000Z',
    endedAt: '2026-01-01T02:00:00.000Z',
    state: 'complete',
    runs: index,
    warnings: opts.warnings ?? [],
  };
  return { campaign, runs };
}

/** Writes a synthetic campaign folder (campaign.json, run records, samples NDJSON); returns its path. */
export async function writeSyntheticCampaign(opts: SyntheticCampaignOptions): Promise<string> {
  const { campaign, runs } = syntheticCampaign(opts);
  for (const run of runs) {
    const file = join(opts.dir, run.file);
    await writeFileAtomic(
      join(dirname(file), run.record.samples.file ?? 'samples.ndjson'),
      run.samples.map((x) => JSON.stringify(x)).join('\n') + '\n',
    );
    await writeRunRecord(file, run.record);
  }
  await writeCampaign(opts.dir, campaign);
  return opts.dir;
}

/** A synthetic campaign as the report's pure builders take it (series downsampled like load.ts does). */
export function syntheticInput(opts: Omit<SyntheticCampaignOptions, 'dir'> & { dir?: string }): CampaignInput {
  const { campaign, runs } = syntheticCampaign(opts);
  return {
    dir: opts.dir ?? `/synthetic/${campaign.id}`,
    campaign,
    runs: runs.map((r) => ({
      record: r.record,
      series: r.record.warmup ? null : toSeries(r.samples, MAX_POINTS_PER_SERIES),
    })),
  };
}
