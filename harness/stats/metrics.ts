/**
 * The metrics the report and the diff compare, each with how to read it from a run record.
 */
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
  { id: 'cpuAvgPercent', label: 'CPU average', unit: '%', lowerIsBetter: true, extract: (r) => finite(r.cpu.avgPercent) },
  { id: 'cpuMaxPercent', label: 'CPU maximum', unit: '%', lowerIsBetter: true, extract: (r) => finite(r.cpu.maxPercent) },
  { id: 'memoryPeakBytes', label: 'RAM peak', unit: 'bytes', lowerIsBetter: true, extract: (r) => finite(r.memory.peakBytes) },
  { id: 'gpuPeakBytes', label: 'GPU peak memory', unit: 'bytes', lowerIsBetter: true, extract: (r) => finite(r.gpu?.peakBytes) },
  {
    id: 'throughput',
    label: 'Throughput',
    unit: 'windows/s',
    lowerIsBetter: false,
    extract: (r) => finite((r.job.throughput as { windowsPerSecond?: unknown } | undefined)?.windowsPerSecond),
  },
  { id: 'cpuTotalSeconds', label: 'CPU time', unit: 's', lowerIsBetter: true, extract: (r) => finite(r.cpu.totalSeconds) },
  { id: 'memoryAvgBytes', label: 'RAM average', unit: 'bytes', lowerIsBetter: true, extract: (r) => finite(r.memory.avgBytes) },
];

/** The metrics of the paper's footprint (Figures 4-6): time, CPU avg and max, RAM, GPU memory. */
export const FOOTPRINT_METRIC_IDS = ['wallSeconds', 'cpuAvgPercent', 'cpuMaxPercent', 'memoryPeakBytes', 'gpuPeakBytes'] as const;

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
