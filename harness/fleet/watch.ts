// Follows a fleet: polls Slurm and the node campaigns, prints a line per node change, cancels on Ctrl-C.
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isWaiting, readCampaignProgress, nodeView } from './progress.ts';
import { FINAL_NODE_STATES, type Fleet, type FleetNode } from './schema.ts';
import { nodeStatus, scancel, showJob, type SlurmJob } from './slurm.ts';
import { writeFleet } from './store.ts';

/** Slurm prints local times without a zone; stored as ISO with the local offset applied. */
function isoOf(slurmTime: string | null): string | null {
  if (!slurmTime) return null;
  const d = new Date(slurmTime);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** The line shown for a node: `node1  running  run 3/8`. */
export function nodeLine(n: FleetNode, width = 8): string {
  return `${n.name.padEnd(width)} ${n.state.padEnd(9)} ${n.detail}${n.jobId ? `  (job ${n.jobId})` : ''}`;
}

async function refreshNode(fleetDir: string, n: FleetNode): Promise<void> {
  if (FINAL_NODE_STATES.includes(n.state) || n.jobId === null) return;
  const job: SlurmJob | null = await showJob(n.jobId);
  // A waiting job's node is looked at too: drained, the job would wait for ever.
  const node = isWaiting(job) ? await nodeStatus(n.name) : null;
  const view = nodeView(job, await readCampaignProgress(join(fleetDir, n.dir)), node);
  if (view.state === 'drained') {
    await scancel([n.jobId]);
    view.detail += `; job ${n.jobId} cancelled`;
  }
  n.state = view.state;
  n.detail = view.detail;
  if (view.reason !== undefined) n.slurmReason = view.reason;
  if (job) {
    n.slurmState = job.state;
    n.startedAt = isoOf(job.startTime) ?? n.startedAt;
    if (FINAL_NODE_STATES.includes(view.state)) {
      n.exitCode = job.exitCode;
      n.endedAt = isoOf(job.endTime) ?? new Date().toISOString();
    }
  } else if (FINAL_NODE_STATES.includes(view.state)) n.endedAt ??= new Date().toISOString();
}

/** Updates every unfinished node from Slurm and its campaign; sets the fleet's state once all are final; writes fleet.json. */
export async function refreshFleet(fleetDir: string, fleet: Fleet): Promise<void> {
  for (const n of fleet.nodes) await refreshNode(fleetDir, n);
  if (fleet.nodes.every((n) => FINAL_NODE_STATES.includes(n.state)) && fleet.state === 'running') {
    fleet.state = fleet.nodes.every((n) => n.state === 'done') ? 'complete' : 'failed';
    fleet.endedAt = new Date().toISOString();
  }
  await writeFleet(fleetDir, fleet);
}

/** Options of `watchFleet`. */
export interface WatchOptions {
  signal: AbortSignal;
  /** Called with each node line that changed. */
  onLine: (line: string) => void;
  /** Seconds between polls. */
  pollSeconds?: number;
  /** On abort: cancel the fleet's jobs (run --slurm) or only stop watching (fleet wait). */
  cancelOnAbort: boolean;
}

/** Polls until every node is final (or the signal fires); prints changed lines. */
export async function watchFleet(fleetDir: string, fleet: Fleet, o: WatchOptions): Promise<void> {
  const shown = new Map<string, string>();
  const width = Math.max(...fleet.nodes.map((n) => n.name.length));
  for (;;) {
    await refreshFleet(fleetDir, fleet);
    for (const n of fleet.nodes) {
      const line = nodeLine(n, width);
      if (shown.get(n.name) !== line) o.onLine(line);
      shown.set(n.name, line);
    }
    if (fleet.state !== 'running') return;
    if (o.signal.aborted) {
      if (o.cancelOnAbort) await cancelFleet(fleetDir, fleet, o.onLine);
      return;
    }
    await sleep((o.pollSeconds ?? 2) * 1000, undefined, { signal: o.signal }).catch(() => undefined);
  }
}

/**
 * Cancels the unfinished jobs: SIGTERM to each batch script first, so deploybench records the current run as
 * interrupted and keeps the finished ones; after 30 s (or once they ended) `scancel` whatever is left.
 */
export async function cancelFleet(fleetDir: string, fleet: Fleet, onLine: (line: string) => void): Promise<void> {
  const open = (): FleetNode[] => fleet.nodes.filter((n) => !FINAL_NODE_STATES.includes(n.state) && n.jobId);
  const ids = open().map((n) => n.jobId!);
  // The nodes this cancel stops; a node that was already drained, failed or timed out keeps its state.
  const stopping = fleet.nodes.filter((n) => !FINAL_NODE_STATES.includes(n.state));
  onLine(`cancelling ${ids.length} job(s): ${ids.join(' ')}`);
  await scancel(ids, true);
  for (let i = 0; i < 30 && open().length > 0; i++) {
    await sleep(1000);
    await refreshFleet(fleetDir, fleet);
  }
  await scancel(open().map((n) => n.jobId!));
  for (let i = 0; i < 15 && open().length > 0; i++) {
    await sleep(1000);
    await refreshFleet(fleetDir, fleet);
  }
  // Stopped by this cancel: cancelled, even where the job ended FAILED (its script exits 130 on SIGTERM).
  for (const n of stopping.filter((x) => x.state !== 'done')) {
    n.state = 'cancelled';
    if (!n.detail.startsWith('cancelled')) n.detail = `cancelled (${n.detail})`;
    n.endedAt ??= new Date().toISOString();
  }
  fleet.state = 'interrupted';
  fleet.endedAt = new Date().toISOString();
  await writeFleet(fleetDir, fleet);
  for (const n of fleet.nodes) onLine(nodeLine(n));
}
