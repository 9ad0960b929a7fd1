// `deploybench run MATRIX --slurm`: checks, creates the fleet folder, submits one job per node.
import { mkdir, rm } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { HarnessError } from '../core/errors.ts';
import { PROJECT_ROOT } from '../core/paths.ts';
import { loadMatrix } from '../matrix/load.ts';
import { createCampaignDir } from '../runner/campaign-dir.ts';
import { checkNodes, checkSubmitter, selectNodes, type NodeSelection } from './checks.ts';
import { FINAL_NODE_STATES, FLEET_SCHEMA_VERSION, type Fleet } from './schema.ts';
import { loadFleet, writeFleet } from './store.ts';
import { submitUnfinished } from './submit.ts';
import { refreshFleet } from './watch.ts';

/** What `run --slurm` was given. */
export interface FleetStartOptions extends NodeSelection {
  matrixFile: string;
  /** `deploybench run` options for every node, e.g. ['--reps', '2']. */
  runArgs: string[];
  baseline?: string;
  slurmArgs: string[];
  info: (line: string) => void;
}

/** Checks everything, creates `results/<id>-fleet/` with fleet.json and submits the jobs; returns the folder. */
export async function startFleet(o: FleetStartOptions): Promise<{ dir: string; fleet: Fleet }> {
  await checkSubmitter();
  const loaded = await loadMatrix(o.matrixFile);
  const nodes = await selectNodes(o);
  const baseline = o.baseline ?? nodes[0]!;
  if (!nodes.includes(baseline))
    throw new HarnessError('E_USAGE', `--baseline ${baseline}: not one of the fleet's nodes (${nodes.join(', ')})`, {
      fix: 'name one of the nodes given with --nodelist',
    });
  const created = await createCampaignDir(`${loaded.matrix.name ?? 'campaign'}-fleet`);
  const fleet: Fleet = {
    schemaVersion: FLEET_SCHEMA_VERSION,
    id: created.id,
    matrixFile: resolve(loaded.file),
    runArgs: o.runArgs,
    partition: o.partition ?? null,
    slurmArgs: o.slurmArgs,
    baseline,
    projectRoot: PROJECT_ROOT,
    nodeBinary: process.execPath,
    createdAt: new Date().toISOString(),
    endedAt: null,
    state: 'running',
    nodes: nodes.map((name) => ({
      name,
      dir: name,
      jobId: null,
      previousJobIds: [],
      state: 'pending',
      detail: 'not submitted',
      slurmState: null,
      slurmReason: null,
      exitCode: null,
      startedAt: null,
      endedAt: null,
    })),
  };
  o.info(`fleet ${fleet.id}: checking ${nodes.length} node(s): ${nodes.join(', ')}`);
  const docker = loaded.matrix.deployments.some((d) => d !== 'host');
  try {
    await checkNodes(nodes, {
      fleetDir: created.dir,
      binPath: join(PROJECT_ROOT, 'harness/cli/bin.js'),
      nodeBinary: process.execPath,
      docker,
      partition: o.partition,
    });
  } catch (error) {
    // Nothing was queued: the fleet folder goes too.
    await rm(created.dir, { recursive: true, force: true });
    throw error;
  }
  await mkdir(join(created.dir, 'jobs'), { recursive: true });
  await writeFleet(created.dir, fleet);
  await submitUnfinished(fleet, created.dir);
  await writeFleet(created.dir, fleet);
  o.info(`submitted ${fleet.nodes.map((n) => `${n.name}=job ${n.jobId ?? '?'}`).join(', ')}`);
  return { dir: created.dir, fleet };
}

/** `run --slurm --resume DIR`: resubmits the nodes not done (each resumes its own campaign). */
export async function resumeFleet(
  dirArg: string,
  info: (line: string) => void,
): Promise<{ dir: string; fleet: Fleet }> {
  await checkSubmitter();
  const dir = resolve(dirArg);
  const fleet = await loadFleet(dir);
  // Slurm's word first: the submitter that wrote fleet.json may have died before seeing the end.
  await refreshFleet(dir, fleet);
  const open = fleet.nodes.filter((n) => !FINAL_NODE_STATES.includes(n.state));
  if (open.length > 0)
    throw new HarnessError(
      'E_USAGE',
      `${basename(dir)}: node(s) ${open.map((n) => n.name).join(', ')} still ${open[0]!.state}`,
      {
        fix: 'wait for them (`deploybench fleet wait DIR`) or cancel them (`scancel JOBID`) before resuming',
      },
    );
  const todo = fleet.nodes.filter((n) => n.state !== 'done');
  if (todo.length === 0) info(`${basename(dir)}: every node is done; nothing to resubmit`);
  else {
    await selectNodes({ partition: fleet.partition ?? undefined, nodelist: todo.map((n) => n.name) });
    Object.assign(fleet, { state: 'running', endedAt: null });
    await submitUnfinished(fleet, dir);
    await writeFleet(dir, fleet);
    info(`resubmitted ${todo.map((n) => `${n.name}=job ${n.jobId ?? '?'}`).join(', ')}`);
  }
  return { dir, fleet };
}
