/**
 * What the report says about the workload itself: the user workload's name and the hashes of its
 * folders, the quality metrics the jobs reported (by name, per scenario), and per-run problems (an
 * unusable result.json field, writes into the job's own filesystem, the log tail of a failed run). Pure.
 */
import { isUserWorkload } from '../matrix/workload.ts';
import { noiseText } from '../results/noise-text.ts';
import type { Facts } from './model.ts';
import { formatBytes, formatNumber } from '../render/units.ts';
import type { Grouping } from './groups.ts';
import type { Table, TableCell } from '../render/table.ts';
import { qualityLowerIsBetter, reportedNames } from '../stats/metrics.ts';
import { median } from '../stats/descriptive.ts';
import { dataFacts } from './data-facts.ts';

const short = (sha: string): string => sha.slice(0, 16);

/** Facts of a user workload: its name, and the code and data hashes every run saw. */
export function workloadFacts(g: Grouping): Facts {
  const out: Facts = [];
  for (const s of g.sources) {
    const q = g.sources.length > 1 ? ` (${s.label})` : '';
    const w = s.campaign.matrix.workload;
    out.push([
      `workload${q}`,
      `${w.name}${isUserWorkload(w) ? ' (your own: code, data and jobs from the matrix)' : ' (the reference LSTM detector)'}`,
    ]);
    const inputs = s.campaign.inputs;
    if (!inputs) continue;
    const part = (what: string, h: { sha256: string; files: number; bytes: number } | null): string | null =>
      h
        ? `${what} sha256 ${short(h.sha256)} (${h.files} file${h.files === 1 ? '' : 's'}, ${formatBytes(h.bytes)})`
        : null;
    const check =
      inputs.unchangedAtEnd === true
        ? 'hashed at the start and again at the end: unchanged, every run saw the same bytes'
        : inputs.unchangedAtEnd === false
          ? 'CHANGED during the campaign: runs may have seen different bytes'
          : 'hashed at the start (the campaign did not finish)';
    out.push([
      `workload inputs${q}`,
      `${[part('code', inputs.code), part('data', inputs.data)].filter(Boolean).join('; ')}; ${check}`,
    ]);
  }
  return [...out, ...dataFacts(g.sources)];
}

/** Per job: the median of every quality metric the jobs reported (result.json `metrics`), one row per scenario. */
export function jobMetricsTables(g: Grouping): Table[] {
  return g.jobs.flatMap((job) => {
    const groups = g.groups.filter((x) => x.job === job);
    const names = reportedNames(groups.flatMap((x) => x.ok)).metrics;
    if (names.length === 0) return [];
    const rows = groups.map((x): TableCell[] => [
      { text: x.label },
      { text: String(x.ok.length), cls: 'num' },
      ...names.map((n): TableCell => {
        const values = x.ok
          .map((r) => r.job.metrics?.[n])
          .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
        if (values.length === 0) return { text: '–', cls: 'muted' };
        const spread = Math.max(...values) - Math.min(...values);
        return {
          text: formatNumber(median(values)),
          cls: 'num',
          title:
            spread === 0
              ? `the same in all ${values.length} runs`
              : `range ${formatNumber(Math.min(...values))} to ${formatNumber(Math.max(...values))}`,
        };
      }),
    ]);
    return [
      {
        caption: `${job}: metrics reported by the job (median over ok runs)`,
        head: ['scenario', 'n', ...names],
        rows,
        notes: [
          `From each run's result.json \`metrics\`. ${names.map((n) => `${n}: ${qualityLowerIsBetter(n) ? 'lower' : 'higher'} is better`).join('; ')} (guessed from the name).`,
        ],
      },
    ];
  });
}

/** Per-run problems worth a warning: result.json fields left out, writes into the job's own filesystem, a shared machine. */
export function runProblemWarnings(g: Grouping): string[] {
  const out: string[] = [];
  for (const s of g.sources) {
    const q = s.label ? `${s.label} · ` : '';
    for (const { record: r } of s.runs) {
      const id = `${q}${r.scenario} ${r.job.name} ${r.warmup ? 'warmup' : 'rep'} ${r.rep}`;
      for (const w of r.warnings ?? []) out.push(`${id}: ${w}`);
      if (r.filesystemWrites && r.filesystemWrites.count > 0) {
        out.push(
          `${id}: the job wrote ${r.filesystemWrites.count} path${r.filesystemWrites.count === 1 ? '' : 's'} into its own filesystem outside /out and /tmp (${r.filesystemWrites.paths.slice(0, 5).join(', ')}${r.filesystemWrites.count > 5 ? ', ...' : ''}); discarded after the run, never seen by another`,
        );
      }
      if (r.noise?.noisy)
        out.push(`${id}: ran on a shared machine: ${noiseText(r.noise)}; its timings are less reliable`);
      if (r.status !== 'ok' && r.logTail && r.logTail.length > 0)
        out.push(`${id}: last lines of its log: ${r.logTail.slice(-5).join(' | ')}`);
    }
  }
  return out;
}
