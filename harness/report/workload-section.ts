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

/**
 * The reference workload's metrics in the study's order: its settings g and h first, then the session
 * counts, then the ratios; anything else it reports after them, by name.
 */
const REFERENCE_ORDER = [
  'topk',
  'window',
  'tp',
  'fp',
  'tn',
  'fn',
  'precision',
  'recall',
  'specificity',
  'f1',
  'edr',
  'finalLoss',
  'topkAccuracy',
];
/** Column heads of the reference workload's metrics where the name alone does not say it. */
const REFERENCE_HEADS: Record<string, string> = { topk: 'g (top-g)', window: 'h (window)' };
/** Settings and counts among the reference workload's metrics: no better or worse. */
const REFERENCE_NEUTRAL = new Set(['topk', 'window', 'epochs', 'tp', 'fp', 'tn', 'fn']);
const REFERENCE_NOTE =
  "g: a window is normal when its actual next event is among the g most likely (the study's k); h: events of context per window. " +
  'Over sessions (external IPs) with at least h + 1 events: tp, fp, tn, fn = flagged malicious, flagged benign, unflagged benign, unflagged malicious; ' +
  'a session is flagged at its first window whose next event is outside the top g. precision tp/(tp+fp), recall tp/(tp+fn), specificity tn/(tn+fp), ' +
  'f1 2tp/(2tp+fp+fn), edr: mean over true positives of (position of the first flagged event) / (session length), lower is earlier.';

// The metric names of one job's table, in the order shown.
function orderedNames(names: string[], reference: boolean): string[] {
  if (!reference) return names;
  const rank = (n: string): number => {
    const i = REFERENCE_ORDER.indexOf(n);
    return i < 0 ? REFERENCE_ORDER.length : i;
  };
  return [...names].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

// Whole numbers (counts, g, h) as they are; others to formatNumber's precision.
const metricText = (v: number): string => (Number.isInteger(v) ? String(v) : formatNumber(v));

// One cell: the median over the ok runs, its range in the title.
function metricCell(values: number[]): TableCell {
  if (values.length === 0) return { text: '–', cls: 'muted' };
  const spread = Math.max(...values) - Math.min(...values);
  return {
    text: metricText(median(values)),
    cls: 'num',
    title:
      spread === 0
        ? `the same in all ${values.length} runs`
        : `range ${metricText(Math.min(...values))} to ${metricText(Math.max(...values))}`,
  };
}

/** Per job: the median of every quality metric the jobs reported (result.json `metrics`), one row per scenario. */
export function jobMetricsTables(g: Grouping): Table[] {
  const reference = g.sources.every((s) => !isUserWorkload(s.campaign.matrix.workload));
  return g.jobs.flatMap((job) => {
    const groups = g.groups.filter((x) => x.job === job);
    const names = orderedNames(reportedNames(groups.flatMap((x) => x.ok)).metrics, reference);
    if (names.length === 0) return [];
    const rows = groups.map((x): TableCell[] => [
      { text: x.label },
      { text: String(x.ok.length), cls: 'num' },
      ...names.map((n) =>
        metricCell(
          x.ok.map((r) => r.job.metrics?.[n]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v)),
        ),
      ),
    ]);
    const judged = names.filter((n) => !(reference && REFERENCE_NEUTRAL.has(n)));
    const better = judged.map((n) => `${n}: ${qualityLowerIsBetter(n) ? 'lower' : 'higher'} is better`).join('; ');
    return [
      {
        caption: `${job}: metrics reported by the job (median over ok runs)`,
        head: ['scenario', 'n', ...names.map((n) => (reference ? (REFERENCE_HEADS[n] ?? n) : n))],
        rows,
        notes: [
          `From each run's result.json \`metrics\`.${better ? ` ${better} (guessed from the name).` : ''}`,
          ...(reference && names.includes('tp') ? [REFERENCE_NOTE] : []),
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
