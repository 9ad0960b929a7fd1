import { join } from 'node:path';
import type { Executor } from '../executors/types.ts';
import type { Matrix } from '../matrix/schema.ts';
import { runId, logTail } from './execute.ts';

const MARK = 'DEPLOYBENCH_PROBE ';

/** Python that prints the stack's framework fingerprint (the reference workload's own function), or why it cannot. */
const PROBE = [
  'import json, platform',
  'try:',
  '    import torch',
  '    from deploybench_workload import fingerprint',
  '    fw = fingerprint.framework(torch.device("cuda" if torch.cuda.is_available() else "cpu"), False)',
  'except Exception as e:',
  '    fw = {"name": None, "python": platform.python_version(), "probeError": "%s: %s" % (type(e).__name__, e)}',
  `print(${JSON.stringify(MARK)} + json.dumps(fw))`,
].join('\n');

/**
 * The framework fingerprint of one scenario (torch, CUDA, cuDNN, Python, numpy, BLAS, threads), read by
 * a probe of the harness's own in that deployment, so a user's jobs need not report it. Not measured.
 * Null when the probe cannot run at all (no Python in the stack); the log says why.
 */
export async function probeFramework(
  executor: Executor,
  python: string,
  matrix: Matrix,
  campaignDir: string,
  scenario: string,
  signal: AbortSignal,
): Promise<Record<string, unknown> | null> {
  const logFile = join(campaignDir, 'probes', `${scenario}.log`);
  const outcome = await executor.run(
    {
      scenario: `probe ${scenario}`,
      command: [python, '-c', PROBE],
      env: {},
      mounts: { dataDir: null, outDir: null },
      timeoutMs: 120_000,
      intervalMs: 1000,
      gpu: matrix.gpu,
      network: matrix.network,
      cpuset: null,
      logFile,
      runId: runId('probe'),
    },
    signal,
  );
  if (outcome.status !== 'ok') return null;
  const line = (await logTail(logFile, 50)).reverse().find((l) => l.startsWith(MARK));
  if (!line) return null;
  try {
    return JSON.parse(line.slice(MARK.length)) as Record<string, unknown>;
  } catch {
    return null;
  }
}
