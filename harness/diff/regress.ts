import type { DiffRow } from './types.ts';

/**
 * How much worse B is than A, in percent (positive: worse). Lower-is-better metrics (time, memory):
 * (ratio - 1) x 100, so x1.5 is +50. Higher-is-better (throughput): (1 - ratio) x 100, the share lost,
 * so x0.8 is +20. Null without a ratio.
 */
export function regressionPercent(ratio: number | null, lowerIsBetter: boolean): number | null {
  if (ratio === null || !Number.isFinite(ratio)) return null;
  return lowerIsBetter ? (ratio - 1) * 100 : (1 - ratio) * 100;
}

/** Rows with a significant regression larger than `percent` (time or memory up, throughput down); quality metrics never gate. */
export function regressionsAbove(rows: readonly DiffRow[], percent: number): DiffRow[] {
  return rows.filter(
    (r) => r.kind !== 'quality' && r.significant && r.regressionPercent !== null && r.regressionPercent > percent,
  );
}

/** Resource rows (quality metrics never gate) whose decision is undecided for too few repetitions: a gate cannot pass on them. */
export function undecidedForRepetitions(rows: readonly DiffRow[]): DiffRow[] {
  return rows.filter((r) => r.kind !== 'quality' && r.decision.reason === 'too-few-repetitions');
}

/** One line for a gate that cannot decide: how many rows, their smallest n per side, and the two ways out. */
export function undecidedGateLine(rows: readonly DiffRow[], percent: number): string {
  const nA = Math.min(...rows.map((r) => r.a.n));
  const nB = Math.min(...rows.map((r) => r.b.n));
  return `--fail-above ${percent}: cannot decide: ${rows.length} compared metric(s) have too few repetitions (n=${nA}/${nB}; at least 4 per side needed); rerun with more repetitions (--reps 4), or pass --allow-undecided to accept; exit status 4`;
}
