import { mkdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Executor } from '../executors/types.ts';
import type { Matrix } from '../matrix/schema.ts';
import { runRecordPath, writeRunRecord } from '../results/store.ts';
import type { RunRecord } from '../results/schema.ts';
import { writeSamplesNdjson } from '../sampling/ndjson.ts';
import { workloadCommand } from './job-command.ts';
import { buildRecord, readJobResult } from './record.ts';
import type { PlannedRun } from './plan.ts';

/** Everything needed to execute one planned run of a campaign. */
export interface ExecuteContext {
  campaignId: string;
  campaignDir: string;
  dataDir: string;
  matrix: Matrix;
  executor: Executor;
  python: string;
  signal: AbortSignal;
  onOutput?: (line: string) => void;
}

let seq = 0;

/** A unique id for a run's cgroup and container. */
export function runId(prefix: string): string {
  return `${prefix.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 40)}-${process.pid}-${Date.now().toString(36)}-${++seq}`;
}

/** Executes one planned run and writes its record, samples and log beside each other; returns the record and its path. */
export async function executeRun(ctx: ExecuteContext, run: PlannedRun): Promise<{ record: RunRecord; file: string }> {
  const file = runRecordPath(ctx.campaignDir, run.scenario, run.job, run.rep, run.warmup);
  const stem = basename(file, '.json');
  const outDir = join(dirname(file), `${stem}.out`);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const mounts = { dataDir: ctx.dataDir, outDir };
  const command = workloadCommand(ctx.python, run.job, ctx.matrix, ctx.executor.jobPaths(mounts));
  const logFile = join(dirname(file), `${stem}.log`);
  await rm(logFile, { force: true });
  const outcome = await ctx.executor.run(
    {
      scenario: run.scenario,
      command,
      env: {},
      mounts,
      timeoutMs: ctx.matrix.timeoutSeconds * 1000,
      intervalMs: ctx.matrix.sampling.intervalMs,
      gpu: ctx.matrix.gpu,
      network: ctx.matrix.network,
      cpuset: ctx.matrix.cpuset,
      logFile,
      onOutput: ctx.onOutput,
      runId: runId(`${run.stack}-${run.deployment}-${run.job}`),
    },
    ctx.signal,
  );
  const samplesName = `${stem}.samples.ndjson`;
  await writeSamplesNdjson(join(dirname(file), samplesName), outcome.sampling.samples);
  const reported = await readJobResult(outDir);
  const record = buildRecord(
    { campaign: ctx.campaignId, scenario: run.scenario, stack: run.stack, deployment: run.deployment, executor: ctx.executor.name, image: ctx.executor.image, job: run.job, rep: run.rep, warmup: run.warmup },
    outcome,
    reported,
    { samples: samplesName, log: basename(logFile) },
  );
  // A job that exits 0 without its result file did not do its work.
  if (record.status === 'ok' && !record.job.reported) {
    record.status = 'failed';
    record.error = `the job exited 0 but wrote no result.json (see ${basename(logFile)})`;
  }
  await writeRunRecord(file, record);
  return { record, file };
}
