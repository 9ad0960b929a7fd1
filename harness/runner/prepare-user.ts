import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Executor } from '../executors/types.ts';
import type { Matrix } from '../matrix/schema.ts';
import type { UserWorkload } from '../matrix/workload.ts';
import { logTail, runId } from './execute.ts';
import { sharedDir, userBinds } from './job-command.ts';

/** The outcome of a stack's `prepare`: the folder its jobs see at /shared, or why the stack cannot run. */
export interface Prepared {
  shared: string | null;
  /** Null when prepare succeeded (or there is none); else the reason, with the log's last lines. */
  error: string | null;
}

/**
 * Runs the user workload's `prepare` once per campaign and stack (not measured), with /code and /data
 * read-only and /shared writable; the jobs then see /shared read-only. Kept across `--resume`.
 */
export async function prepareUserStack(
  campaignDir: string,
  matrix: Matrix,
  w: UserWorkload,
  stack: string,
  executor: Executor,
  signal: AbortSignal,
  info: (line: string) => void,
): Promise<Prepared> {
  if (!w.prepare) return { shared: null, error: null };
  const dir = sharedDir(campaignDir, stack);
  const done = join(campaignDir, 'shared', `.${stack}.complete`);
  if (
    await stat(done).then(
      () => true,
      () => false,
    )
  )
    return { shared: dir, error: null };
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const logFile = join(campaignDir, 'shared', `${stack}.prepare.log`);
  await rm(logFile, { force: true });
  info(`${stack}: prepare (${w.prepare.join(' ')}) with ${executor.name}, not measured`);
  const outcome = await executor.run(
    {
      scenario: `prepare ${stack}`,
      command: [...w.prepare],
      env: { ...w.env },
      workdir: w.workdir,
      mounts: { dataDir: w.data, outDir: null },
      binds: userBinds(w, dir, true),
      timeoutMs: matrix.timeoutSeconds * 1000,
      intervalMs: 1000,
      gpu: matrix.gpu,
      network: matrix.network,
      cpuset: matrix.cpuset,
      logFile,
      runId: runId(`prepare-${stack}`),
    },
    signal,
  );
  if (outcome.status !== 'ok') {
    const tail = await logTail(logFile);
    return {
      shared: dir,
      error: `prepare failed on ${executor.name} (${outcome.error ?? outcome.status}); last lines of ${logFile}:\n${tail.join('\n')}`,
    };
  }
  await writeFile(done, `${new Date().toISOString()}\n`);
  return { shared: dir, error: null };
}
