import { relative } from 'node:path';
import { errorMessage, HarnessError } from '../core/errors.ts';
import { displayPath } from '../core/paths.ts';
import type { Executor } from '../executors/types.ts';
import { ensureImage, type StackImage } from '../images/build.ts';
import { loadStack, type Stack } from '../images/stacks.ts';
import { loadMatrix } from '../matrix/load.ts';
import type { Matrix } from '../matrix/schema.ts';
import type { Campaign } from '../results/campaign.ts';
import type { RunRecord } from '../results/schema.ts';
import { writeCampaign } from '../results/store.ts';
import { hostFingerprint } from '../sampling/fingerprint.ts';
import { cleanupStaleCgroups } from '../sampling/cgroup.ts';
import { createCampaignDir, harnessInfo } from './campaign-dir.ts';
import { frameworkMismatches, metricMismatches } from './checks.ts';
import { executeRun } from './execute.ts';
import { makeExecutor, hostPython } from './executors.ts';
import { assertOnlyMatches, planRuns, scenarios, type PlannedRun } from './plan.ts';
import { resumeCampaign, runKey } from './resume.ts';
import { prepareData } from './prepare-data.ts';
import { describeRun, type Reporter } from './reporter.ts';
import { moreRepsNeeded } from './dynamic.ts';
import { gpusOf, recordUnsupported } from './unsupported.ts';
import { unsupportedReason } from './support.ts';

/** Options of `deploybench run`, after CLI parsing. */
export interface RunOptions {
  matrixFile: string;
  reps?: number;
  warmup?: number;
  intervalMs?: number;
  only?: string;
  preset?: Matrix['workload']['preset'];
  /** Continue a campaign folder (any path form): ok runs are kept, the others retried (see resume.ts). */
  resume?: string;
  /** With resume: keep failed, timed-out and OOM-killed runs instead of retrying them. */
  keepFailed?: boolean;
  bail?: boolean;
  mirror?: string;
  signal: AbortSignal;
  reporter: Reporter;
}

/** Result of a campaign. */
export interface CampaignResult {
  dir: string;
  campaign: Campaign;
  records: RunRecord[];
}

function applyOverrides(matrix: Matrix, o: RunOptions): Matrix {
  return {
    ...matrix,
    repetitions: o.reps ?? matrix.repetitions,
    warmup: o.warmup ?? matrix.warmup,
    sampling: { intervalMs: o.intervalMs ?? matrix.sampling.intervalMs },
    workload: { ...matrix.workload, preset: o.preset ?? matrix.workload.preset },
  };
}

