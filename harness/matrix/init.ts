import { stat, writeFile, rm } from 'node:fs/promises';
import { basename, dirname, relative, resolve } from 'node:path';
import { HarnessError } from '../core/errors.ts';
import { displayPath } from '../core/paths.ts';
import { loadMatrix } from './load.ts';
import { JOB_NAME_RE } from './workload.ts';

/** What `deploybench init` is given. */
export interface InitOptions {
  code: string;
  data?: string;
  command: string[];
  job: string;
  name?: string;
  stacks: string[];
  prepare?: string[];
  output?: string;
  force?: boolean;
}

const isDir = (p: string): Promise<boolean> =>
  stat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );

/** The matrix text for a user's command: their code at /code (the working directory), data at /data. */
export function initMatrixText(o: InitOptions & { name: string }, outDir: string): string {
  const rel = (p: string): string => {
    const r = relative(outDir, resolve(p));
    return r === '' ? '.' : r;
  };
  // Flow lists as JSON (valid YAML): one line per command, as people write them.
  const q = (v: unknown): string => JSON.stringify(v);
  const lines = [
    `name: ${q(o.name)}`,
    `stacks: ${q(o.stacks)}`,
    'deployments: [bare-metal, container]',
    'workload:',
    `  name: ${q(o.name)}`,
    `  code: ${q(rel(o.code))}`,
    ...(o.data ? [`  data: ${q(rel(o.data))}`] : []),
    ...(o.prepare && o.prepare.length > 0 ? [`  prepare: ${q(o.prepare)}`] : []),
    '  jobs:',
    `    ${o.job}: ${q(o.command)}`,
    '  workdir: /code',
    'repetitions: 5',
  ];
  return [
    `# Made by \`deploybench init\`: your command on ${o.stacks.join(' and ')}, bare metal and in a container.`,
    '# Your code is read-only at /code (the working directory), your data at /data; write outputs to /out',
    '# (and /out/result.json with metrics, throughput and phases to see them in the report). Paths here are',
    '# relative to this file. More jobs: add them under workload.jobs. Fields: scenarios/matrix.schema.json.',
    ...lines,
    '',
  ].join('\n');
}

/** Writes a matrix file for the user's own command, validates it like any matrix, and returns its path. */
export async function initMatrix(o: InitOptions): Promise<string> {
  if (o.command.length === 0)
    throw new HarnessError('E_USAGE', 'init: no command given', {
      fix: 'deploybench init --code DIR -- CMD ARGS..., e.g. -- python3 train.py --epochs 3',
    });
  if (!(await isDir(o.code)))
    throw new HarnessError('E_NOT_FOUND', `init --code ${o.code}: folder not found`, {
      fix: 'give the folder holding your code (it appears read-only at /code)',
    });
  if (o.data && !(await isDir(o.data)))
    throw new HarnessError('E_NOT_FOUND', `init --data ${o.data}: folder not found`, {
      fix: 'give the folder holding your data (it appears read-only at /data), or leave --data out',
    });
  if (!JOB_NAME_RE.test(o.job))
    throw new HarnessError(
      'E_USAGE',
      `init --job ${o.job}: expected a job name of letters, digits, dots, dashes or underscores`,
      { fix: 'e.g. --job train' },
    );
  const name = (o.name ?? basename(resolve(o.code))).replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 64) || 'my-workload';
  const file = resolve(o.output ?? `${name}.yaml`);
  if (
    !o.force &&
    (await stat(file).then(
      () => true,
      () => false,
    ))
  )
    throw new HarnessError('E_USAGE', `${displayPath(file)} exists`, {
      fix: 'give another file with -o, or --force to overwrite it',
    });
  await writeFile(file, initMatrixText({ ...o, name }, dirname(file)));
  try {
    await loadMatrix(file);
  } catch (error) {
    await rm(file, { force: true });
    throw error;
  }
  return file;
}
