import { resolve } from 'node:path';
import { errorMessage, HarnessError, wrapUnknown } from '../core/errors.ts';
import { displayPath } from '../core/paths.ts';
import type { Executor } from '../executors/types.ts';
import { ensureImage, type StackImage } from '../images/build.ts';
import { loadStack, type Stack } from '../images/stacks.ts';
import { loadMatrix } from '../matrix/load.ts';
import type { Matrix } from '../matrix/schema.ts';
import { isUserWorkload } from '../matrix/workload.ts';
import { CAMPAIGN_SCHEMA_VERSION, type Campaign } from '../results/campaign.ts';
import type { RunRecord } from '../results/schema.ts';
import { loadCampaign, writeCampaign } from '../results/store.ts';
import { hostFingerprint } from '../sampling/fingerprint.ts';
import { cleanupStaleCgroups } from '../sampling/cgroup.ts';
import { createCampaignDir, harnessInfo } from './campaign-dir.ts';
import { frameworkMismatches, metricMismatches } from './checks.ts';
import { executorCache, type ExecutorFor } from './executor-cache.ts';
import { makeExecutor, hostPython } from './executors.ts';
import { checkInputsAtEnd, checkInputsAtResume, hashInputs } from './inputs.ts';
import { runLoop, type LoopContext } from './loop.ts';
import { assertOnlyMatches, scenarios } from './plan.ts';
import { resumeCampaign as reopenCampaign } from './resume.ts';
import { prepareWorkload } from './prepare-stage.ts';
import type { Reporter } from './reporter.ts';
import { gpusOf } from './unsupported.ts';
import { unsupportedReason } from './support.ts';
import { containerGpuUnsupported } from './container-gpu.ts';

/** Creates the executor of one scenario (the runner's tests pass a fake one). */
export type ExecutorFactory = (
  deployment: Executor['deployment'],
  image: StackImage | undefined,
  onInfo: (line: string) => void,
) => Executor;

/** Options of `deploybench run`, after CLI parsing. */
export interface RunOptions {
  matrixFile: string;
  reps?: number;
  warmup?: number;
  intervalMs?: number;
  only?: string;
  /** Stacks replacing the matrix's (`--stacks`), already checked against images/. */
  stacks?: string[];
  preset?: 'tiny' | 'small' | 'paper';
  /** Equivalence margin, in percent (overrides the matrix's decision.marginPercent). */
  margin?: number;
  /** Cap of decision-based rounds, in repetitions (overrides the matrix's decision.maxRepetitions). */
  maxReps?: number;
  /** Continue a campaign folder (any path form): ok runs are kept, the others retried (see resume.ts). */
  resume?: string;
  /** Write the new campaign into this folder instead of results/<id>/ (a fleet's node folder). */
  campaignDir?: string;
  /** With resume: keep failed records instead of retrying their runs. */
  keepFailed?: boolean;
  bail?: boolean;
  mirror?: string;
  signal: AbortSignal;
  reporter: Reporter;
  /** Default: the real executors (container, bare metal, host). */
  executorFactory?: ExecutorFactory;
  /** Default: build (or find cached) the stack's image. */
  imageFor?: (stack: Stack) => Promise<StackImage>;
}

/** Result of a campaign. */
export interface CampaignResult {
  dir: string;
  campaign: Campaign;
  records: RunRecord[];
}

// --margin and --max-reps over the matrix's decision (marginPercent defaults to 5 when the matrix has none).
function decisionOverride(d: Matrix['decision'], o: RunOptions): Matrix['decision'] {
  if (o.margin === undefined && o.maxReps === undefined) return d;
  return {
    marginPercent: o.margin ?? d?.marginPercent ?? 5,
    maxRepetitions: o.maxReps ?? d?.maxRepetitions,
  };
}

