import { join } from 'node:path';
import type { BindMount, JobMounts } from '../executors/types.ts';
import type { Matrix } from '../matrix/schema.ts';
import { isUserWorkload, WORKLOAD_PATHS, type ReferenceWorkload, type UserWorkload } from '../matrix/workload.ts';

/** Folders as the job sees them. */
export interface JobPaths {
  data: string;
  out: string;
}

/** How one job is started, identical in every deployment. */
export interface JobInvocation {
  command: string[];
  env: Record<string, string>;
  workdir: string | null;
  mounts: JobMounts;
  binds: BindMount[];
}

/** The reference workload of a matrix (callers check `isUserWorkload` first). */
export function referenceOf(matrix: Matrix): ReferenceWorkload {
  if (isUserWorkload(matrix.workload))
    throw new Error('the reference workload was expected here, not a user workload (a bug)');
  return matrix.workload;
}

/**
 * The reference workload's command line: identical in every deployment (only the interpreter differs
 * for `host`). Infer uses the campaign's reference model, stored with the data.
 */
export function workloadCommand(python: string, job: string, matrix: Matrix, p: JobPaths): string[] {
  const w = referenceOf(matrix);
  const args = [
    python,
    '-m',
    'deploybench_workload',
    job,
    '--data',
    p.data,
    '--out',
    p.out,
    '--preset',
    w.preset,
    '--seed',
    String(w.seed),
    '--device',
    w.device,
  ];
  if (w.threads !== null) args.push('--threads', String(w.threads));
  args.push(...evaluationArgs(job, w));
  if (job === 'infer') args.push('--model', `${p.data}/model`);
  return args;
}

// g for both jobs; h only for train (infer reads the window the model was trained with from vocab.json).
function evaluationArgs(job: string, w: ReferenceWorkload): string[] {
  const g = ['--topg', String(w.evaluation.topg)];
  return job === 'train' ? [...g, '--window', String(w.evaluation.window)] : g;
}

/** The data generation command (run once per campaign, not measured). */
export function generateCommand(python: string, matrix: Matrix, out: string): string[] {
  const w = referenceOf(matrix);
  return [
    python,
    '-m',
    'deploybench_workload',
    'generate',
    '--out',
    out,
    '--preset',
    w.preset,
    '--seed',
    String(w.seed),
  ];
}

/** Folder of a stack's `prepare` output inside a campaign (read-only at /shared for its jobs). */
export function sharedDir(campaignDir: string, stack: string): string {
  return join(campaignDir, 'shared', stack);
}

/** The folders of a user workload as binds: /code read-only, /shared (read-only for jobs, writable for prepare). */
export function userBinds(w: UserWorkload, shared: string | null, sharedWritable: boolean): BindMount[] {
  const binds: BindMount[] = [{ host: w.code, path: WORKLOAD_PATHS.code, readOnly: true }];
  if (shared) binds.push({ host: shared, path: WORKLOAD_PATHS.shared, readOnly: !sharedWritable });
  return binds;
}

/**
 * How a job of the matrix's workload is started: the reference workload's own command line, or the
 * user's argv with the workload's env and workdir, their code at /code, data at /data, prepare's output at /shared.
 */
export function jobInvocation(
  matrix: Matrix,
  job: string,
  ctx: {
    python: string;
    dataDir: string | null;
    outDir: string;
    shared: string | null;
    paths: (m: JobMounts) => JobPaths;
  },
): JobInvocation {
  const w = matrix.workload;
  if (!isUserWorkload(w)) {
    const mounts = { dataDir: ctx.dataDir, outDir: ctx.outDir };
    return {
      command: workloadCommand(ctx.python, job, matrix, ctx.paths(mounts)),
      env: {},
      workdir: null,
      mounts,
      binds: [],
    };
  }
  const argv = w.jobs[job];
  if (!argv) throw new Error(`job ${job} is not in workload.jobs (the matrix loader checks this; a bug)`);
  return {
    command: [...argv],
    env: { ...w.env },
    workdir: w.workdir,
    mounts: { dataDir: w.data, outDir: ctx.outDir },
    binds: userBinds(w, ctx.shared, false),
  };
}
