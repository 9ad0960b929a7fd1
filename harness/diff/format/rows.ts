import type { DiffResult, DiffRow, FrameworkFingerprint, HostSummary, SideFingerprint } from '../types.ts';
import { formatBytes, formatCi, formatP, formatRatio, formatValue } from './units.ts';
import type { Align } from './table.ts';

// The cells every output shows, computed once so text, markdown and HTML agree.

const orDash = (v: string | number | null): string => (v === null ? '-' : String(v));

function hostCells(h: HostSummary): string[] {
  return [
    orDash(h.hostname),
    orDash(h.os),
    orDash(h.kernel),
    orDash(h.cpuModel),
    h.cpuCores === null ? '-' : `${h.cpuCores}${h.physicalCores === null ? '' : ` (${h.physicalCores} physical)`}`,
    h.memoryBytes === null ? '-' : formatBytes(h.memoryBytes),
    h.gpus.length === 0 ? 'none' : h.gpus.join(', '),
    orDash(h.gpuDriver),
    orDash(h.docker),
    h.cgroupVersion === null ? '-' : `v${h.cgroupVersion}`,
  ];
}

function campaignCells(fp: SideFingerprint): string[] {
  const c = fp.campaign;
  return [
    c.label,
    c.id,
    c.startedAt,
    c.matrixFile,
    orDash(c.preset),
    c.intervalsMs.length === 0 ? '-' : c.intervalsMs.map((i) => `${i} ms`).join(', '),
    `${c.harnessVersion}${c.commit ? ` (${c.commit.slice(0, 10)})` : ''}`,
  ];
}

const FIELD_LABELS = [
  'campaign folder',
  'campaign id',
  'started',
  'matrix',
  'preset',
  'sampling interval',
  'harness',
  'hostname',
  'OS',
  'kernel',
  'CPU',
  'logical CPUs',
  'memory',
  'GPU',
  'GPU driver',
  'Docker',
  'cgroup',
];

/** Side-by-side fingerprint rows: [field, A, B]. */
export function fingerprintRows(d: DiffResult): string[][] {
  const a = [...campaignCells(d.fingerprints.a), ...hostCells(d.fingerprints.a.host)];
  const b = [...campaignCells(d.fingerprints.b), ...hostCells(d.fingerprints.b.host)];
  return FIELD_LABELS.map((label, i) => [label, a[i] ?? '-', b[i] ?? '-']);
}

const frameworkText = (f: FrameworkFingerprint | undefined): string =>
  f === undefined
    ? '(not run)'
    : Object.entries(f.values)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ') || '(nothing reported)';

/** Framework fingerprint rows per stack: [stack, A, B]. */
export function frameworkRows(d: DiffResult): string[][] {
  const stacks = [
    ...new Set([...d.fingerprints.a.frameworks, ...d.fingerprints.b.frameworks].map((f) => f.stack)),
  ].sort();
  const find = (list: readonly FrameworkFingerprint[], s: string): FrameworkFingerprint | undefined =>
    list.find((f) => f.stack === s);
  return stacks.map((s) => [
    s,
    frameworkText(find(d.fingerprints.a.frameworks, s)),
    frameworkText(find(d.fingerprints.b.frameworks, s)),
  ]);
}

/** Header of the comparison table. */
export const COMPARISON_HEADER = [
  'scenario',
  'job',
  'metric',
  'n A/B',
  'median A',
  'median B',
  'B/A',
  '95% CI',
  'p',
  'verdict',
];
/** Alignment of the comparison table's columns. */
export const COMPARISON_ALIGN: Align[] = [
  'left',
  'left',
  'left',
  'right',
  'right',
  'right',
  'right',
  'right',
  'right',
  'right',
];

/** The comparison table's cells for one row; `mark` flags rows (e.g. those over --fail-above). */
export function comparisonCells(r: DiffRow, mark = ''): string[] {
  return [
    r.scenario,
    r.job,
    r.label,
    `${r.a.n}/${r.b.n}`,
    formatValue(r.a.median, r.unit),
    formatValue(r.b.median, r.unit),
    formatRatio(r.ratio),
    formatCi(r.ciLow, r.ciHigh),
    formatP(r.pValue),
    `${r.verdict}${mark}`,
  ];
}

/** Lines listing what is only in one side. */
export function unmatchedLines(d: DiffResult): string[] {
  return [
    ...d.onlyInA.map((u) => `only in A: ${u.scenario} ${u.job} (${u.runs} ok runs)`),
    ...d.onlyInB.map((u) => `only in B: ${u.scenario} ${u.job} (${u.runs} ok runs)`),
  ];
}

/** Warnings of the comparisons (e.g. too few repetitions), one line per distinct warning with the rows it applies to. */
export function rowWarnings(d: DiffResult): string[] {
  const byText = new Map<string, string[]>();
  for (const r of d.rows) {
    if (!r.warning) continue;
    const list = byText.get(r.warning) ?? [];
    list.push(`${r.scenario} ${r.job} ${r.label}`);
    byText.set(r.warning, list);
  }
  return [...byText].map(
    ([text, where]) => `${text} (${where.length <= 3 ? where.join('; ') : `${where.length} rows`})`,
  );
}
