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

/** "45 s", "3 min 05 s", "1 h 02 min": a duration in seconds for people. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/**
 * The progress prefix of a run: "[5/40, 4 done, ~2 min 10 s left]", the time left being the mean duration
 * of the runs done so far (seconds, from start to finish, container set-up included) times the runs left.
 */
export function progressLine(index: number, total: number, doneSeconds: readonly number[]): string {
  const done = doneSeconds.length;
  if (done === 0) return `[${index}/${total}, ${done} done]`;
  const mean = doneSeconds.reduce((a, b) => a + b, 0) / done;
  return `[${index}/${total}, ${done} done, ~${formatDuration(mean * (total - index + 1))} left]`;
}

/** Progress on stderr: one line per run with done/total and the time left, plus the job's own progress lines when verbose. */
export function stderrReporter(opts: { verbose?: boolean; now?: () => number } = {}): Reporter {
  const w = (s: string): boolean => process.stderr.write(`${s}\n`);
  const now = opts.now ?? (() => performance.now() / 1000);
  const durations: number[] = [];
  let startedAt: number | null = null;
  return {
    info: (line) => w(line),
    runStarted: (run, index, total) => {
      startedAt = now();
      w(
        `${progressLine(index, total, durations)} ${run.scenario} ${run.job} ${run.warmup ? 'warmup' : 'rep'} ${run.rep} ...`,
      );
    },
    jobOutput: (line) => {
      if (opts.verbose) w(`    ${line}`);
    },
    runFinished: (summary) => {
      if (startedAt !== null) durations.push(now() - startedAt);
      startedAt = null;
      w(`    -> ${summary}`);
    },
  };
}

/** A reporter that prints nothing (tests, --quiet). */
export const silentReporter: Reporter = {
  info: () => undefined,
  runStarted: () => undefined,
  jobOutput: () => undefined,
  runFinished: () => undefined,
};
