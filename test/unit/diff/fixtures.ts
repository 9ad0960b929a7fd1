// Builders of run records and campaigns for the diff tests (unit and integration); no disk access.
import { matrixSchema } from '../../../harness/matrix/schema.ts';
import { CAMPAIGN_SCHEMA_VERSION, type Campaign } from '../../../harness/results/campaign.ts';
import type { HostFingerprint } from '../../../harness/sampling/fingerprint-schema.ts';
import { testHost } from '../../helpers/host-fingerprint.ts';
import type { RunRecord } from '../../../harness/results/schema.ts';
import type { DiffSide } from '../../../harness/diff/types.ts';

/** Fields of a test run record; everything else gets a plausible default. */
export interface RecordSpec {
  stack: string;
  deployment?: 'container' | 'bare-metal';
  job?: 'train' | 'infer';
  rep?: number;
  status?: RunRecord['status'];
  warmup?: boolean;
  wallSeconds?: number;
  cpuAvgPercent?: number;
  cpuMaxPercent?: number;
  peakBytes?: number | null;
  gpuPeakBytes?: number | null;
  windowsPerSecond?: number;
  framework?: Record<string, unknown>;
  intervalMs?: number;
  campaign?: string;
}

/** A valid run record (schemaVersion 1). */
export function makeRecord(s: RecordSpec): RunRecord {
  const deployment = s.deployment ?? 'container';
  const job = s.job ?? 'train';
  const wall = s.wallSeconds ?? 10;
  return {
    schemaVersion: 1,
    status: s.status ?? 'ok',
    exitCode: (s.status ?? 'ok') === 'ok' ? 0 : 1,
    signal: null,
    error: (s.status ?? 'ok') === 'ok' ? null : 'failed on purpose',
    campaign: s.campaign ?? 'test',
    scenario: `${s.stack}@${deployment}`,
    stack: s.stack,
    deployment,
    executor: deployment,
    rep: s.rep ?? 1,
    warmup: s.warmup ?? false,
    image: `deploybench/${s.stack}:0123456789ab`,
    command: ['python3', '-m', 'workload', job],
    startedAt: '2026-11-29T05:00:00.000Z',
    endedAt: '2026-11-29T05:00:10.000Z',
    wallSeconds: wall,
    cpu: {
      avgPercent: s.cpuAvgPercent ?? 150,
      maxPercent: s.cpuMaxPercent ?? 199,
      maxWindowSeconds: 1,
      userSeconds: wall * 1.4,
      systemSeconds: wall * 0.1,
      totalSeconds: wall * 1.5,
      hostAvgPercent: (s.cpuAvgPercent ?? 150) / 2,
      hostMaxPercent: (s.cpuMaxPercent ?? 199) / 2,
    },
    memory: {
      peakBytes: s.peakBytes === undefined ? 500e6 : s.peakBytes,
      avgBytes: 400e6,
      cgroupPeakBytes: 600e6,
      oomKills: 0,
    },
    gpu:
      s.gpuPeakBytes === undefined || s.gpuPeakBytes === null
        ? null
        : {
            peakBytes: s.gpuPeakBytes,
            devicePeakBytes: s.gpuPeakBytes,
            baselineBytes: 0,
            frameworkPeakBytes: s.gpuPeakBytes,
            avgUtilPercent: 50,
            source: 'nvml',
            devices: ['GPU-0'],
          },
    samples: { count: Math.round(wall * 10), intervalMs: s.intervalMs ?? 100, file: null },
    job: {
      name: job,
      reported: true,
      framework: s.framework ?? { version: '2.6.0', python: '3.13.1', numpy: '2.2.4', threads: 2 },
      ...(s.windowsPerSecond === undefined ? {} : { throughput: { windowsPerSecond: s.windowsPerSecond } }),
    },
    logFile: null,
  };
}

