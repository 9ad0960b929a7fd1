import { relative } from 'node:path';
import { HarnessError } from '../core/errors.ts';
import { displayPath } from '../core/paths.ts';
import type { Executor } from '../executors/types.ts';
import type { Matrix } from '../matrix/schema.ts';
import type { Campaign } from '../results/campaign.ts';
import type { RunRecord } from '../results/schema.ts';
import { writeCampaign } from '../results/store.ts';
import { comparisonLines, decisionRepsNeeded, runComparisons } from './decide-rounds.ts';
import { moreRepsNeeded } from './dynamic.ts';
import { executeRun } from './execute.ts';
import { planRuns, type PlannedRun } from './plan.ts';
import type { PreparedWorkload } from './prepare-stage.ts';
import { describeRun } from './reporter.ts';
import type { RunOptions } from './run.ts';
import { runKey } from './resume.ts';
import { recordNotRun } from './unsupported.ts';

/** Everything the run loop needs. */
export interface LoopContext {
  dir: string;
  campaign: Campaign;
  matrix: Matrix;
  only: string | undefined;
  /** Keys (runKey) of runs already recorded; skipped. */
  done: Set<string>;
  /** Records so far; the loop appends to it. */
  records: RunRecord[];
  /** Why a stack (key: its name) or one scenario (key: stack@deployment) cannot run here. */
  unsupported: Map<string, string>;
  prepared: PreparedWorkload;
  executorFor: (s: { id: string; stack: string; deployment: Executor['deployment'] }) => Promise<Executor>;
  pythonFor: (stack: string, deployment: string) => string;
  options: RunOptions;
}

// One planned run: executed, or recorded without running (unsupported here, or its stack's prepare failed).
async function runOne(c: LoopContext, p: PlannedRun): Promise<{ record: RunRecord; file: string }> {
  const unsupported = c.unsupported.get(p.scenario) ?? c.unsupported.get(p.stack);
  if (unsupported) return recordNotRun(c.dir, c.campaign.id, p, 'unsupported', unsupported);
  const broken = c.prepared.broken.get(p.stack);
  if (broken) return recordNotRun(c.dir, c.campaign.id, p, 'failed', broken);
  const executor = await c.executorFor({ id: p.scenario, stack: p.stack, deployment: p.deployment });
  return executeRun(
    {
      campaignId: c.campaign.id,
      campaignDir: c.dir,
      dataDir: c.prepared.dataDir,
      shared: c.prepared.shared.get(p.stack) ?? null,
      framework: c.prepared.frameworks.get(p.scenario) ?? null,
      matrix: c.matrix,
      executor,
      python: c.pythonFor(p.stack, p.deployment),
      signal: c.options.signal,
      onOutput: (l) => c.options.reporter.jobOutput(l),
    },
    p,
  );
}

// The scenario/jobs of another round: wall time still noisy (dynamicRepetitions) or a deployment
// comparison still undecided (decision.maxRepetitions); the reasons are printed.
function nextRound(c: LoopContext, rep: number): string[] {
  const m = c.matrix;
  const noisy = m.dynamicRepetitions ? moreRepsNeeded(c.records, m.dynamicRepetitions, rep) : [];
  const undecided = m.decision ? decisionRepsNeeded(c.records, m.decision, rep) : [];
  if (undecided.length > 0) {
    const open = runComparisons(c.records, m.decision!.marginPercent / 100).filter(
      (x) => x.decision.outcome === 'undecided',
    );
    c.options.reporter.info(`after rep ${rep}, undecided: ${comparisonLines(open).join('; ')}`);
  }
  return [...new Set([...noisy, ...undecided])].sort();
}

/**
 * Runs the plan (warmups, then repetitions interleaved across scenarios), then, with dynamic
 * repetitions, more rounds for the jobs whose wall time is still noisy. Every record is written and
 * indexed as soon as it exists. Returns how the loop ended.
 */
export async function runLoop(c: LoopContext): Promise<'complete' | 'interrupted'> {
  const { matrix, options: o } = c;
  const r = o.reporter;
  const notDone = (p: PlannedRun): boolean => !c.done.has(runKey(p));
  let plan = planRuns(matrix, { only: c.only }).filter(notDone);
  let total = plan.length;
  let index = 0;
  let rep = matrix.repetitions;
  for (;;) {
    for (const p of plan) {
      if (o.signal.aborted) return 'interrupted';
      index++;
      r.runStarted(p, index, total);
      const result = await runOne(c, p);
      c.records.push(result.record);
      c.campaign.runs.push({
        scenario: p.scenario,
        job: p.job,
        rep: p.rep,
        warmup: p.warmup,
        status: result.record.status,
        file: relative(c.dir, result.file),
      });
      await writeCampaign(c.dir, c.campaign);
      r.runFinished(describeRun(result.record));
      if (result.record.status === 'interrupted') return 'interrupted';
      if (o.bail && result.record.status !== 'ok' && result.record.status !== 'unsupported') {
        throw new HarnessError(
          'E_RUN_FAILED',
          `stopping at the first failure (--bail): ${p.scenario} ${p.job} rep ${p.rep}: ${result.record.error ?? result.record.status}`,
          { fix: `see ${displayPath(result.file)} and its .log` },
        );
      }
    }
    if (o.signal.aborted) return 'interrupted';
    // Dynamic repetitions: another round for the scenario/jobs whose wall time is still too noisy.
    // A resumed campaign may have recorded some of these rounds already (or all of its plan): those are
    // skipped, not run again, and the rounds after them still follow.
    const more = nextRound(c, rep);
    if (more.length === 0) return 'complete';
    rep++;
    plan = planRuns(matrix, { only: c.only, fromRep: rep, toRep: rep, warmup: 0 }).filter(
      (p) => more.includes(`${p.scenario}/${p.job}`) && notDone(p),
    );
    total += plan.length;
    if (plan.length > 0)
      r.info(`dynamic repetitions: rep ${rep} for ${plan.map((p) => `${p.scenario}/${p.job}`).join(', ')}`);
  }
}
