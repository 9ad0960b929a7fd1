/**
 * The report as one self-contained HTML page: the sections of the issue, the chart specs embedded as
 * escaped JSON, and vega, vega-lite and vega-embed inlined. A Content-Security-Policy forbids every
 * network request. Pure: the library code is passed in.
 */
import { escapeHtml as esc } from '../render/escape.ts';
import {
  chartHtml,
  factsHtml,
  htmlPage,
  listHtml,
  sectionHtml,
  tableHtml,
  type ChartLibraries,
} from '../render/html-parts.ts';
import { allCharts, type ReportModel } from './model.ts';

export type { ChartLibraries } from '../render/html-parts.ts';

// Draws every chart from the embedded specs; a chart that fails says so in place and on the console.
const RUNTIME = `(function () {
  'use strict';
  var charts = JSON.parse(document.getElementById('report-charts').textContent);
  var drawn = 0;
  var jobs = charts.map(function (c) {
    var el = document.getElementById('chart-' + c.id);
    return vegaEmbed(el, c.spec, { mode: c.mode, renderer: 'svg', actions: false })
      .then(function () { drawn++; })
      .catch(function (e) {
        el.textContent = 'This chart could not be drawn: ' + e;
        console.error('chart ' + c.id + ' failed: ' + e);
      });
  });
  Promise.all(jobs).then(function () { document.body.setAttribute('data-charts-drawn', drawn + '/' + charts.length); });
})();`;

const SECTIONS: [string, string][] = [
  ['summary', '1. Summary'],
  ['resources', '2. Execution time, CPU, RAM and GPU memory'],
  ['footprint', '3. Footprint'],
  ['timelines', '4. Timelines'],
  ['tables', '5. Tables'],
  ['environment', '6. Environment and warnings'],
];
// Only in a report over several campaigns (a fleet's nodes).
const MACHINES_SECTION: [string, string] = ['machines', '7. Machines side by side'];

function findingsHtml(m: ReportModel): string {
  if (m.findings.length === 0) return '<h3>Findings</h3><p class="muted">No finding: no run ended ok.</p>';
  return m.findings.map((f) => `<h3>Findings: ${esc(f.title)}</h3>${listHtml(f.items, '')}`).join('\n');
}

function bodySections(m: ReportModel): string[] {
  const t = m.tables;
  const warnLink =
    m.warnings.length > 0
      ? `<p><a href="#warnings">${m.warnings.length} warning${m.warnings.length === 1 ? '' : 's'}</a> (see section 6).</p>`
      : '';
  const machinesLink = m.machines
    ? `<p><a href="#machines">Machines side by side, node factor</a> (see section 7).</p>`
    : '';
  const parts = [
    `${factsHtml(m.facts)}${warnLink}${machinesLink}${findingsHtml(m)}${tableHtml(t.decomposition)}`,
    m.charts.bars.length > 0 ? m.charts.bars.map(chartHtml).join('\n') : '<p class="muted">No run to chart.</p>',
    m.charts.radars.length > 0
      ? `<div class="charts-row">${m.charts.radars.map(chartHtml).join('\n')}</div>`
      : '<p class="muted">No run to chart.</p>',
    m.charts.timeline ? chartHtml(m.charts.timeline) : '<p class="muted">No run stored a time series.</p>',
    [...t.scenarios, ...t.jobMetrics, t.deployment, t.stack].map(tableHtml).join('\n'),
    `${t.hosts.map(tableHtml).join('\n')}${tableHtml(t.frameworks)}<h3 id="warnings">Warnings</h3>${listHtml(m.warnings, 'None.', 'warnings')}`,
  ];
  const out = SECTIONS.map(([id, heading], i) => sectionHtml(id, heading, parts[i] ?? ''));
  if (m.machines)
    out.push(sectionHtml(MACHINES_SECTION[0], MACHINES_SECTION[1], m.machines.tables.map(tableHtml).join('\n')));
  return out;
}

/** Renders the model to a complete HTML document. */
export function renderHtml(m: ReportModel, libs: ChartLibraries): string {
  return htmlPage({
    title: m.title,
    nav: m.machines ? [...SECTIONS, MACHINES_SECTION] : SECTIONS,
    sections: bodySections(m),
    chartsId: 'report-charts',
    charts: allCharts(m),
    libs,
    runtime: RUNTIME,
  });
}
