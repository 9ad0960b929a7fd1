/**
 * The report's statistical tables as plain data (rendered to HTML or Markdown elsewhere): per-scenario
 * medians with CIs (the paper's Tables 3 and 4), the comparisons, and the decomposition. Pure.
 */
import { cellOf, isHeadline, type Analysis, type ComparisonRow } from './analysis.ts';
import { decisionText } from './decisions.ts';
import { metricTitle } from './format.ts';
import { displayUnit, formatCi, formatIn, formatP, formatRatio, formatShare, formatWithUnit } from '../render/units.ts';
import { jobWord, type Grouping } from './groups.ts';
import type { Table, TableCell } from '../render/table.ts';

const num = (text: string, title?: string): TableCell => ({ text, cls: 'num', ...(title ? { title } : {}) });

/** Per job: one row per scenario, one column per metric with data: "median [CI low, CI high]", and n. */
export function scenarioTables(g: Grouping, a: Analysis): Table[] {
  return g.jobs.map((job, i) => {
    const groups = g.groups.filter((x) => x.job === job);
    const metrics = a.metricsByJob.get(job) ?? [];
    const units = metrics.map((m) =>
      displayUnit(
        m,
        groups.flatMap((x) => [cellOf(a, x, m.id).summary.ciHigh, cellOf(a, x, m.id).summary.max]),
      ),
    );
    const rows = groups.map((x) => {
      const failed = x.runs.length - x.ok.length;
      const cells = metrics.map((m, j) => {
        const s = cellOf(a, x, m.id).summary;
        const f = (v: number | null): string => formatIn(v, units[j]!);
        const title =
          s.n === 0
            ? undefined
            : `n=${s.n}, mean ${f(s.mean)}, sd ${f(s.sd)}, min ${f(s.min)}, max ${f(s.max)}, RSD ${s.rsd === null ? '–' : `${s.rsd.toFixed(1)}%`}`;
        return num(s.n === 0 ? '–' : `${f(s.median)} [${f(s.ciLow)}, ${f(s.ciHigh)}]`, title);
      });
      return [{ text: x.label }, num(`${x.ok.length}${failed > 0 ? ` (+${failed} not ok)` : ''}`), ...cells];
    });
    return {
      caption: `Table ${3 + i}: ${jobWord(job)}, median [95% bootstrap CI] per scenario`,
      head: ['scenario', 'n', ...metrics.map((m, j) => metricTitle(m, units[j]!))],
      rows,
      notes: ['n counts the ok, non-warmup runs; runs that did not end ok are excluded (see Warnings).'],
    };
  });
}

// The decision in words; different ones coloured better/worse, undecided ones greyed.
function verdictCell(r: ComparisonRow): TableCell {
  const c = r.comparison;
  const text = decisionText(r);
  if (c.decision.outcome === 'undecided') return { text, cls: 'muted' };
  if (c.decision.outcome === 'equivalent') return { text };
  const better = r.metric.lowerIsBetter ? (c.ratio ?? 1) < 1 : (c.ratio ?? 1) > 1;
  return { text, cls: better ? 'better' : 'worse', title: better ? 'better' : 'worse' };
}

function shortWarning(w: string | null): TableCell {
  if (w === null) return { text: '' };
  const m = /smallest possible p = ([\d.e-]+)/.exec(w);
  return { text: m ? `too few reps (min p ${m[1]})` : w, title: w };
}

/** The comparisons of one kind: ratio B/A with CI, p-value and test, verdict, warning. */
export function comparisonTable(a: Analysis, kind: ComparisonRow['kind']): Table {
  const rows = a.comparisons
    .filter((r) => r.kind === kind && isHeadline(r.metric.id))
    .map((r) => {
      const c = r.comparison;
      const u = displayUnit(r.metric, [c.medianA, c.medianB]);
      const f = (v: number | null): string => formatWithUnit(v, u);
      const ratio = c.ratio === null ? '–' : `${formatRatio(c.ratio)} ${formatCi(c.ciLow, c.ciHigh)}`;
      return [
        { text: jobWord(r.job) },
        { text: r.label },
        { text: r.metric.label },
        num(`${f(c.medianA)} (n=${c.nA})`),
        num(`${f(c.medianB)} (n=${c.nB})`),
        num(ratio),
        num(formatP(c.pValue), c.test),
        verdictCell(r),
        shortWarning(c.warning),
      ];
    });
  return {
    caption: kind === 'deployment' ? 'Deployment vs bare metal, per stack' : 'Stack vs stack, per deployment',
    head: [
      'job',
      'comparison (B vs A)',
      'metric',
      'median A',
      'median B',
      'ratio B/A [95% CI]',
      'p',
      'verdict',
      'note',
    ],
    rows,
    notes: [
      'Ratio = median B / median A with a 95% bootstrap CI; p from a two-sided Mann-Whitney U test (exact for small samples), or Welch\'s t test where both samples have n >= 10 and look normal. Verdict: "equivalent within ±m" when the CI lies inside [1-m, 1+m] (m from the matrix\'s decision.marginPercent or --margin, default 5%; needs at least 4 runs per side), "different" when p < 0.05 and the CI excludes 1, otherwise "undecided" with the reason (too few repetitions, too noisy: CI wider than the margin band, or CI straddling the margin).',
    ],
  };
}

/** The stack x deployment decomposition (shares of the sum of squares of log(metric)). */
export function decompositionTable(g: Grouping, a: Analysis): Table {
  const pcell = (share: number, p: number | null): TableCell =>
    num(formatShare(share), p === null ? undefined : `F-test p ${formatP(p)}`);
  return {
    caption: 'Where the variation comes from: share of the variance of log(metric)',
    head: [
      ...(g.sources.length > 1 ? ['machine'] : []),
      'job',
      'metric',
      'stack',
      'deployment',
      'interaction',
      'run-to-run noise',
      'n',
    ],
    rows: a.decompositions
      .filter((d) => isHeadline(d.metric.id))
      .map((d) => [
        ...(g.sources.length > 1 ? [{ text: d.source.label }] : []),
        { text: jobWord(d.job) },
        { text: d.metric.label },
        pcell(d.decomposition.stack.share, d.decomposition.stack.pValue),
        pcell(d.decomposition.deployment.share, d.decomposition.deployment.pValue),
        pcell(d.decomposition.interaction.share, d.decomposition.interaction.pValue),
        num(formatShare(d.decomposition.residual.share)),
        num(`${d.decomposition.n}${d.decomposition.balanced ? '' : ' (unbalanced)'}`),
      ]),
    notes: [
      'Two-way ANOVA-style sums of squares on log(value), so shares describe relative effects. Hover a share for its F-test p-value.',
    ],
  };
}
