import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
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

/** Reads what the job reported (result.json in its output folder); null when it wrote nothing readable. */
export async function readJobResult(outDir: string | null): Promise<Record<string, unknown> | null> {
  if (!outDir) return null;
  try {
    const value: unknown = JSON.parse(await readFile(join(outDir, 'result.json'), 'utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Builds a run record from an executor's outcome and the job's own report. */
export function buildRecord(id: RunIdentity, outcome: RunOutcome, reported: Record<string, unknown> | null, files: { samples: string | null; log: string | null }): RunRecord {
  const { schemaVersion: _v, job: _j, ...rest } = reported ?? {};
  const job: JobReport = { ...rest, name: id.job, reported: reported !== null };
  const gpu = outcome.sampling.gpu;
  const frameworkPeak = (reported?.gpu as { frameworkPeakBytes?: unknown } | undefined)?.frameworkPeakBytes;
  return {
    schemaVersion: SCHEMA_VERSION,
    status: outcome.status,
    exitCode: outcome.exitCode,
    signal: outcome.signal,
    error: outcome.error,
    campaign: id.campaign,
    scenario: id.scenario,
    stack: id.stack,
    deployment: id.deployment,
    executor: id.executor,
    rep: id.rep,
    warmup: id.warmup,
    image: id.image,
    command: outcome.command,
    startedAt: outcome.startedAt,
    endedAt: outcome.endedAt,
    wallSeconds: outcome.wallSeconds,
    launchOverheadSeconds: outcome.launchOverheadSeconds,
    cpu: outcome.sampling.cpu,
    memory: outcome.sampling.memory,
    gpu: gpu ? { ...gpu, frameworkPeakBytes: typeof frameworkPeak === 'number' ? frameworkPeak : gpu.frameworkPeakBytes } : null,
    samples: { count: outcome.sampling.samples.length, intervalMs: outcome.sampling.intervalMs, file: files.samples },
    job,
    logFile: files.log,
  };
}

/** The record of a run the host cannot execute (e.g. a GPU stack without a suitable GPU): no figures, only the reason. */
export function unsupportedRecord(id: RunIdentity, reason: string, command: string[]): RunRecord {
  const now = new Date().toISOString();
  return {
    schemaVersion: SCHEMA_VERSION, status: 'unsupported', exitCode: null, signal: null, error: reason,
    campaign: id.campaign, scenario: id.scenario, stack: id.stack, deployment: id.deployment, executor: id.executor, rep: id.rep, warmup: id.warmup, image: id.image,
    command, startedAt: now, endedAt: now, wallSeconds: 0,
    cpu: { avgPercent: null, maxPercent: null, maxWindowSeconds: 1, userSeconds: null, systemSeconds: null, totalSeconds: null, hostAvgPercent: null, hostMaxPercent: null },
    memory: { peakBytes: null, avgBytes: null, cgroupPeakBytes: null, oomKills: 0 },
    gpu: null,
    samples: { count: 0, intervalMs: 0, file: null },
    job: { name: id.job, reported: false },
    logFile: null,
  };
}
