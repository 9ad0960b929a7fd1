// Slurm's own commands (sbatch, scontrol, sinfo, srun, scancel), run as processes; their output parsed by pure functions.
import { execa } from 'execa';
import { HarnessError } from '../core/errors.ts';

/** A Slurm command's result: exit code and output, never a throw for a non-zero exit. */
export interface SlurmResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs a Slurm command; `timeoutMs` (milliseconds) bounds it. A missing binary is an E_SLURM error. */
export async function slurm(cmd: string, args: readonly string[], timeoutMs = 30_000): Promise<SlurmResult> {
  const r = await execa(cmd, args, { reject: false, timeout: timeoutMs, stdin: 'ignore' });
  if ((r as { code?: string }).code === 'ENOENT')
    throw new HarnessError('E_SLURM', `${cmd}: not found on PATH`, {
      fix: "install Slurm's client commands (Debian: apt-get install slurm-client) on the submitting host",
    });
  const timedOut = r.timedOut ? ` (no answer in ${timeoutMs / 1000} s)` : '';
  return { exitCode: r.exitCode ?? 1, stdout: String(r.stdout), stderr: `${String(r.stderr)}${timedOut}` };
}

/** One job as `scontrol show job -o` shows it. */
export interface SlurmJob {
  /** JobState, e.g. PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT, NODE_FAIL. */
  state: string;
  /** Reason Slurm gives (None, Resources, NodeDown, ...). */
  reason: string;
  /** ExitCode as `code:signal`. */
  exitCode: string;
  /** StartTime (Slurm local time, ISO-like) or null when unknown. */
  startTime: string | null;
  /** EndTime, likewise. */
  endTime: string | null;
}

/** Parses one line of `scontrol show job -o` (KEY=VALUE words); null when it holds no JobState. */
export function parseJobLine(line: string): SlurmJob | null {
  const fields = new Map<string, string>();
  for (const word of line.trim().split(/\s+/)) {
    const i = word.indexOf('=');
    if (i > 0) fields.set(word.slice(0, i), word.slice(i + 1));
  }
  const state = fields.get('JobState');
  if (!state) return null;
  const time = (k: string): string | null => {
    const v = fields.get(k);
    return v && /^\d{4}-\d\d-\d\dT/.test(v) ? v : null;
  };
  return {
    state,
    reason: fields.get('Reason') ?? 'None',
    exitCode: fields.get('ExitCode') ?? '0:0',
    startTime: time('StartTime'),
    endTime: time('EndTime'),
  };
}

/** The job's current record, or null when the controller no longer knows it (purged after MinJobAge). */
export async function showJob(jobId: string): Promise<SlurmJob | null> {
  const r = await slurm('scontrol', ['show', 'job', '-o', jobId]);
  if (r.exitCode !== 0) {
    if (/invalid job id/i.test(r.stderr)) return null;
    throw new HarnessError('E_SLURM', `scontrol show job ${jobId}: ${r.stderr.trim() || `exit ${r.exitCode}`}`, {
      fix: 'check that slurmctld is up (`scontrol ping`)',
    });
  }
  return parseJobLine(r.stdout.split('\n')[0] ?? '');
}

/** Submits a batch script; returns the job id (`sbatch --parsable` prints `ID` or `ID;cluster`). */
export async function sbatch(args: readonly string[]): Promise<string> {
  const r = await slurm('sbatch', ['--parsable', ...args]);
  const id = r.stdout.trim().split(';')[0] ?? '';
  if (r.exitCode !== 0 || !/^\d+$/.test(id))
    throw new HarnessError(
      'E_SLURM',
      `sbatch ${args.join(' ')}: ${r.stderr.trim() || r.stdout.trim() || `exit ${r.exitCode}`}`,
      {
        fix: 'check the partition, the node names and any --slurm-arg (try the same sbatch by hand)',
      },
    );
  return id;
}

/** Cancels jobs; `batchOnly` sends SIGTERM to the batch script alone (the harness then stops its job and records it). */
export async function scancel(jobIds: readonly string[], batchOnly = false): Promise<void> {
  if (jobIds.length === 0) return;
  await slurm('scancel', [...(batchOnly ? ['--batch', '--signal=TERM'] : []), ...jobIds]);
}

/** One node as `sinfo -N` lists it (a node in several partitions appears once per partition). */
export interface SinfoNode {
  name: string;
  /** Partition name, without the default marker `*`. */
  partition: string;
  /** Whether this is the default partition. */
  isDefault: boolean;
  /** Short state: idle, alloc, mix, down, drain, ... (a trailing `*` or `~` means not responding or powered down). */
  state: string;
}

/** Parses `sinfo -h -N -o '%N %P %t'`. */
export function parseSinfo(text: string): SinfoNode[] {
  const out: SinfoNode[] = [];
  for (const line of text.split('\n')) {
    const [name, part, state] = line.trim().split(/\s+/);
    if (!name || !part || !state) continue;
    out.push({ name, partition: part.replace(/\*$/, ''), isDefault: part.endsWith('*'), state });
  }
  return out;
}

/** A node's state and reason as `sinfo -h -N -n NODE -o '%t|%E'` prints them. */
export interface NodeStatus {
  /** Short state: idle, alloc, mix, drain, drng, down, ... (a trailing `*` or `~` kept). */
  state: string;
  /** Why the node is drained or down, as the administrator gave it; null when Slurm has none. */
  reason: string | null;
}

/** Parses the first line of `sinfo -h -N -n NODE -o '%t|%E'`; null when there is none. */
export function parseNodeStatus(text: string): NodeStatus | null {
  const line = text.split('\n').find((l) => l.includes('|'));
  if (!line) return null;
  const i = line.indexOf('|');
  const reason = line.slice(i + 1).trim();
  return { state: line.slice(0, i).trim(), reason: reason === '' || reason === 'none' ? null : reason };
}

/** The node's state and reason, or null when sinfo does not list it. */
export async function nodeStatus(node: string): Promise<NodeStatus | null> {
  const r = await slurm('sinfo', ['-h', '-N', '-n', node, '-o', '%t|%E']);
  if (r.exitCode !== 0)
    throw new HarnessError('E_SLURM', `sinfo -n ${node}: ${r.stderr.trim() || `exit ${r.exitCode}`}`, {
      fix: 'check that slurmctld is up (`scontrol ping`)',
    });
  return parseNodeStatus(r.stdout);
}