function applyOverrides(matrix: Matrix, o: RunOptions): Matrix {
  const w = matrix.workload;
  return {
    ...matrix,
    stacks: o.stacks ?? matrix.stacks,
    repetitions: o.reps ?? matrix.repetitions,
    warmup: o.warmup ?? matrix.warmup,
    sampling: { intervalMs: o.intervalMs ?? matrix.sampling.intervalMs },
    workload: isUserWorkload(w) ? w : { ...w, preset: o.preset ?? w.preset },
    decision: decisionOverride(matrix.decision, o),
  };
}

interface Started {
  dir: string;
  campaign: Campaign;
  matrix: Matrix;
  records: RunRecord[];
  done: Set<string>;
  only: string | undefined;
}

async function startCampaign(o: RunOptions): Promise<Started> {
  const loaded = await loadMatrix(o.matrixFile);
  const matrix = applyOverrides(loaded.matrix, o);
  assertOnlyMatches(matrix, o.only);
  if (o.preset && isUserWorkload(matrix.workload))
    o.reporter.info(
      `--preset ${o.preset} is ignored: presets belong to the reference workload, not to ${matrix.workload.name}`,
    );
  const inputs = await hashInputs(matrix, (l) => o.reporter.info(l));
  const created = await createCampaignDir(matrix.name ?? 'campaign', o.campaignDir);
  o.reporter.info(`campaign ${created.id}: reading the host fingerprint`);
  const campaign: Campaign = {
    schemaVersion: CAMPAIGN_SCHEMA_VERSION,
    id: created.id,
    matrixFile: loaded.file,
    matrix: matrix,
    only: o.only ?? null,
    host: await hostFingerprint(),
    harness: await harnessInfo(),
    images: {},
    startedAt: new Date().toISOString(),
    endedAt: null,
    state: 'running',
    runs: [],
    warnings: [],
    ...(inputs ? { inputs } : {}),
  };
  await writeCampaign(created.dir, campaign);
  return { dir: created.dir, campaign, matrix, records: [], done: new Set(), only: o.only };
}

async function resumeCampaign(o: RunOptions, dirArg: string): Promise<Started> {
  // Absolute at once: Docker binds and chroot mounts need absolute host paths.
  const dir = resolve(dirArg);
  // loadCampaign parses the stored matrix through the matrix schema (a hand-edited broken one is refused
  // there with the path, the field and the fix).
  const stored = await loadCampaign(dir);
  const matrix = stored.campaign.matrix;
  // The folders must still hold the bytes the campaign started with, before any record is set aside.
  await checkInputsAtResume(stored.campaign, matrix, (l) => o.reporter.info(l));
  const r = await reopenCampaign(dir, { only: o.only, keepFailed: o.keepFailed, info: (l) => o.reporter.info(l) });
  return { dir: r.dir, campaign: r.campaign, matrix, records: r.records, done: r.done, only: r.only };
}

// Stacks of the used scenarios, which of them this host cannot run, and the image of every other one.
async function stacksAndImages(
  s: Started,
  o: RunOptions,
): Promise<{ stacks: Map<string, Stack>; unsupported: Map<string, string>; images: Map<string, StackImage> }> {
  const used = scenarios(s.matrix, s.only);
  if (used.length === 0)
    throw new HarnessError('E_USAGE', `--only ${s.only ?? ''} matches no scenario of the matrix`, {
      fix: `scenarios are <stack>@<deployment>, e.g. ${s.matrix.stacks[0] ?? ''}@container`,
    });
  const stacks = new Map<string, Stack>();
  const unsupported = new Map<string, string>();
  const images = new Map<string, StackImage>();
  for (const stack of new Set(used.map((x) => x.stack))) stacks.set(stack, await loadStack(stack));
  for (const [stack, loaded] of stacks) {
    const w = s.matrix.workload;
    const matrixWantsGpu = s.matrix.gpu !== false || ('device' in w && w.device === 'cuda');
    const reason = unsupportedReason(loaded.spec, gpusOf(s.campaign.host), { matrixWantsGpu });
    if (reason) {
      unsupported.set(stack, reason);
      o.reporter.info(`unsupported here: ${reason}`);
    }
  }
  const info = (l: string): void => o.reporter.info(l);
  for (const [id, reason] of await containerGpuUnsupported(s.matrix, used, unsupported, info))
    unsupported.set(id, reason);
  const build = o.imageFor ?? ((stack: Stack) => ensureImage(stack, { mirror: o.mirror }));
  for (const stack of new Set(
    used.filter((x) => x.deployment !== 'host' && !unsupported.has(x.stack)).map((x) => x.stack),
  )) {
    const img = await build(stacks.get(stack)!);
    o.reporter.info(`${img.built ? 'built' : 'cached'} ${img.tag}`);
    images.set(stack, img);
    s.campaign.images[stack] = img.id;
  }
  await writeCampaign(s.dir, s.campaign);
  return { stacks, unsupported, images };
}

