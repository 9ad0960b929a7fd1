/**
 * The metrics the report and the diff compare, each with how to read it from a run record.
 */
import { throughputsOf } from '../results/job-result.ts';
import type { RunRecord } from '../results/schema.ts';

/** One comparable metric of a run. */
export interface MetricDef {
  /** Stable id, used in tables, chart ids and the diff (e.g. 'wallSeconds'). */
  id: string;
  /** Human label, e.g. 'Execution time'. */
  label: string;
  /** Unit of the extracted value: 's', '%', 'bytes', 'windows/s'. */
  unit: string;
  /** Whether a smaller value is better (time, memory) or a larger one (throughput). */
  lowerIsBetter: boolean;
  /** The value for one run, or null when the run does not have it (e.g. no GPU). */
  extract(r: RunRecord): number | null;
}

const finite = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Every metric, in the order of the paper's Figure 4, then the extras. */
export const METRICS: MetricDef[] = [
  { id: 'wallSeconds', label: 'Execution time', unit: 's', lowerIsBetter: true, extract: (r) => finite(r.wallSeconds) },
  {
    id: 'cpuAvgPercent',
    label: 'CPU average',
    unit: '%',
    lowerIsBetter: true,
    extract: (r) => finite(r.cpu.avgPercent),
  },
  {
    id: 'cpuMaxPercent',
    label: 'CPU maximum',
    unit: '%',
    lowerIsBetter: true,
    extract: (r) => finite(r.cpu.maxPercent),
  },
  {
    id: 'memoryPeakBytes',
    label: 'Private peak RAM',
    unit: 'bytes',
    lowerIsBetter: true,
    extract: (r) => finite(r.memory.peakBytes),
  },
  {
    id: 'gpuPeakBytes',
    label: 'GPU peak memory',
    unit: 'bytes',
    lowerIsBetter: true,
    extract: (r) => finite(r.gpu?.peakBytes),
  },
  {
    id: 'throughput',
    label: 'Throughput',
    unit: 'windows/s',
    lowerIsBetter: false,
    extract: (r) => finite(throughputsOf(r.job.throughput).get(REFERENCE_THROUGHPUT)?.value),
  },
  {
    id: 'cpuTotalSeconds',
    label: 'CPU time',
    unit: 's',
    lowerIsBetter: true,
    extract: (r) => finite(r.cpu.totalSeconds),
  },
  {
    id: 'memoryAvgBytes',
    label: 'Private RAM average',
    unit: 'bytes',
    lowerIsBetter: true,
    extract: (r) => finite(r.memory.avgBytes),
  },
];

const REFERENCE_THROUGHPUT = 'windowsPerSecond';

/** A throughput a job reports under a name of its own (result.json `throughput.<name>`), as metric `throughput:<name>`. */
export function throughputMetric(name: string, unit: string): MetricDef {
  return {
    id: `throughput:${name}`,
    label: `Throughput (${name})`,
    unit: unit || `${name}/s`,
    lowerIsBetter: false,
    extract: (r) => finite(throughputsOf(r.job.throughput).get(name)?.value),
  };
}

/**
 * Whether a smaller value of a quality metric is better, guessed from its name (loss, error, ...; edr, the
 * early detection rate, is the share of a session seen before it is flagged: smaller is earlier).
 */
export function qualityLowerIsBetter(name: string): boolean {
  return /loss|err|mse|mae|rmse|perplexity|latency|seconds|time|fp$|fn$|false|^edr$/i.test(name);
}

/** A quality metric a job reports (result.json `metrics.<name>`), as metric `metric:<name>`. */
export function qualityMetric(name: string): MetricDef {
  return {
    id: `metric:${name}`,
    label: name,
    unit: '',
    lowerIsBetter: qualityLowerIsBetter(name),
    extract: (r) => finite(r.job.metrics?.[name]),
  };
}

/** Names of the throughputs (other than the reference's windows/s) and of the quality metrics that these runs report, sorted. */
export function reportedNames(records: readonly RunRecord[]): { throughputs: Map<string, string>; metrics: string[] } {
  const throughputs = new Map<string, string>();
  const metrics = new Set<string>();
  for (const r of records) {
    for (const [name, t] of throughputsOf(r.job.throughput))
      if (name !== REFERENCE_THROUGHPUT && !throughputs.has(name)) throughputs.set(name, t.unit);
    for (const [name, v] of Object.entries(r.job.metrics ?? {})) if (typeof v === 'number') metrics.add(name);
  }
  return {
    throughputs: new Map([...throughputs].sort(([a], [b]) => a.localeCompare(b))),
    metrics: [...metrics].sort(),
  };
}

/** METRICS plus the throughputs the workload's jobs report under names of their own. */
export function metricsOf(records: readonly RunRecord[]): MetricDef[] {
  return [...METRICS, ...[...reportedNames(records).throughputs].map(([name, unit]) => throughputMetric(name, unit))];
}

/**
 * The headline metrics, in the paper's order: its footprint (time, CPU average and maximum, RAM peak, GPU
 * peak memory) and throughput. What the report's findings, tables and bar charts and `diff` by default show.
 */
export const HEADLINE_METRIC_IDS: readonly string[] = [
  'wallSeconds',
  'cpuAvgPercent',
  'cpuMaxPercent',
  'memoryPeakBytes',
  'gpuPeakBytes',
  'throughput',
];

/** Whether a metric is a throughput (the reference's or a workload's own). */
export function isThroughput(id: string): boolean {
  return id === 'throughput' || id.startsWith('throughput:');
}

/** The metric with this id; throws for an unknown id (a programming error). */
export function metricById(id: string): MetricDef {
  const m = METRICS.find((x) => x.id === id);
  if (!m) throw new Error(`unknown metric id ${id}`);
  return m;
}

/** Whether a run counts in the statistics: finished 'ok' and not a warmup. */
export function countsInStatistics(r: RunRecord): boolean {
  return r.status === 'ok' && !r.warmup;
}
