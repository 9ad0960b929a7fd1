// A node's state, from Slurm's view of its job and the node campaign's own campaign.json.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { matrixSchema } from '../matrix/schema.ts';
import { planRuns, scenarios } from '../runner/plan.ts';
import type { NodeState } from './schema.ts';
import type { NodeStatus, SlurmJob } from './slurm.ts';

/** What a node campaign's campaign.json says, reduced to what progress needs. */
export interface CampaignProgress {
  /** campaign.json `state`. */
  state: 'running' | 'complete' | 'interrupted' | 'failed';
  /** Runs recorded so far (warmups included). */
  recorded: number;
  /** Runs recorded that are not ok (failed, timed out, OOM-killed; unsupported and interrupted excluded). */
  notOk: number;
  /** Runs the matrix plans (null when the stored matrix does not parse). */
  planned: number | null;
  /** Stacks whose image is ready / stacks the campaign needs an image for. */
  imagesReady: number;
  imagesNeeded: number;
}

/** Reads `<dir>/campaign.json`; null while it does not exist yet (or is unreadable mid-write). */
export async function readCampaignProgress(dir: string): Promise<CampaignProgress | null> {
  let c: {
    state: CampaignProgress['state'];
    runs: { status: string }[];
    images: Record<string, string>;
    matrix: unknown;
    only?: string | null;
  };
  try {
    c = JSON.parse(await readFile(join(dir, 'campaign.json'), 'utf8')) as typeof c;
  } catch {
    return null;
  }
  const m = matrixSchema.safeParse(c.matrix);
  const only = c.only ?? undefined;
  const needed = m.success
    ? new Set(
        scenarios(m.data, only)
          .filter((s) => s.deployment !== 'host')
          .map((s) => s.stack),
      ).size
    : 0;
  return {
    state: c.state,
    recorded: c.runs.length,
    notOk: c.runs.filter((r) => !['ok', 'unsupported', 'interrupted'].includes(r.status)).length,
    planned: m.success ? planRuns(m.data, { only }).length : null,
    imagesReady: Object.keys(c.images).length,
    imagesNeeded: needed,
  };
}

/** A node's state and the words shown after it. */
export interface NodeView {
  state: NodeState;
  detail: string;
  /** Slurm's reason worth keeping (a job that ended not done, a drained node); absent otherwise. */
  reason?: string;
}

const FAILED_JOB = [
  'FAILED',
  'NODE_FAIL',
  'BOOT_FAIL',
  'OUT_OF_MEMORY',
  'PREEMPTED',
  'DEADLINE',
  'REVOKED',
  'SPECIAL_EXIT',
];

function runWords(c: CampaignProgress): string {
  const of = c.planned === null ? '' : `/${c.planned}`;
  return `run ${c.recorded}${of}${c.notOk > 0 ? `, ${c.notOk} not ok` : ''}`;
}

// While the job runs: starting (no campaign.json yet), building (images missing, no run yet), run k/N.
function activeView(c: CampaignProgress | null): NodeView {
  if (!c) return { state: 'starting', detail: 'starting deploybench' };
  if (c.recorded === 0 && c.imagesReady < c.imagesNeeded)
    return { state: 'building', detail: `images ${c.imagesReady}/${c.imagesNeeded}` };
  return { state: 'running', detail: runWords(c) };
}

/** Whether a job is waiting to start (the states in which a drained node keeps it waiting for ever). */
export function isWaiting(job: SlurmJob | null | undefined): boolean {
  return ['PENDING', 'CONFIGURING', 'REQUEUED', 'RESIZING'].includes(job?.state.replace(/\+$/, '') ?? '');
}

/**
 * The node's view. `job` undefined: not submitted; null: Slurm no longer knows the job (purged), so the
 * campaign's own state decides. A completed campaign is `done` even when the job exited 1 (some runs not ok).
 * `node`: the node's own Slurm state, looked at while the job waits: drained (or draining), the job would
 * never start, so the node is `drained` (the caller cancels the job).
 */
export function nodeView(
  job: SlurmJob | null | undefined,
  c: CampaignProgress | null,
  node?: NodeStatus | null,
): NodeView {
  if (job === undefined) return { state: 'pending', detail: 'not submitted' };
  const s = job?.state.replace(/\+$/, '') ?? null;
  if (isWaiting(job)) {
    if (node && /^(drain|drng)/.test(node.state)) {
      const why = node.reason ?? 'no reason given';
      const ran = c ? `${runWords(c)} recorded` : 'nothing recorded';
      return { state: 'drained', detail: `node drained (${why}) while the job waited (${ran})`, reason: why };
    }
    return { state: 'pending', detail: `queued (${job?.reason ?? 'None'})` };
  }
  if (s === 'RUNNING' || s === 'COMPLETING' || s === 'SUSPENDED' || s === 'STOPPED') {
    // COMPLETING after a complete campaign is the job's epilogue: the node is done.
    if (s === 'COMPLETING' && c?.state === 'complete') return { state: 'done', detail: runWords(c) };
    return activeView(c);
  }
  if (c?.state === 'complete') return { state: 'done', detail: runWords(c) };
  return endedView(job ?? null, c);
}

// A job that ended with its campaign not complete: how, and Slurm's reason (TimeLimit, NodeDown, ...).
function endedView(job: SlurmJob | null, c: CampaignProgress | null): NodeView {
  const s = job?.state.replace(/\+$/, '') ?? null;
  const ran = c ? `${runWords(c)} recorded` : 'nothing recorded';
  const why = job && job.reason !== 'None' ? job.reason : null;
  const reason = why === null ? {} : { reason: why };
  if (s === 'CANCELLED') return { state: 'cancelled', detail: `cancelled (${ran})`, ...reason };
  if (s === 'TIMEOUT')
    return { state: 'timeout', detail: `hit the time limit (${why ?? 'TimeLimit'}; ${ran})`, ...reason };
  if (s === null) return { state: 'failed', detail: `job no longer known to Slurm (${ran})` };
  if (s === 'COMPLETED' || FAILED_JOB.includes(s))
    return { state: 'failed', detail: `${s.toLowerCase()}, exit ${job?.exitCode ?? '?'} (${ran})`, ...reason };
  return { state: 'failed', detail: `Slurm state ${s} (${ran})`, ...reason };
}
