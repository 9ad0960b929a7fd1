import { escapeHtml as esc } from '../../render/escape.ts';
import { chartHtml, htmlPage, listHtml, sectionHtml, tableHtml, type ChartLibraries } from '../../render/html-parts.ts';
import type { ChartSpec } from '../../render/chart.ts';
import type { Table, TableCell } from '../../render/table.ts';
import { formatMargin } from '../../stats/verdict.ts';
import { regressionsAbove, undecidedForRepetitions, undecidedGateLine } from '../regress.ts';
import type { DiffResult, DiffRow } from '../types.ts';
import { direction, metricsOf, ratioChartSpec } from './html-charts.ts';
import {
  COMPARISON_HEADER,
  comparisonCells,
  fingerprintRows,
  frameworkRows,
  rowWarnings,
  unmatchedLines,
} from './rows.ts';
import { formatChange } from '../../render/units.ts';
import type { FormatOptions } from './text.ts';

/** The chart libraries' source text (vega, vega-lite, vega-embed), inlined so the page opens offline. */
export type HtmlAssets = ChartLibraries;

const RUNTIME = `(function () {
  'use strict';
  var charts = JSON.parse(document.getElementById('diff-charts').textContent);
  var drawn = 0;
  Promise.all(charts.map(function (c) {
    var el = document.getElementById('chart-' + c.id);
    return vegaEmbed(el, c.spec, { mode: c.mode, renderer: 'svg', actions: false })
      .then(function () { drawn++; })
      .catch(function (e) { el.textContent = 'This chart could not be drawn: ' + e; console.error('chart ' + c.id + ' failed: ' + e); });
  })).then(function () { document.body.setAttribute('data-charts-drawn', drawn + '/' + charts.length); });
})();`;

const NUMERIC = new Set([3, 4, 5, 6, 7, 8]);

function comparisonTable(d: DiffResult, tripped: ReadonlySet<DiffRow>): Table {
  return {
    caption: 'B compared with A, per scenario, job and metric',
    head: COMPARISON_HEADER,
    rows: d.rows.map((r) => {
      const dir = direction(r);
      return comparisonCells(r, tripped.has(r) ? ' (over --fail-above)' : '').map((text, i): TableCell => {
        if (NUMERIC.has(i)) return { text, cls: 'num' };
        if (i === COMPARISON_HEADER.length - 1)
          return { text, ...(dir === 'same' ? {} : { cls: dir }), ...(r.warning ? { title: r.warning } : {}) };
        return { text };
      });
    }),
    notes: [
      `Ratio = median B / median A with its 95% bootstrap confidence interval; p from Mann-Whitney U (or Welch when both sides look normal); verdict: different (p < 0.05 and the CI excludes 1), equivalent (≈: the CI lies within the margin, ${formatMargin(d.margin)}) or undecided, with the reason.`,
    ],
  };
}

const plainTable = (caption: string, head: string[], rows: string[][]): Table => ({
  caption,
  head,
  rows: rows.map((r) => r.map((text) => ({ text }))),
  notes: [],
});

// The --fail-above verdict: the regressions over it, and the rows too few repetitions leave undecided.
function gateHtml(d: DiffResult, tripped: ReadonlySet<DiffRow>, opts: FormatOptions): string {
  if (opts.failAbove === undefined) return '';
  const undecided = opts.allowUndecided ? [] : undecidedForRepetitions(d.rows);
  const cannot =
    undecided.length === 0 ? '' : `<p><strong>${esc(undecidedGateLine(undecided, opts.failAbove))}</strong></p>`;
  if (tripped.size === 0) return `<p>No significant regression above ${opts.failAbove}%.</p>${cannot}`;
  return `<p><strong>${tripped.size} significant regression(s) above ${opts.failAbove}%:</strong></p>${listHtml(
    [...tripped].map((r) => `${r.scenario} ${r.job} ${r.label}: ${formatChange(r.regressionPercent)} worse`),
    '',
    'warnings',
  )}${cannot}`;
}

/** The diff as a self-contained HTML page in the report's style: summary, one ratio chart per metric, the comparison table, fingerprints. Every string from files is escaped. */
export function formatHtml(d: DiffResult, assets: HtmlAssets, opts: FormatOptions = {}): string {
  const tripped = new Set(opts.failAbove === undefined ? [] : regressionsAbove(d.rows, opts.failAbove));
  const a = d.fingerprints.a.campaign;
  const b = d.fingerprints.b.campaign;
  const title = `deploybench diff: ${b.id} vs ${a.id}`;
  const charts: ChartSpec[] = metricsOf(d).map((m, i) => ({
    id: `ratio-${i}`,
    title: `${m.label}: B / A`,
    caption: `One line per scenario and job: the ratio of medians with its 95% CI, log scale; red: significantly ${m.lowerIsBetter ? 'higher' : 'lower'} (worse), green: significantly better, grey: no significant difference.`,
    mode: 'vega-lite',
    spec: ratioChartSpec(d, m.id),
  }));
  const gate = gateHtml(d, tripped, opts);
  const summary = `<p>B <code>${esc(b.label)}</code> compared with A <code>${esc(a.label)}</code>.</p>${gate}<h3>Warnings</h3>${listHtml([...d.warnings, ...rowWarnings(d)], 'None.', 'warnings')}${
    unmatchedLines(d).length > 0 ? `<h3>Not compared</h3>${listHtml(unmatchedLines(d), '')}` : ''
  }`;
  const sections = [
    sectionHtml('summary', '1. Summary', summary),
    sectionHtml(
      'ratios',
      '2. Ratios',
      charts.length === 0
        ? '<p class="muted">No metric to compare.</p>'
        : `<div class="charts-row">${charts.map(chartHtml).join('\n')}</div>`,
    ),
    sectionHtml('comparison', '3. Comparison', tableHtml(comparisonTable(d, tripped))),
    sectionHtml(
      'environment',
      '4. Machines and stacks',
      `${tableHtml(plainTable('Machines and campaigns', ['', 'A', 'B'], fingerprintRows(d)))}${tableHtml(plainTable('Framework fingerprints', ['stack', 'A', 'B'], frameworkRows(d)))}`,
    ),
  ];
  const nav = [
    ['summary', '1. Summary'],
    ['ratios', '2. Ratios'],
    ['comparison', '3. Comparison'],
    ['environment', '4. Machines and stacks'],
  ] as const;
  return htmlPage({ title, nav, sections, chartsId: 'diff-charts', charts, libs: assets, runtime: RUNTIME });
}
