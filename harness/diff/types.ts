import type { Campaign } from '../results/campaign.ts';
import type { RunRecord } from '../results/schema.ts';
import type { Comparison } from '../stats/compare.ts';
import type { Summary } from '../stats/summary.ts';

/** One side of a diff: a campaign and its run records as read from disk (the records are the source of truth). */
export interface DiffSide {
  /** How the side is named in output, usually the campaign folder as given. */
  label: string;
  campaign: Campaign;
  records: readonly RunRecord[];
}

/** Summary of one metric over the ok, non-warmup runs of one side (the stats module's Summary without its outlier indices). */
export type SideStats = Omit<Summary, 'outliers'>;

/** One scenario x job x metric compared between A and B. */
export interface DiffRow {
  /** `<stack>@<deployment>`. */
  scenario: string;
  stack: string | null;
  deployment: string;
  /** Job name: 'train' or 'infer'. */
  job: string;
  /** Metric id, e.g. `wallSeconds`. */
  metric: string;
  /** Metric label for people, e.g. "wall time". */
  label: string;
  /** Unit of the medians, e.g. 's', 'bytes', '%'. */
  unit: string;
  lowerIsBetter: boolean;
  /** 'quality': a metric the job reported (result.json `metrics`; its direction is guessed from the name, so it never gates); 'resource': time, CPU, memory, throughput. */
  kind?: 'resource' | 'quality';
  a: SideStats;
  b: SideStats;
  /** median(B) / median(A); null when undefined. */
  ratio: number | null;
  /** 95% confidence interval of the ratio. */
  ciLow: number | null;
  ciHigh: number | null;
  pValue: Comparison['pValue'];
  /** Test behind `pValue`. */
  test: Comparison['test'];
  /** True when the change is statistically significant. */
  significant: Comparison['significant'];
  /** "+12.3%" for a significant change, "~" for none. */
  verdict: Comparison['verdict'];
  /**
   * How much worse B is than A, in percent (positive: worse, negative: better): for lower-is-better
   * metrics (ratio - 1) x 100, for throughput (1 - ratio) x 100. Null without a ratio.
   */
  regressionPercent: number | null;
  /** Why the comparison is weak (e.g. too few repetitions), or null. */
  warning: string | null;
}

/** The host of one side as diff and report show it, from the typed campaign.host (null where not recorded). */
export interface HostSummary {
  hostname: string | null;
  os: string | null;
  kernel: string | null;
  cpuModel: string | null;
  /** Logical CPUs. */
  cpuCores: number | null;
  physicalCores: number | null;
  /** Total RAM, in bytes. */
  memoryBytes: number | null;
  /** GPU models, one per device. */
  gpus: string[];
  gpuDriver: string | null;
  docker: string | null;
  /** 1 or 2. */
  cgroupVersion: number | null;
}

/** How the campaign of one side was run. */
export interface CampaignInfo {
  /** Campaign folder as given. */
  label: string;
  id: string;
  matrixFile: string;
  /** Workload preset of the matrix, if recorded. */
  preset: string | null;
  /** Distinct sampling intervals of the ok runs, in milliseconds. */
  intervalsMs: number[];
  harnessVersion: string;
  commit: string | null;
  startedAt: string;
}

/** Framework fingerprint of one stack on one side: sorted key=value pairs reported by the job. */
export interface FrameworkFingerprint {
  stack: string;
  /** Fields reported by the job (framework, python, numpy, BLAS, threads, ...), as strings. */
  values: Record<string, string>;
  /** True when the stack's deployments or reps reported different fingerprints. */
  inconsistent: boolean;
}

/** Everything recorded about one side's machine and software. */
export interface SideFingerprint {
  campaign: CampaignInfo;
  host: HostSummary;
  frameworks: FrameworkFingerprint[];
}

/** A scenario/job present on one side only. */
export interface UnmatchedJob {
  scenario: string;
  job: string;
  /** Ok, non-warmup runs on the side that has it. */
  runs: number;
}

/** The comparison of two campaigns. */
export interface DiffResult {
  rows: DiffRow[];
  fingerprints: { a: SideFingerprint; b: SideFingerprint };
  /** Comparability warnings (different hardware, framework builds, presets, failed runs). */
  warnings: string[];
  onlyInA: UnmatchedJob[];
  onlyInB: UnmatchedJob[];
}
