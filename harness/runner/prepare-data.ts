import { constants } from 'node:fs';
import { copyFile, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { errorMessage, HarnessError } from '../core/errors.ts';
import type { Executor } from '../executors/types.ts';
import type { Matrix } from '../matrix/schema.ts';
import type { ReferenceWorkload } from '../matrix/workload.ts';
import { splitOf, type WorkloadData } from '../matrix/workload-data.ts';
import { generateCommand, referenceOf, workloadCommand } from './job-command.ts';
import { runId } from './execute.ts';

async function runUnmeasured(
  executor: Executor,
  command: (p: { data: string; out: string }) => string[],
  mounts: { dataDir: string | null; outDir: string },
  matrix: Matrix,
  logFile: string,
  what: string,
  signal: AbortSignal,
): Promise<void> {
  const outcome = await executor.run(
    {
      scenario: 'prepare',
      command: command(executor.jobPaths(mounts)),
      env: {},
      mounts,
      timeoutMs: matrix.timeoutSeconds * 1000,
      intervalMs: 1000,
      gpu: matrix.gpu,
      network: matrix.network,
      cpuset: null,
      logFile,
      runId: runId('prepare'),
    },
    signal,
  );
  if (outcome.status !== 'ok') {
    const tail = (await readFile(logFile, 'utf8').catch(() => '')).split('\n').slice(-15).join('\n');
    throw new HarnessError(
      'E_PREPARE_FAILED',
      `${what} failed (${outcome.error ?? outcome.status})\n--- last lines of ${logFile} ---\n${tail}`,
      { fix: 'fix the cause above, then continue with `deploybench run --resume <campaign folder>`' },
    );
  }
}

// A copy, never a link: a live log that keeps growing must not change the campaign's data. A
// reflink (copy-on-write clone) where the file system offers one, so a multi-GB log costs no space.
async function place(from: string, to: string): Promise<void> {
  await copyFile(from, to, constants.COPYFILE_FICLONE);
}

/** The name a data file gets in the campaign's data folder: its role and its extension (e.g. log.json). */
export function dataFileName(role: 'train' | 'infer' | 'path' | 'labels', file: string): string {
  const ext = extname(basename(file));
  const safe = /^\.[A-Za-z0-9]{1,10}$/.test(ext) ? ext : '';
  if (role === 'labels') return safe === '.json' ? 'labels.json' : `labels${safe || '.txt'}`;
  return `${role === 'path' ? 'log' : role}${safe || '.log'}`;
}

/**
 * The workload's dataset.json for `workload.data` (file names inside the data folder); the same bytes
 * reach every deployment, which reads the logs through it.
 */
export function datasetJson(d: WorkloadData): string {
  const doc: Record<string, unknown> = { format: d.format };
  for (const role of ['train', 'infer', 'path', 'labels'] as const) {
    const f = d[role];
    if (f !== undefined) doc[role] = dataFileName(role, f);
  }
  if (d.mapping) doc.mapping = d.mapping;
  if (d.internal) doc.internal = d.internal;
  doc.split = splitOf(d);
  return `${JSON.stringify(doc, null, 1)}\n`;
}

// The user's logs into the campaign's data folder: workload.data (any format, with dataset.json) or dataDir (kv).
async function copyUserData(w: ReferenceWorkload, dataDir: string, info: (line: string) => void): Promise<void> {
  const d = w.data;
  if (d) {
    info(`copying the ${d.format} logs of workload.data`);
    for (const role of ['train', 'infer', 'path', 'labels'] as const) {
      const f = d[role];
      if (f === undefined) continue;
      await place(f, join(dataDir, dataFileName(role, f))).catch((cause: unknown) => {
        throw new HarnessError('E_PREPARE_FAILED', `${f}: cannot read (${errorMessage(cause)})`, {
          fix: `check workload.data.${role} in the matrix (a readable file)`,
          cause,
        });
      });
    }
    await writeFile(join(dataDir, 'dataset.json'), datasetJson(d));
    return;
  }
  const from = w.dataDir!;
  info(`copying the logs of ${from}`);
  for (const f of ['train.log', 'infer.log', 'labels.json']) {
    await copyFile(join(from, f), join(dataDir, f)).catch((cause: unknown) => {
      if (f === 'labels.json') return;
      throw new HarnessError('E_PREPARE_FAILED', `${join(from, f)}: cannot read (${errorMessage(cause)})`, {
        fix: 'workload.dataDir must hold train.log and infer.log (labels.json optional)',
        cause,
      });
    });
  }
}

/** One scenario that can make the data: its executor (prepared on demand) and interpreter. */
export interface DataMaker {
  label: string;
  executor: () => Promise<Executor>;
  python: string;
}

/**
 * Makes the campaign's data once, shared read-only by every scenario: generated logs (or a copy of the
 * user's own), and the reference model that every infer job loads. The first scenario that can do it
 * does it; when one fails (a broken stack), the next one is tried.
 */
export async function prepareData(
  campaignDir: string,
  matrix: Matrix,
  makers: DataMaker[],
  signal: AbortSignal,
  info: (line: string) => void,
): Promise<string> {
  const dataDir = join(campaignDir, 'data');
  if (
    await stat(join(dataDir, '.complete')).then(
      () => true,
      () => false,
    )
  )
    return dataDir;
  const failures: string[] = [];
  let last: unknown;
  for (const m of makers) {
    try {
      await makeData(campaignDir, dataDir, matrix, await m.executor(), m.python, signal, info);
      return dataDir;
    } catch (error) {
      if (signal.aborted) throw error;
      failures.push(`${m.label}: ${errorMessage(error)}`);
      last = error;
      info(`data preparation failed with ${m.label}; trying the next scenario`);
    }
  }
  throw new HarnessError('E_PREPARE_FAILED', `no scenario could prepare the data:\n${failures.join('\n')}`, {
    fix: 'fix the cause above, then continue with `deploybench run --resume <campaign folder>`',
    cause: last,
  });
}

async function makeData(
  campaignDir: string,
  dataDir: string,
  matrix: Matrix,
  executor: Executor,
  python: string,
  signal: AbortSignal,
  info: (line: string) => void,
): Promise<void> {
  const w = referenceOf(matrix);
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });
  const logFile = join(campaignDir, 'prepare.log');
  if (w.dataDir || w.data) {
    await copyUserData(w, dataDir, info);
  } else {
    info(`generating ${w.preset} data (seed ${w.seed}) with ${executor.name}`);
    await runUnmeasured(
      executor,
      (p) => generateCommand(python, matrix, p.out),
      { dataDir: null, outDir: dataDir },
      matrix,
      logFile,
      'data generation',
      signal,
    );
  }
  const modelDir = join(dataDir, 'model');
  await mkdir(modelDir, { recursive: true });
  if (matrix.jobs.includes('infer')) {
    info('training the reference model that every infer job loads (not measured)');
    await runUnmeasured(
      executor,
      (p) => workloadCommand(python, 'train', matrix, p),
      { dataDir, outDir: modelDir },
      matrix,
      logFile,
      'reference model training',
      signal,
    );
  }
  await writeFile(join(dataDir, '.complete'), `${new Date().toISOString()}\n`);
}
