import { execa } from 'execa';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../harness/core/paths.ts';
import { skipWithoutDocker } from './env.ts';

/** The test cluster's script (test/fixtures/slurm/cluster.sh). */
export const CLUSTER_SH = join(PROJECT_ROOT, 'test/fixtures/slurm/cluster.sh');

/**
 * Starts the two-node test cluster (installing slurm-wlm and munge if missing). Returns a reason to skip
 * outside CI when it cannot (no root, no Docker, no Slurm); in CI (CI=true) any of those throws instead.
 */
export async function startTestCluster(): Promise<string | null> {
  if (await skipWithoutDocker()) return 'needs root and a Docker engine';
  const r = await execa(CLUSTER_SH, ['start'], { reject: false, all: true, timeout: 600_000 });
  if (r.exitCode === 0) return null;
  const why = `test/fixtures/slurm/cluster.sh start failed: ${String(r.all).trim().split('\n').slice(-3).join(' | ')}`;
  if (process.env.CI === 'true') throw new Error(`CI=true: ${why}`);
  return why;
}
