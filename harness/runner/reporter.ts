import { noiseText } from '../results/noise-text.ts';
import type { RunRecord } from '../results/schema.ts';
import type { PlannedRun } from './plan.ts';
import { formatBytes } from '../render/units.ts';

/** Where a campaign reports progress (stderr in the CLI; silent in tests). */
export interface Reporter {
  info(line: string): void;
  runStarted(run: PlannedRun, index: number, total: number): void;
  /** A line printed by the job (progress: epoch, loss). */
  jobOutput(line: string): void;
  runFinished(summary: string): void;
}

/** One line summarising a finished run. */
export function describeRun(r: RunRecord): string {
  const parts = [`${r.status}`, `${r.wallSeconds.toFixed(2)} s`];
  if (r.cpu.avgPercent !== null) parts.push(`cpu avg ${r.cpu.avgPercent.toFixed(0)}%`);
  if (r.memory.peakBytes !== null) parts.push(`peak ${formatBytes(r.memory.peakBytes)}`);
  if (r.gpu?.peakBytes != null) parts.push(`gpu ${formatBytes(r.gpu.peakBytes)}`);
  if (r.noise?.noisy) parts.push(`NOISY: ${noiseText(r.noise)}`);
  if (r.error) parts.push(r.error);
  return parts.join(', ');
}

/** Progress on stderr: one line per run, plus the job's own progress lines when verbose. */
export function stderrReporter(opts: { verbose?: boolean } = {}): Reporter {
  const w = (s: string): boolean => process.stderr.write(`${s}\n`);
  return {
    info: (line) => w(line),
    runStarted: (run, index, total) =>
      w(`[${index}/${total}] ${run.scenario} ${run.job} ${run.warmup ? 'warmup' : 'rep'} ${run.rep} ...`),
    jobOutput: (line) => {
      if (opts.verbose) w(`    ${line}`);
    },
    runFinished: (summary) => w(`    -> ${summary}`),
  };
}

/** A reporter that prints nothing (tests, --quiet). */
export const silentReporter: Reporter = {
  info: () => undefined,
  runStarted: () => undefined,
  jobOutput: () => undefined,
  runFinished: () => undefined,
};
