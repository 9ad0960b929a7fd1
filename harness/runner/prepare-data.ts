import { copyFile, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HarnessError } from '../core/errors.ts';
import type { Executor } from '../executors/types.ts';
import type { Matrix } from '../matrix/schema.ts';
import { generateCommand, workloadCommand } from './job-command.ts';
import { runId } from './execute.ts';

async function runUnmeasured(executor: Executor, command: (p: { data: string; out: string }) => string[], mounts: { dataDir: string | null; outDir: string }, matrix: Matrix, logFile: string, what: string, signal: AbortSignal): Promise<void> {
  const outcome = await executor.run(
    { scenario: 'prepare', command: command(executor.jobPaths(mounts)), env: {}, mounts, timeoutMs: matrix.timeoutSeconds * 1000, intervalMs: 1000, gpu: matrix.gpu, network: matrix.network, cpuset: null, logFile, runId: runId('prepare') },
    signal,
  );
  if (outcome.status !== 'ok') {
    const tail = (await readFile(logFile, 'utf8').catch(() => '')).split('\n').slice(-15).join('\n');
    throw new HarnessError('E_PREPARE_FAILED', `${what} failed (${outcome.error ?? outcome.status})\n--- last lines of ${logFile} ---\n${tail}`, { fix: 'fix the cause above, then continue with `deploybench run --resume <campaign folder>`' });
  }
}

/**
 * Makes the campaign's data once, shared read-only by every scenario: generated logs (or a copy of the
 * user's own), and the reference model that every infer job loads, trained by the first scenario.
 */
export async function prepareData(campaignDir: string, matrix: Matrix, executor: Executor, python: string, signal: AbortSignal, info: (line: string) => void): Promise<string> {
  const dataDir = join(campaignDir, 'data');
  const done = join(dataDir, '.complete');
  if (await stat(done).then(() => true, () => false)) return dataDir;
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });
  const logFile = join(campaignDir, 'prepare.log');
  if (matrix.workload.dataDir) {
    info(`copying the logs of ${matrix.workload.dataDir}`);
    for (const f of ['train.log', 'infer.log', 'labels.json']) {
      await copyFile(join(matrix.workload.dataDir, f), join(dataDir, f)).catch((cause: unknown) => {
        if (f === 'labels.json') return;
        throw new HarnessError('E_PREPARE_FAILED', `${join(matrix.workload.dataDir!, f)}: cannot read (${(cause as Error).message})`, { fix: 'workload.dataDir must hold train.log and infer.log (labels.json optional)' });
      });
    }
  } else {
    info(`generating ${matrix.workload.preset} data (seed ${matrix.workload.seed}) with ${executor.name}`);
    await runUnmeasured(executor, (p) => generateCommand(python, matrix, p.out), { dataDir: null, outDir: dataDir }, matrix, logFile, 'data generation', signal);
  }
  const modelDir = join(dataDir, 'model');
  await mkdir(modelDir, { recursive: true });
  if (matrix.jobs.includes('infer')) {
    info('training the reference model that every infer job loads (not measured)');
    await runUnmeasured(executor, (p) => workloadCommand(python, 'train', matrix, p), { dataDir, outDir: modelDir }, matrix, logFile, 'reference model training', signal);
  }
  await writeFile(done, `${new Date().toISOString()}\n`);
  return dataDir;
}
