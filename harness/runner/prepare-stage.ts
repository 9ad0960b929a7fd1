import type { Executor } from '../executors/types.ts';
import type { Matrix } from '../matrix/schema.ts';
import { isUserWorkload } from '../matrix/workload.ts';
import type { Campaign } from '../results/campaign.ts';
import { writeCampaign } from '../results/store.ts';
import { errorMessage } from '../core/errors.ts';
import { prepareData } from './prepare-data.ts';
import { prepareUserStack } from './prepare-user.ts';
import { probeFramework } from './probe.ts';

type Scenario = { id: string; stack: string; deployment: Executor['deployment'] };

/** What the runs of each stack need: data at /data, prepare's output at /shared, or why the stack cannot run. */
export interface PreparedWorkload {
  dataDir: string | null;
  /** Per stack. */
  shared: Map<string, string | null>;
  /** Per stack: why none of its runs can start (its prepare failed). */
  broken: Map<string, string>;
  /** Per scenario: the probe's framework fingerprint (user workloads). */
  frameworks: Map<string, Record<string, unknown> | null>;
}

/** Inputs of the preparation stage. */
export interface PrepareInput {
  dir: string;
  campaign: Campaign;
  matrix: Matrix;
  /** The scenarios that will run (supported here), in matrix order. */
  used: Scenario[];
  executorFor: (s: Scenario) => Promise<Executor>;
  pythonFor: (stack: string, deployment: string) => string;
  signal: AbortSignal;
  info: (line: string) => void;
}

// Where a stack's one-off work runs: its container if the matrix has one, else bare metal, else the host.
function preferred(used: Scenario[], stack: string): Scenario | undefined {
  const mine = used.filter((s) => s.stack === stack);
  return ['container', 'bare-metal', 'host']
    .map((d) => mine.find((s) => s.deployment === d))
    .find((s) => s !== undefined);
}

/**
 * Prepares the campaign's workload, not measured. Reference workload: the data and the reference model,
 * made by the first scenario that can (a broken stack does not stop the others). User workload: each
 * stack's `prepare`, once, and a framework probe per scenario.
 */
export async function prepareWorkload(p: PrepareInput): Promise<PreparedWorkload> {
  const out: PreparedWorkload = { dataDir: null, shared: new Map(), broken: new Map(), frameworks: new Map() };
  const w = p.matrix.workload;
  if (!isUserWorkload(w)) {
    if (p.used.length === 0) return out;
    const candidates = p.used.map((s) => ({
      label: s.id,
      executor: () => p.executorFor(s),
      python: p.pythonFor(s.stack, s.deployment),
    }));
    out.dataDir = await prepareData(p.dir, p.matrix, candidates, p.signal, p.info);
    return out;
  }
  out.dataDir = w.data;
  for (const stack of new Set(p.used.map((s) => s.stack))) {
    const where = preferred(p.used, stack)!;
    try {
      const r = await prepareUserStack(p.dir, p.matrix, w, stack, await p.executorFor(where), p.signal, p.info);
      out.shared.set(stack, r.shared);
      if (r.error) {
        out.broken.set(stack, r.error);
        p.info(`${stack}: ${r.error.split('\n')[0] ?? ''}; its runs are recorded as failed, the other stacks go on`);
      }
    } catch (error) {
      out.broken.set(stack, `prepare could not start: ${errorMessage(error)}`);
    }
  }
  const stored = p.campaign.frameworks ?? {};
  for (const s of p.used) {
    if (out.broken.has(s.stack)) continue;
    if (!(s.id in stored)) {
      p.info(`${s.id}: probing the framework fingerprint (not measured)`);
      stored[s.id] = await probeFramework(
        await p.executorFor(s),
        p.pythonFor(s.stack, s.deployment),
        p.matrix,
        p.dir,
        s.id,
        p.signal,
      );
    }
    out.frameworks.set(s.id, stored[s.id] ?? null);
  }
  p.campaign.frameworks = stored;
  await writeCampaign(p.dir, p.campaign);
  return out;
}
