/**
 * The decision of a comparison: different, equivalent within a margin, or undecided with a reason.
 *
 * - equivalent: the 95% CI of the ratio lies inside [1 - m, 1 + m] and the sample sizes are large enough
 *   for the test to reach p < alpha (a percentile bootstrap of 2 or 3 values is no evidence of sameness).
 *   A result may be both significant and equivalent (a tight +2% with m = 5%): equivalence wins and the
 *   text says so, "equivalent within ±5% (+2.1%, significant)".
 * - different: not equivalent, significant (p < alpha) and the CI excludes 1.
 * - undecided: neither. Reason: too few repetitions (the test cannot reach alpha), too noisy (the CI is
 *   wider than the margin band 2m, so it cannot fit inside it), or the CI straddles a margin bound.
 * Pure.
 */
import { formatChange } from './format-change.ts';
import { minimumPValue } from './mannwhitney.ts';

/** Default equivalence margin, as a fraction (0.05 = ±5%). */
export const DEFAULT_MARGIN = 0.05;

/** The three outcomes of a comparison. */
export type Outcome = 'different' | 'equivalent' | 'undecided';

/** Why a comparison is undecided. */
export type UndecidedReason = 'no-data' | 'too-few-repetitions' | 'too-noisy' | 'straddles-margin';

/** The decision on one comparison. */
export interface Decision {
  outcome: Outcome;
  /** Null unless outcome is 'undecided'. */
  reason: UndecidedReason | null;
  /** Equivalence margin used, as a fraction (0.05 = ±5%). */
  margin: number;
  /** Short form for table cells: "+12.3%", "≈ ±5% (+2.1%)", "undecided: too few reps". */
  short: string;
  /** The decision in words, e.g. "equivalent within ±5% (+2.1%, significant)", "undecided: CI [0.97, 1.08] straddles the ±5% margin". */
  text: string;
}

/** What decide() needs of a comparison (a subset of Comparison). */
export interface DecisionInput {
  nA: number;
  nB: number;
  ratio: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  significant: boolean;
}

/** Formats a margin fraction as "±5%" (0.05), "±2.5%" (0.025). */
export function formatMargin(margin: number): string {
  return `±${Number((margin * 100).toFixed(2))}%`;
}

const ci = (lo: number, hi: number): string => `CI [${lo.toFixed(3)}, ${hi.toFixed(3)}]`;

const SHORT_REASONS: Record<UndecidedReason, (m: string) => string> = {
  'no-data': () => 'no data',
  'too-few-repetitions': () => 'too few reps',
  'too-noisy': () => 'too noisy',
  'straddles-margin': (m) => `straddles ${m}`,
};

function undecided(reason: UndecidedReason, margin: number, why: string): Decision {
  const short = `undecided: ${SHORT_REASONS[reason](formatMargin(margin))}`;
  return { outcome: 'undecided', reason, margin, short, text: `undecided: ${why}` };
}

/** Decides a comparison against an equivalence margin (fraction, default DEFAULT_MARGIN) at level alpha (default 0.05). */
export function decide(c: DecisionInput, margin = DEFAULT_MARGIN, alpha = 0.05): Decision {
  const m = formatMargin(margin);
  if (c.ratio === null || c.ciLow === null || c.ciHigh === null)
    return undecided('no-data', margin, c.nA === 0 || c.nB === 0 ? 'a side has no value' : 'no ratio (median A is 0)');
  const enough = c.nA > 0 && c.nB > 0 && minimumPValue(c.nA, c.nB) < alpha;
  if (!enough)
    return undecided(
      'too-few-repetitions',
      margin,
      `too few repetitions (n=${c.nA}/${c.nB}; at least 4 per side needed)`,
    );
  const change = formatChange(c.ratio);
  if (c.ciLow >= 1 - margin && c.ciHigh <= 1 + margin)
    return {
      outcome: 'equivalent',
      reason: null,
      margin,
      short: `≈ ${m} (${change})`,
      text: `equivalent within ${m} (${change}${c.significant ? ', significant' : ''})`,
    };
  if (c.significant && (c.ciLow > 1 || c.ciHigh < 1))
    return { outcome: 'different', reason: null, margin, short: change, text: `different: ${change}` };
  if (c.ciHigh - c.ciLow > 2 * margin)
    return undecided('too-noisy', margin, `too noisy (${ci(c.ciLow, c.ciHigh)} is wider than the ${m} margin)`);
  return undecided('straddles-margin', margin, `${ci(c.ciLow, c.ciHigh)} straddles the ${m} margin`);
}
