import type { RunOutcome } from '../executors/types.ts';
import { SCHEMA_VERSION, type JobReport, type RunRecord } from '../results/schema.ts';

/** Identity of a run, for its record. */
export interface RunIdentity {
  campaign: string | null;
  scenario: string;
  stack: string | null;
  deployment: RunRecord['deployment'];
  executor: string;
  image: string | null;
  job: string;
  rep: number;
  warmup: boolean;
}

// The identity part of a record, in the record's field order (job is the record's own job report).
function identityFields(id: RunIdentity) {
  const { campaign, scenario, stack, deployment, executor, rep, warmup, image } = id;
  return { campaign, scenario, stack, deployment, executor, rep, warmup, image };
}

/** Builds a run record from an executor's outcome and the job's own report. */
export function buildRecord(
  id: RunIdentity,
  outcome: RunOutcome,
  reported: Record<string, unknown> | null,
  files: { samples: string | null; log: string | null },
  warnings: string[] = [],
): RunRecord {
  const { schemaVersion: _v, job: _j, name: _n, reported: _r, ...rest } = reported ?? {};
  const job: JobReport = {
    ...rest,
    name: id.job,
    reported: reported !== null,
    ...(rest.framework ? { frameworkSource: 'job' as const } : {}),
  };
  const gpu = outcome.sampling.gpu;
  const frameworkPeak = (reported?.gpu as { frameworkPeakBytes?: unknown } | undefined)?.frameworkPeakBytes;
  return {
    schemaVersion: SCHEMA_VERSION,
    status: outcome.status,
    exitCode: outcome.exitCode,
    signal: outcome.signal,
    error: outcome.error,
    ...identityFields(id),
    command: outcome.command,
    startedAt: outcome.startedAt,
    endedAt: outcome.endedAt,
    wallSeconds: outcome.wallSeconds,
    launchOverheadSeconds: outcome.launchOverheadSeconds,
    cpu: outcome.sampling.cpu,
    memory: outcome.sampling.memory,
    ...(outcome.sampling.noise ? { noise: outcome.sampling.noise } : {}),
    gpu: gpu
      ? { ...gpu, frameworkPeakBytes: typeof frameworkPeak === 'number' ? frameworkPeak : gpu.frameworkPeakBytes }
      : null,
    samples: { count: outcome.sampling.samples.length, intervalMs: outcome.sampling.intervalMs, file: files.samples },
    job,
    logFile: files.log,
    ...(warnings.length > 0 ? { warnings } : {}),
    filesystemWrites: outcome.filesystemWrites,
    ...(outcome.hostDriver ? { hostDriver: outcome.hostDriver } : {}),
  };
}

/** The record of a run that never started: unsupported here, or failed before it (its stack's prepare failed). */
export function notRunRecord(
  id: RunIdentity,
  status: 'unsupported' | 'failed',
  reason: string,
  command: string[],
): RunRecord {
  const now = new Date().toISOString();
  return {
    schemaVersion: SCHEMA_VERSION,
    status,
    exitCode: null,
    signal: null,
    error: reason,
    ...identityFields(id),
    command,
    startedAt: now,
    endedAt: now,
    wallSeconds: 0,
    cpu: {
      avgPercent: null,
      maxPercent: null,
      maxWindowSeconds: 1,
      userSeconds: null,
      systemSeconds: null,
      totalSeconds: null,
      hostAvgPercent: null,
      hostMaxPercent: null,
    },
    memory: {
      peakBytes: null,
      avgBytes: null,
      rssPeakBytes: null,
      rssAvgBytes: null,
      cgroupPeakBytes: null,
      oomKills: 0,
    },
    gpu: null,
    samples: { count: 0, intervalMs: 0, file: null },
    job: { name: id.job, reported: false },
    logFile: null,
  };
}
