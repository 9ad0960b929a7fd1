// `deploybench run`: runs a matrix, writes the campaign and its report, prints the campaign folder.
import { join } from 'node:path';
import { displayPath, paths } from '../../core/paths.ts';
import { HarnessError } from '../../core/errors.ts';
import { validateRunOverrides } from '../../matrix/overrides.ts';
import { listStackNames } from '../../images/stacks.ts';
import { recoverAndSay } from '../../executors/recover.ts';
import { comparisonLines, runComparisons } from '../../runner/decide-rounds.ts';
import { runCampaign, type CampaignResult } from '../../runner/run.ts';
import { headlineLines } from '../../report/headlines.ts';
import { matrixMargin } from '../../stats/margin.ts';
import { stderrReporter } from '../../runner/reporter.ts';
import { writeReport } from '../../report/index.ts';
import type { RunArgs } from '../commands/run.ts';
import { interruptSignal } from '../interrupt.ts';
import { closeSharedGpuProbe } from '../../sampling/gpu.ts';
import { EXIT } from '../../core/exit-codes.ts';

// The answer on stdout: the findings the report opens with (or, with --no-report, the decisions), the
// report path, and last the campaign folder (printed by the caller).
async function printAnswer(result: CampaignResult, report: boolean): Promise<void> {
  const out = (lines: string[]): boolean => process.stdout.write(lines.map((l) => `${l}\n`).join(''));
  if (result.records.length === 0) return;
  if (!report) {
    const margin = matrixMargin(result.campaign.matrix);
    const lines = comparisonLines(runComparisons(result.records, margin));
    if (lines.length > 0) out(['Container vs bare metal, wall time', ...lines.map((l) => `  - ${l}`), '']);
    return;
  }
  let headlines: string[] = [];
  const file = join(paths.reports(), `${result.campaign.id}.html`);
  const written = await writeReport([result.dir], { out: file, onModel: (m) => (headlines = headlineLines(m)) });
  out([...headlines, '', `report: ${displayPath(written)}`]);
}

/** Runs the campaign, reports what is not ok, writes the report unless --no-report; exit status 130 when interrupted, 1 when a run failed. */
export async function runAction(a: RunArgs): Promise<void> {
  const overrides = validateRunOverrides(
    {
      reps: a.reps,
      warmup: a.warmup,
      intervalMs: a['interval-ms'],
      preset: a.preset,
      only: a.only,
      stacks: a.stacks,
      margin: a.margin,
      maxReps: a['max-reps'],
    },
    { stacks: a.stacks === undefined ? undefined : await listStackNames() },
  );
  refuseFlagCombinations(a);
  // Before anything starts: leftovers of harnesses that died (a SIGKILL, a second Ctrl-C) must not linger or skew this campaign.
  await recoverAndSay((line) => process.stderr.write(`${line}\n`));
  const { signal, dispose } = interruptSignal();
  try {
    const result = await runCampaign({
      matrixFile: a.matrix,
      ...overrides,
      resume: a.resume,
      campaignDir: a['campaign-dir'],
      keepFailed: a['keep-failed'],
      bail: a.bail,
      mirror: a.mirror,
      signal,
      reporter: stderrReporter({ verbose: a.verbose ?? false }),
    });
    const failed = result.records.filter((r) => r.status !== 'ok' && r.status !== 'unsupported' && !r.warmup).length;
    const unsupported = result.records.filter((r) => r.status === 'unsupported').length;
    if (unsupported > 0)
      process.stderr.write(
        `${unsupported} runs recorded as unsupported: this host cannot run them (see each record's error)\n`,
      );
    for (const w of result.campaign.warnings) process.stderr.write(`warning: ${w}\n`);
    process.stderr.write(
      `${result.records.length} runs recorded, ${failed} not ok; results in ${displayPath(result.dir)}\n`,
    );
    await printAnswer(result, a.report);
    if (result.campaign.state === 'interrupted') process.exitCode = EXIT.interrupted;
    else if (failed > 0) process.exitCode = EXIT.notOk;
    process.stdout.write(`${result.dir}\n`);
  } finally {
    dispose();
    await closeSharedGpuProbe();
  }
}

// Flags that only make sense with others (--keep-failed with --resume, the Slurm ones with --slurm, ...).
function refuseFlagCombinations(a: RunArgs): void {
  if (a.stacks !== undefined && a.resume !== undefined)
    throw new HarnessError('E_USAGE', '--stacks cannot change the stacks of a campaign being resumed', {
      fix: 'drop --stacks to resume, or start a new campaign with --stacks',
    });
  if (a['keep-failed'] && a.resume === undefined)
    throw new HarnessError('E_USAGE', '--keep-failed only applies to --resume', {
      fix: 'add --resume results/<campaign>, or drop --keep-failed',
    });
  for (const o of ['partition', 'nodelist', 'nodes', 'baseline', 'slurm-arg'] as const)
    if (a[o] !== undefined)
      throw new HarnessError('E_USAGE', `--${o} only applies to --slurm`, { fix: `add --slurm, or drop --${o}` });
  if (a.detach)
    throw new HarnessError('E_USAGE', '--detach only applies to --slurm', { fix: 'add --slurm, or drop --detach' });
  if (a['campaign-dir'] !== undefined && a.resume !== undefined)
    throw new HarnessError('E_USAGE', '--campaign-dir starts a new campaign; --resume continues one', {
      fix: 'give one of them',
    });
}
