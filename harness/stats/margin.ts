import { DEFAULT_MARGIN } from './verdict.ts';

/** The margin (fraction) of a stored matrix: its decision.marginPercent / 100, else DEFAULT_MARGIN. */
export function matrixMargin(matrix: Record<string, unknown>): number {
  const d = matrix['decision'];
  if (typeof d !== 'object' || d === null || !('marginPercent' in d)) return DEFAULT_MARGIN;
  const pct = d.marginPercent;
  return typeof pct === 'number' && Number.isFinite(pct) && pct >= 0 ? pct / 100 : DEFAULT_MARGIN;
}
