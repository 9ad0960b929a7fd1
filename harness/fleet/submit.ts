// One exclusive Slurm batch job per node, each running the whole matrix into its node campaign folder.
import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic.ts';
import type { Fleet, FleetNode } from './schema.ts';
import { sbatch } from './slurm.ts';

/** Quotes a word for a POSIX shell. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The batch script of one node: a new campaign into `<fleet>/<node>` the first time, `run --resume` of it
 * once its campaign.json exists (after a cancel, a failure or a Slurm requeue). `exec` so that Slurm's
 * SIGTERM reaches deploybench, which stops the current run and records it as interrupted.
 */
export function jobScript(fleet: Fleet, fleetDir: string, node: FleetNode): string {
  const dir = join(fleetDir, node.dir);
  const bin = join(fleet.projectRoot, 'harness/cli/bin.js');
  const run = [fleet.nodeBinary, bin, 'run'].map(shellQuote).join(' ');
  const fresh = [fleet.matrixFile, '--campaign-dir', dir, '--no-report', ...fleet.runArgs].map(shellQuote).join(' ');
  const keep = fleet.runArgs.includes('--keep-failed') ? ' --keep-failed' : '';
  return [
    '#!/bin/bash',
    `# deploybench fleet ${fleet.id}: the matrix on node ${node.name}, results in ${dir}`,
    `cd ${shellQuote(fleet.projectRoot)} || exit 1`,
    `echo "deploybench fleet job on $(hostname) (Slurm node \${SLURMD_NODENAME:-?}, job \${SLURM_JOB_ID:-?})"`,
    `if [ -f ${shellQuote(join(dir, 'campaign.json'))} ]; then`,
    `  exec ${run} --resume ${shellQuote(dir)} --no-report${keep}`,
    'fi',
    `exec ${run} ${fresh}`,
    '',
  ].join('\n');
}

/** Writes the node's script under `<fleet>/jobs/` and submits it (sbatch --exclusive -w NODE); returns the job id. */
export async function submitNode(fleet: Fleet, fleetDir: string, node: FleetNode): Promise<string> {
  const jobs = join(fleetDir, 'jobs');
  await mkdir(jobs, { recursive: true });
  const script = join(jobs, `${node.name}.sh`);
  await writeFileAtomic(script, jobScript(fleet, fleetDir, node));
  await chmod(script, 0o755);
  return sbatch([
    '--exclusive',
    '-N1',
    '-w',
    node.name,
    ...(fleet.partition ? ['-p', fleet.partition] : []),
    '--job-name',
    `deploybench-${node.name}`,
    '--chdir',
    fleet.projectRoot,
    '--output',
    join(jobs, `${node.name}-%j.out`),
    ...fleet.slurmArgs,
    script,
  ]);
}

/** Submits every node not done (all of them for a new fleet); updates their job ids and states in place. */
export async function submitUnfinished(fleet: Fleet, fleetDir: string): Promise<FleetNode[]> {
  const submitted: FleetNode[] = [];
  for (const node of fleet.nodes) {
    if (node.state === 'done') continue;
    if (node.jobId) node.previousJobIds.push(node.jobId);
    node.jobId = await submitNode(fleet, fleetDir, node);
    Object.assign(node, {
      state: 'pending',
      detail: 'submitted',
      slurmState: null,
      slurmReason: null,
      exitCode: null,
      startedAt: null,
      endedAt: null,
    });
    submitted.push(node);
  }
  return submitted;
}
