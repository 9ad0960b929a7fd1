import type { Matrix } from '../matrix/schema.ts';

/** Folders as the job sees them. */
export interface JobPaths {
  data: string;
  out: string;
}

/**
 * The workload's command line: identical in every deployment (only the interpreter differs for
 * `host`). Infer uses the campaign's reference model, stored with the data.
 */
export function workloadCommand(python: string, job: string, matrix: Matrix, p: JobPaths): string[] {
  const w = matrix.workload;
  const args = [python, '-m', 'deploybench_workload', job, '--data', p.data, '--out', p.out, '--preset', w.preset, '--seed', String(w.seed), '--device', w.device];
  if (w.threads !== null) args.push('--threads', String(w.threads));
  if (job === 'infer') args.push('--model', `${p.data}/model`);
  return args;
}

/** The data generation command (run once per campaign, not measured). */
export function generateCommand(python: string, matrix: Matrix, out: string): string[] {
  return [python, '-m', 'deploybench_workload', 'generate', '--out', out, '--preset', matrix.workload.preset, '--seed', String(matrix.workload.seed)];
}