type Staged = Awaited<ReturnType<typeof stacksAndImages>>;

// Prepares every executor and the workload, then runs the loop; returns how the loop ended.
async function prepareAndLoop(
  s: Started,
  o: RunOptions,
  staged: Staged,
  executorFor: ExecutorFor,
): Promise<'complete' | 'interrupted' | 'failed'> {
  const { dir, campaign, matrix } = s;
  const { stacks, unsupported } = staged;
  // The interpreter inside the image is the stack's own (e.g. a venv in the pip-based GPU stacks).
  const pythonFor = (stack: string, deployment: string): string =>
    deployment === 'host' ? hostPython(matrix, stack) : stacks.get(stack)!.spec.python;
  const used = scenarios(matrix, s.only).filter((x) => !unsupported.has(x.stack) && !unsupported.has(x.id));
  // Prepare every executor first (bare metal finds each image's layers once), so set-up fails early and is never timed.
  for (const x of used) await executorFor(x);
  const prepared = await prepareWorkload({
    dir,
    campaign,
    matrix,
    used,
    executorFor,
    pythonFor,
    signal: o.signal,
    info: (l) => o.reporter.info(l),
  });
  const ctx: LoopContext = {
    dir,
    campaign,
    matrix,
    only: s.only,
    done: s.done,
    records: s.records,
    unsupported,
    prepared,
    executorFor,
    pythonFor,
    options: o,
  };
  return runLoop(ctx);
}

// The end of every campaign, whatever stopped it: warnings across runs, final state, campaign.json written.
async function finishCampaign(
  s: Started,
  o: RunOptions,
  outcome: 'complete' | 'interrupted' | 'failed',
): Promise<void> {
  const { dir, campaign, matrix, records } = s;
  const inputWarnings = await checkInputsAtEnd(campaign, matrix, (l) => o.reporter.info(l));
  campaign.warnings = [...frameworkMismatches(records), ...metricMismatches(records, matrix), ...inputWarnings];
  campaign.state = o.signal.aborted ? 'interrupted' : outcome;
  campaign.endedAt = new Date().toISOString();
  await writeCampaign(dir, campaign);
}

/** Runs a matrix (or resumes a campaign): builds images, prepares data, executes and records every run. */
export async function runCampaign(o: RunOptions): Promise<CampaignResult> {
  const s = o.resume ? await resumeCampaign(o, o.resume) : await startCampaign(o);
  await cleanupStaleCgroups().catch(() => undefined);
  const staged = await stacksAndImages(s, o);
  const executors = executorCache(o.executorFactory ?? makeExecutor, staged.images, (l) => o.reporter.info(l));
  let outcome: 'complete' | 'interrupted' | 'failed' = 'failed';
  try {
    outcome = await prepareAndLoop(s, o, staged, executors.executorFor);
  } catch (error) {
    throw wrapUnknown(
      error,
      'E_CAMPAIGN_STOPPED',
      `campaign ${displayPath(s.dir)} stopped: ${errorMessage(error).split('\n')[0]}`,
      `fix the cause, then \`deploybench run --resume ${displayPath(s.dir)}\` keeps what is recorded`,
    );
  } finally {
    await executors.disposeAll();
    await finishCampaign(s, o, outcome);
  }
  return { dir: s.dir, campaign: s.campaign, records: s.records };
}