/** Runs a matrix (or resumes a campaign): builds images, prepares data, executes and records every run. */
export async function runCampaign(options: RunOptions): Promise<CampaignResult> {
  let o = options;
  const r = o.reporter;
  let dir: string;
  let campaign: Campaign;
  const records: RunRecord[] = [];
  const done = new Set<string>();
  const key = runKey;
  if (o.resume) {
    const resumed = await resumeCampaign(o.resume, { only: o.only, keepFailed: o.keepFailed, info: (l) => r.info(l) });
    ({ dir, campaign } = resumed);
    o = { ...o, only: resumed.only };
    records.push(...resumed.records);
    for (const k of resumed.done) done.add(k);
  } else {
    const loaded = await loadMatrix(o.matrixFile);
    const matrix = applyOverrides(loaded.matrix, o);
    assertOnlyMatches(matrix, o.only);
    const created = await createCampaignDir(matrix.name ?? 'campaign');
    dir = created.dir;
    r.info(`campaign ${created.id}: reading the host fingerprint`);
    campaign = {
      schemaVersion: 1, id: created.id, matrixFile: loaded.file, matrix: matrix, only: o.only ?? null,
      host: await hostFingerprint(), harness: await harnessInfo(),
      images: {}, startedAt: new Date().toISOString(), endedAt: null, state: 'running', runs: [], warnings: [],
    };
    await writeCampaign(dir, campaign);
  }
  const matrix = campaign.matrix as unknown as Matrix;
  await cleanupStaleCgroups().catch(() => undefined);

  // Images: built once per stack (cached by content hash), for every deployment that uses one.
  const images = new Map<string, StackImage>();
  const used = scenarios(matrix, o.only);
  const unsupported = new Map<string, string>();
  const stacks = new Map<string, Stack>();
  for (const stack of new Set(used.map((s) => s.stack))) stacks.set(stack, await loadStack(stack));
  for (const [stack, loaded] of stacks) {
    const reason = unsupportedReason(loaded.spec, gpusOf(campaign.host));
    if (reason) {
      unsupported.set(stack, reason);
      r.info(`unsupported here: ${reason}`);
    }
  }
  for (const stack of new Set(used.filter((s) => s.deployment !== 'host' && !unsupported.has(s.stack)).map((s) => s.stack))) {
    const img = await ensureImage(stacks.get(stack)!, { mirror: o.mirror });
    r.info(`${img.built ? 'built' : 'cached'} ${img.tag}`);
    images.set(stack, img);
    campaign.images[stack] = img.id;
  }
  await writeCampaign(dir, campaign);

  const executors = new Map<string, Executor>();
  const executorFor = async (s: { id: string; stack: string; deployment: PlannedRun['deployment'] }): Promise<Executor> => {
    let ex = executors.get(s.id);
    if (!ex) {
      ex = makeExecutor(s.deployment, images.get(s.stack), (l) => r.info(l));
      await ex.prepare();
      executors.set(s.id, ex);
    }
    return ex;
  };
  // The interpreter inside the image is the stack's own (e.g. a venv in the pip-based GPU stacks).
  const pythonFor = (stack: string, deployment: string): string => (deployment === 'host' ? hostPython(matrix, stack) : stacks.get(stack)!.spec.python);
  let interrupted = false;
  let failed = false;
  try {
    if (used.length === 0) throw new HarnessError('E_USAGE', `--only ${o.only ?? ''} matches no scenario of the matrix`, { fix: `scenarios are <stack>@<deployment>, e.g. ${matrix.stacks[0] ?? ''}@container` });
    // Prepare every executor first (bare metal exports each image's filesystem once), so set-up fails early and is never timed.
    for (const s of used) if (!unsupported.has(s.stack)) await executorFor(s);
    const first = used.find((s) => !unsupported.has(s.stack));
    const dataDir = !first ? '' : await prepareData(dir, matrix, await executorFor(first), pythonFor(first.stack, first.deployment), o.signal, (l) => r.info(l));
    let plan = planRuns(matrix, { only: o.only }).filter((p) => !done.has(key(p)));
    let total = plan.length;
    let index = 0;
    let rep = matrix.repetitions;
    while (plan.length > 0) {
      for (const p of plan) {
        if (o.signal.aborted) break;
        index++;
        r.runStarted(p, index, total);
        let result: { record: RunRecord; file: string };
        try {
          const reason = unsupported.get(p.stack);
          result = reason
            ? await recordUnsupported(dir, campaign.id, p, reason)
            : await executeRun({ campaignId: campaign.id, campaignDir: dir, dataDir, matrix, executor: await executorFor({ id: p.scenario, stack: p.stack, deployment: p.deployment }), python: pythonFor(p.stack, p.deployment), signal: o.signal, onOutput: (l) => r.jobOutput(l) }, p);
        } catch (error) {
          throw new HarnessError('E_PREPARE_FAILED', `${p.scenario} ${p.job} rep ${p.rep}: ${errorMessage(error)}`, { fix: 'fix the cause, then `deploybench run --resume <campaign folder>` keeps what is recorded', cause: error });
        }
        records.push(result.record);
        campaign.runs.push({ scenario: p.scenario, job: p.job, rep: p.rep, warmup: p.warmup, status: result.record.status, file: relative(dir, result.file) });
        await writeCampaign(dir, campaign);
        r.runFinished(describeRun(result.record));
        if (result.record.status === 'interrupted') interrupted = true;
        if (o.bail && result.record.status !== 'ok') throw new HarnessError('E_USAGE', `stopping at the first failure (--bail): ${p.scenario} ${p.job} rep ${p.rep}: ${result.record.error ?? result.record.status}`, { fix: `see ${displayPath(result.file)} and its .log` });
      }
      if (o.signal.aborted || interrupted) break;
      // Dynamic repetitions: another round for the scenario/jobs whose wall time is still too noisy.
      const more = matrix.dynamicRepetitions ? moreRepsNeeded(records, matrix.dynamicRepetitions, rep) : [];
      rep++;
      plan = planRuns(matrix, { only: o.only, fromRep: rep, toRep: rep, warmup: 0 }).filter((p) => more.includes(`${p.scenario}/${p.job}`));
      total += plan.length;
      if (plan.length > 0) r.info(`dynamic repetitions: rep ${rep} for ${more.join(', ')}`);
    }
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    for (const ex of executors.values()) await ex.dispose().catch(() => undefined);
    campaign.warnings = [...frameworkMismatches(records), ...metricMismatches(records)];
    campaign.state = o.signal.aborted || interrupted ? 'interrupted' : failed ? 'failed' : 'complete';
    campaign.endedAt = new Date().toISOString();
    await writeCampaign(dir, campaign);
  }
  return { dir, campaign, records };
}
