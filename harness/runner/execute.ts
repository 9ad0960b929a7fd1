import { mkdir, readFile, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Executor, RunOutcome } from '../executors/types.ts';
import type { Matrix } from '../matrix/schema.ts';
import { isUserWorkload } from '../matrix/workload.ts';
import { readJobResultFile } from '../results/job-result.ts';
import { runRecordPath, writeRunRecord } from '../results/store.ts';
import type { RunRecord } from '../results/schema.ts';
import { writeSamplesNdjson } from '../sampling/ndjson.ts';
import { jobInvocation } from './job-command.ts';
import { buildRecord } from './record.ts';
import type { PlannedRun } from './plan.ts';

/** Everything needed to execute one planned run of a campaign. */
export interface ExecuteContext {
  campaignId: string;
  campaignDir: string;
  /** Host folder at /data (the reference workload's generated data, or the user's data folder). */
  dataDir: string | null;
  /** Host folder at /shared (what the stack's `prepare` wrote), or null. */
  shared: string | null;
  /** The scenario's framework fingerprint from the harness's probe, for jobs that do not report one. */
  framework: Record<string, unknown> | null;
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

/** The last lines of a log file (for the records and reports of runs that failed). */
export async function logTail(file: string, lines = 15): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((l, i, all) => l !== '' || i < all.length - 1)
    .slice(-lines);
}

// Where one run's files go, beside its record: the record, its output folder, its log and its samples.
interface RunFiles {
  /** The run record (rep-<n>.json). */
  file: string;
  outDir: string;
  logFile: string;
  /** File name of the samples, beside the record. */
  samplesName: string;
}

// The run's files, with its output folder emptied and its old log removed (a retried run starts clean).
async function freshRunFiles(ctx: ExecuteContext, run: PlannedRun): Promise<RunFiles> {
  const file = runRecordPath(ctx.campaignDir, run.scenario, run.job, run.rep, run.warmup);
  const stem = basename(file, '.json');
  const outDir = join(dirname(file), `${stem}.out`);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const logFile = join(dirname(file), `${stem}.log`);
  await rm(logFile, { force: true });
  return { file, outDir, logFile, samplesName: `${stem}.samples.ndjson` };
}

// Starts the job on the scenario's executor, with the matrix's limits, and waits for its outcome.
async function launch(ctx: ExecuteContext, run: PlannedRun, f: RunFiles): Promise<RunOutcome> {
  const inv = jobInvocation(ctx.matrix, run.job, {
    python: ctx.python,
    dataDir: ctx.dataDir,
    outDir: f.outDir,
    shared: ctx.shared,
    paths: (m) => ctx.executor.jobPaths(m),
  });
  return ctx.executor.run(
    {
      scenario: run.scenario,
      command: inv.command,
      env: inv.env,
      mounts: inv.mounts,
      binds: inv.binds,
      workdir: inv.workdir,
      timeoutMs: ctx.matrix.timeoutSeconds * 1000,
      intervalMs: ctx.matrix.sampling.intervalMs,
      gpu: ctx.matrix.gpu,
      network: ctx.matrix.network,
      cpuset: ctx.matrix.cpuset,
      logFile: f.logFile,
      onOutput: ctx.onOutput,
      runId: runId(`${run.stack}-${run.deployment}-${run.job}`),
    },
    ctx.signal,
  );
}

// The run record from the outcome and what the job reported in result.json.
function recordOf(
  ctx: ExecuteContext,
  run: PlannedRun,
  f: RunFiles,
  outcome: RunOutcome,
  reported: Awaited<ReturnType<typeof readJobResultFile>>,
): RunRecord {
  const record = buildRecord(
    {
      campaign: ctx.campaignId,
      scenario: run.scenario,
      stack: run.stack,
      deployment: run.deployment,
      executor: ctx.executor.name,
      image: ctx.executor.image,
      job: run.job,
      rep: run.rep,
      warmup: run.warmup,
    },
    outcome,
    reported.value,
    { samples: f.samplesName, log: basename(f.logFile) },
    reported.warnings,
  );
  if (!record.job.framework && ctx.framework) {
    record.job.framework = ctx.framework;
    record.job.frameworkSource = 'probe';
  }
  // The reference job that exits 0 without its result file did not do its work; a user job need not write one.
  if (record.status === 'ok' && !record.job.reported && !isUserWorkload(ctx.matrix.workload)) {
    record.status = 'failed';
    record.error = reported.present
      ? `the job exited 0 but its result.json could not be used (${reported.warnings.join('; ')})`
      : `the job exited 0 but wrote no result.json (see ${basename(f.logFile)})`;
  }
  return record;
}

/** Executes one planned run and writes its record, samples and log beside each other; returns the record and its path. */
export async function executeRun(ctx: ExecuteContext, run: PlannedRun): Promise<{ record: RunRecord; file: string }> {
  const f = await freshRunFiles(ctx, run);
  const outcome = await launch(ctx, run, f);
  await writeSamplesNdjson(join(dirname(f.file), f.samplesName), outcome.sampling.samples);
  const record = recordOf(ctx, run, f, outcome, await readJobResultFile(f.outDir));
  if (record.status !== 'ok') record.logTail = await logTail(f.logFile);
  await writeRunRecord(f.file, record);
  return { record, file: f.file };
}
