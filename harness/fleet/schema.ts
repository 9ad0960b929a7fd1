/**
 * `results/<fleet>/fleet.json`: one matrix run on several Slurm nodes, one campaign folder per node.
 * Versioned like campaign.json; `migrateFleet` upgrades older shapes and refuses newer ones.
 */
import { z } from 'zod';
import { HarnessError } from '../core/errors.ts';

/** Current shape of fleet.json (2: `drained` state and `slurmReason`). */
export const FLEET_SCHEMA_VERSION = 2;

/** Where a node stands: from Slurm's job state and the node campaign's own files. */
export const NODE_STATES = [
  'pending',
  'starting',
  'building',
  'running',
  'done',
  'failed',
  'cancelled',
  'timeout',
  'drained',
] as const;
/** A node's state in fleet.json. */
export type NodeState = (typeof NODE_STATES)[number];

/**
 * States a node does not leave by itself; `--resume` resubmits the nodes in every final state but done.
 * `drained`: the node was drained while its job waited, so the harness cancelled the job (it would never start).
 */
export const FINAL_NODE_STATES: readonly NodeState[] = ['done', 'failed', 'cancelled', 'timeout', 'drained'];

/** One node of the fleet. */
export const fleetNodeSchema = z.object({
  /** Slurm node name (NodeName), also the node campaign's id. */
  name: z.string().min(1),
  /** Node campaign folder, relative to the fleet folder (the node name). */
  dir: z.string().min(1),
  /** Slurm job id of the latest submission; null before the first. */
  jobId: z.string().nullable(),
  /** Job ids of earlier submissions (before `--resume`), oldest first. */
  previousJobIds: z.array(z.string()),
  state: z.enum(NODE_STATES),
  /** Progress words shown after the state, e.g. `run 3/8`. */
  detail: z.string(),
  /** Slurm's JobState as last seen (PENDING, RUNNING, COMPLETED, CANCELLED, ...), null if unknown. */
  slurmState: z.string().nullable(),
  /** Slurm's reason: the job's (TimeLimit, NodeFail, ...) once it ended not done, or the drain reason of its node. */
  slurmReason: z.string().nullable(),
  /** Slurm's ExitCode (`code:signal`) once the job ended. */
  exitCode: z.string().nullable(),
  /** When the job started on the node (ISO), null while pending. */
  startedAt: z.string().nullable(),
  /** When it ended (ISO), null until then. */
  endedAt: z.string().nullable(),
});
/** One node of fleet.json. */
export type FleetNode = z.infer<typeof fleetNodeSchema>;

/** The whole fleet.json. */
export const fleetSchema = z.object({
  schemaVersion: z.literal(FLEET_SCHEMA_VERSION),
  /** Folder name under results/. */
  id: z.string(),
  /** Absolute path of the matrix file. */
  matrixFile: z.string(),
  /** `deploybench run` options passed to every node (e.g. `--reps 2`). */
  runArgs: z.array(z.string()),
  /** Slurm partition, null for the default one. */
  partition: z.string().nullable(),
  /** Extra sbatch arguments (`--slurm-arg`). */
  slurmArgs: z.array(z.string()),
  /** Node that the others are compared against. */
  baseline: z.string(),
  /** Harness checkout every node runs (the same path on every node). */
  projectRoot: z.string(),
  /** Node.js binary every node runs. */
  nodeBinary: z.string(),
  createdAt: z.string(),
  endedAt: z.string().nullable(),
  /** running until every node is final; interrupted after Ctrl-C; failed when a node is not done. */
  state: z.enum(['running', 'complete', 'interrupted', 'failed']),
  nodes: z.array(fleetNodeSchema).min(1),
});
/** `results/<fleet>/fleet.json`. */
export type Fleet = z.infer<typeof fleetSchema>;

// Version 1 had no slurmReason: unknown (null) for every node.
function fromV1(raw: unknown): unknown {
  const r = raw as { nodes?: unknown };
  if (!Array.isArray(r.nodes)) return { ...r, schemaVersion: 2 };
  return {
    ...r,
    schemaVersion: 2,
    nodes: r.nodes.map((n: unknown) => (n && typeof n === 'object' ? { slurmReason: null, ...n } : n)),
  };
}

/** Upgrades a parsed fleet.json to the current shape; a newer file than this harness knows is refused. */
export function migrateFleet(raw: unknown, where: string): Fleet {
  const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && version > FLEET_SCHEMA_VERSION)
    throw new HarnessError(
      'E_RESULTS_NEWER',
      `${where}: schemaVersion ${version} is newer than this harness (${FLEET_SCHEMA_VERSION})`,
      {
        fix: 'update deploybench (git pull) to read this fleet',
      },
    );
  const parsed = fleetSchema.safeParse(version === 1 ? fromV1(raw) : raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HarnessError(
      'E_RESULTS_INVALID',
      `${where}: not a valid fleet.json (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'})`,
      { fix: 'pass a fleet folder written by `deploybench run --slurm`' },
    );
  }
  return parsed.data;
}