/** A typed host fingerprint (campaign.json `host`) with the fields the diff tests vary. */
export function makeHost(over: {
  hostname: string;
  cpuModel?: string;
  cores?: number;
  driver?: string | null;
  cgroup?: 1 | 2;
}): HostFingerprint {
  return testHost({
    hostname: over.hostname,
    os: { distro: 'Debian GNU/Linux', release: '12', kernel: '6.1.0-18-amd64' },
    cpu: {
      model: over.cpuModel ?? 'Intel(R) Xeon(R) CPU E5-2680 v4',
      logicalCpus: over.cores ?? 2,
      physicalCores: over.cores ?? 2,
    },
    memoryTotalBytes: 8 * 1024 ** 3,
    gpus: over.driver
      ? [
          {
            name: 'NVIDIA H200',
            uuid: null,
            memoryTotalBytes: null,
            driverVersion: over.driver,
            computeCapability: null,
            source: 'nvml',
          },
        ]
      : [],
    docker: { version: '20.10.24', apiVersion: '1.41', cgroupDriver: 'cgroupfs', storageDriver: 'overlay2' },
    cgroupVersion: over.cgroup ?? 1,
  });
}

/** A valid campaign.json for the given records. */
export function makeCampaign(
  id: string,
  host: HostFingerprint,
  records: readonly RunRecord[],
  preset: 'tiny' | 'small' | 'paper' = 'small',
): Campaign {
  return {
    schemaVersion: CAMPAIGN_SCHEMA_VERSION,
    id,
    matrixFile: 'scenarios/paper-cpu.yaml',
    matrix: matrixSchema.parse({
      name: 'paper-cpu',
      stacks: [...new Set(records.map((r) => r.stack ?? 'unknown'))],
      deployments: [...new Set(records.map((r) => r.deployment))],
      workload: { preset, seed: 42 },
      repetitions: 5,
      sampling: { intervalMs: 100 },
    }),
    host,
    harness: { version: '0.1.0', commit: 'abcdef0123456789', node: 'v20.20.2' },
    images: {},
    startedAt: '2026-11-29T05:00:00.000Z',
    endedAt: '2026-11-29T06:00:00.000Z',
    state: 'complete',
    runs: records.map((r) => ({
      scenario: r.scenario,
      job: r.job.name,
      rep: r.rep,
      warmup: r.warmup,
      status: r.status,
      file: `runs/${r.scenario}/${r.job.name}/${r.warmup ? 'warmup' : 'rep'}-${r.rep}.json`,
    })),
    warnings: [],
  };
}

/** Spread of repeated runs around their centre: a few percent, as on a quiet machine. */
export const SPREAD = [0.97, 1.01, 1.04, 0.99, 1.02] as const;

/** Records for stacks x deployments x jobs x SPREAD.length reps, with per-scenario centres. */
export function makeMatrixRecords(
  opts: { stacks?: string[]; scale?: { wall?: number; memory?: number }; campaign?: string } = {},
): RunRecord[] {
  const stacks = opts.stacks ?? ['torch-1.13-debian12', 'torch-2.6-debian13'];
  const out: RunRecord[] = [];
  stacks.forEach((stack, si) => {
    for (const deployment of ['bare-metal', 'container'] as const) {
      for (const job of ['train', 'infer'] as const) {
        SPREAD.forEach((f, i) => {
          const baseWall = (job === 'train' ? 23 : 4) / (si + 1) + (deployment === 'container' ? 0.3 : 0);
          out.push(
            makeRecord({
              stack,
              deployment,
              job,
              rep: i + 1,
              campaign: opts.campaign,
              wallSeconds: baseWall * f * (opts.scale?.wall ?? 1),
              cpuAvgPercent: 150 * SPREAD[(i + 2) % SPREAD.length]!,
              cpuMaxPercent: 199 * SPREAD[(i + 1) % SPREAD.length]!,
              peakBytes: (600 + 150 * si) * 1e6 * SPREAD[(i + 3) % SPREAD.length]! * (opts.scale?.memory ?? 1),
              windowsPerSecond: 5000 * SPREAD[(i + 4) % SPREAD.length]!,
              framework: { version: si === 0 ? '1.13.1' : '2.6.0', python: si === 0 ? '3.11.2' : '3.13.1', threads: 2 },
            }),
          );
        });
      }
    }
  });
  return out;
}

/** One side of a diff from records. */
export function makeSide(
  label: string,
  records: readonly RunRecord[],
  host: HostFingerprint = makeHost({ hostname: label }),
  preset: 'tiny' | 'small' | 'paper' = 'small',
): DiffSide {
  return { label, campaign: makeCampaign(label, host, records, preset), records };
}
