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
  /** The fleets the campaigns belong to (`report FLEET_DIR`): their node states are shown. */
  fleets?: FleetView[];
}

/** A fleet as the report shows it (fleet.json's fields that it needs; harness/fleet/schema.ts has them all). */
export interface FleetView {
  id: string;
  state: string;
  baseline: string;
  nodes: {
    name: string;
    state: string;
    detail: string;
    slurmState: string | null;
    /** Why Slurm ended or held the job (e.g. TimeLimit, or the drain reason of its node). */
    slurmReason: string | null;
    jobId: string | null;
    previousJobIds: string[];
    startedAt: string | null;
    endedAt: string | null;
  }[];
}
