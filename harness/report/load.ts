/**
 * Reads campaign folders for the report: run records through the results store, and each run's time
 * series, downsampled with LTTB right away so that memory stays small with thousands of runs.
 */
import { relative } from 'node:path';
import { loadCampaign, type LoadedRun } from '../results/store.ts';
import type { Sample } from '../results/schema.ts';
import { lttb, type Point } from './lttb.ts';
import type { CampaignInput, RunInput, RunSeries } from './types.ts';

/** Points per series at most (the ceiling). */
export const MAX_POINTS_PER_SERIES = 1000;
/** Points per series at least, however many runs there are. */
export const MIN_POINTS_PER_SERIES = 60;
/** Total points of every series of a report, spread evenly over the runs (keeps the file near a few MiB). */
export const TOTAL_POINT_BUDGET = 250_000;

const CONCURRENCY = 16;

/** Points per series for a report with `series` series in all. */
export function pointsPerSeries(series: number): number {
  if (series <= 0) return MAX_POINTS_PER_SERIES;
  return Math.max(MIN_POINTS_PER_SERIES, Math.min(MAX_POINTS_PER_SERIES, Math.floor(TOTAL_POINT_BUDGET / series)));
}

function column(samples: readonly Sample[], pick: (s: Sample) => number | null): Point[] {
  const out: Point[] = [];
  for (const s of samples) {
    const v = pick(s);
    if (typeof v === 'number' && Number.isFinite(v) && Number.isFinite(s.t)) out.push({ t: s.t, v });
  }
  return out;
}

/** A run's samples as downsampled series (null values, such as the first CPU sample, are left out). */
export function toSeries(samples: readonly Sample[], maxPoints: number): RunSeries {
  return {
    cpu: lttb(
      column(samples, (s) => s.cpuPercent),
      maxPoints,
    ),
    memory: lttb(
      column(samples, (s) => s.memoryBytes),
      maxPoints,
    ),
    gpu: lttb(
      column(samples, (s) => s.gpuMemoryBytes),
      maxPoints,
    ),
  };
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Loads campaign folders with their (downsampled) series; problems reading a series become warnings. */
export async function loadCampaigns(
  dirs: readonly string[],
): Promise<{ campaigns: CampaignInput[]; problems: string[] }> {
  const loaded = await Promise.all(dirs.map((d) => loadCampaign(d)));
  const wanted = (r: LoadedRun): boolean => !r.record.warmup && r.record.samples.file !== null;
  const seriesCount = loaded.reduce(
    (s, c) => s + c.runs.filter(wanted).reduce((k, r) => k + (r.record.gpu ? 3 : 2), 0),
    0,
  );
  const maxPoints = pointsPerSeries(seriesCount);
  const problems: string[] = loaded.flatMap((c) => c.warnings);
  const campaigns = await Promise.all(
    loaded.map(async (c): Promise<CampaignInput> => {
      const runs = await mapLimited(c.runs, CONCURRENCY, async (run): Promise<RunInput> => {
        if (!wanted(run)) return { record: run.record, series: null };
        try {
          const samples = await run.samples();
          return { record: run.record, series: samples.length > 0 ? toSeries(samples, maxPoints) : null };
        } catch (error) {
          problems.push(
            `${relative(process.cwd(), run.file) || run.file}: time series unreadable (${(error as Error).message}); its timeline is left out`,
          );
          return { record: run.record, series: null };
        }
      });
      return { dir: c.dir, campaign: c.campaign, runs };
    }),
  );
  return { campaigns, problems };
}
