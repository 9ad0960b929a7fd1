import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { lineOf, type ParsedYaml } from '../core/yaml.ts';
import type { Matrix } from './schema.ts';
import { isUserWorkload, workloadJobs, type ReferenceWorkload } from './workload.ts';

async function isDir(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

type At = (path: (string | number)[], text: string) => void;

// workload.data: its files resolved against the matrix folder (stored absolute) and checked; not with dataDir.
async function checkData(w: ReferenceWorkload, base: string, at: At): Promise<void> {
  const d = w.data;
  if (!d) return;
  if (w.dataDir !== null)
    at(['workload', 'data'], 'give either dataDir (kv logs in a folder) or data (any format), not both');
  for (const key of ['train', 'infer', 'path', 'labels'] as const) {
    const given = d[key];
    if (given === undefined) continue;
    const abs = resolve(base, given);
    if (!(await isFile(abs)))
      at(['workload', 'data', key], `file ${abs} not found (paths are relative to the matrix file's folder, ${base})`);
    else d[key] = abs;
  }
}

/**
 * Checks of the workload that the schema cannot make: folders that must exist (resolved against the
 * matrix file's folder, and stored absolute so a campaign can be resumed from anywhere), job names the
 * workload knows. Returns the problems as `file:line field: ...` lines; rewrites the paths in place.
 */
export async function checkWorkload(matrix: Matrix, parsed: ParsedYaml, matrixFile: string): Promise<string[]> {
  const problems: string[] = [];
  const at: At = (path, text) => {
    problems.push(
      `${parsed.file}:${lineOf(parsed, path)} ${path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('')}: ${text}`,
    );
  };
  const w = matrix.workload;
  const base = dirname(resolve(matrixFile));
  if (isUserWorkload(w)) {
    for (const field of ['code', 'data'] as const) {
      const given = w[field];
      if (given === null) continue;
      const abs = resolve(base, given);
      if (!(await isDir(abs)))
        at(['workload', field], `folder ${abs} not found (paths are relative to the matrix file's folder, ${base})`);
      else w[field] = abs;
    }
  } else {
    if (w.dataDir !== null) {
      w.dataDir = resolve(base, w.dataDir);
      if (!(await isDir(w.dataDir)))
        at(
          ['workload', 'dataDir'],
          `folder ${w.dataDir} not found (paths are relative to the matrix file's folder, ${base})`,
        );
    }
    await checkData(w, base, at);
  }
  const known = workloadJobs(w);
  matrix.jobs.forEach((job, i) => {
    if (!known.includes(job)) {
      const hint = isUserWorkload(w)
        ? 'the jobs of workload.jobs'
        : `the reference workload's jobs; a workload of your own defines its jobs under workload.jobs`;
      at(['jobs', i], `expected one of ${known.join(', ')} (${hint}), found "${job}"`);
    }
  });
  return problems;
}
