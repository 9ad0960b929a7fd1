/**
 * Plain data the report is built from: campaigns as loaded, each run with its downsampled time series.
 * Produced by load.ts (the only part that reads files); everything else in report/ is pure.
 */
import type { Campaign } from '../results/campaign.ts';
import type { RunRecord } from '../results/schema.ts';
import type { Point } from './lttb.ts';

/** A run's time series after downsampling, in raw units (percent of one core, bytes). */
export interface RunSeries {
  cpu: Point[];
  memory: Point[];
  /** Empty without GPU data. */
  gpu: Point[];
}

/** One run of a campaign. */
export interface RunInput {
  record: RunRecord;
  /** Null when the run stored no samples. */
  series: RunSeries | null;
}

/** One campaign folder. */
export interface CampaignInput {
  dir: string;
  campaign: Campaign;
  runs: RunInput[];
}

/** Options of the pure builders. */
export interface BuildOptions {
  /** Seed of every bootstrap (default: stats' DEFAULT_SEED, so reports are reproducible). */
  seed?: number;
  /** Significance level of the comparisons (default 0.05). */
  alpha?: number;
  /** Equivalence margin of the decisions, as a fraction (default: the first campaign's matrix `decision.marginPercent`, else 0.05). */
  margin?: number;
}
