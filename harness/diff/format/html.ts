import { escapeHtml, inlineScript as safeScript, jsonForScript } from '../../report/escape.ts';
import { regressionsAbove } from '../regress.ts';
import type { DiffResult } from '../types.ts';
import { direction, metricsOf, ratioChartSpec } from './html-charts.ts';
import { COMPARISON_HEADER, comparisonCells, fingerprintRows, frameworkRows, rowWarnings, unmatchedLines } from './rows.ts';
import { formatPercent } from './units.ts';
import type { FormatOptions } from './text.ts';

/** The chart libraries' source text, inlined so the page opens offline. */
export interface HtmlAssets {
  vega: string;
  vegaLite: string;
  vegaEmbed: string;
}

const table = (header: readonly string[], rows: readonly (readonly string[])[], rowClass: (i: number) => string = () => ''): string =>
  `<table><thead><tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r, i) => `<tr${rowClass(i) ? ` class="${rowClass(i)}"` : ''}>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;

const STYLE = `body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1200px;padding:0 1rem;color:#222}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
table{border-collapse:collapse;margin:.5rem 0;font-size:13px}th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f4f4f4}tr.worse td{background:#fdecea}tr.better td{background:#eafaf1}tr.tripped td{font-weight:600}
.warn li{color:#8a4b00}.charts{display:flex;flex-wrap:wrap;gap:1.5rem}.muted{color:#666}`;

/** The diff as a self-contained HTML page: fingerprints, warnings, one ratio chart per metric, the comparison table. Every string from files is escaped. */
export function formatHtml(d: DiffResult, assets: HtmlAssets, opts: FormatOptions = {}): string {
  const tripped = new Set(opts.failAbove === undefined ? [] : regressionsAbove(d.rows, opts.failAbove));
  const a = d.fingerprints.a.campaign;
  const b = d.fingerprints.b.campaign;
  const metrics = metricsOf(d);
  const specs = metrics.map((m) => ratioChartSpec(d, m.id));
  const warnings = [...d.warnings, ...rowWarnings(d)];
  const unmatched = unmatchedLines(d);
  const body = [
    `<h1>deploybench diff</h1>`,
    `<p>B <code>${escapeHtml(b.id)}</code> compared with A <code>${escapeHtml(a.id)}</code>. Ratio = median B / median A with its 95% bootstrap confidence interval; a verdict of <code>~</code> means no significant difference.</p>`,
    opts.failAbove === undefined
      ? ''
      : tripped.size === 0
        ? `<p>No significant regression above ${opts.failAbove}%.</p>`
        : `<p><strong>${tripped.size} significant regression(s) above ${opts.failAbove}%:</strong></p><ul>${[...tripped].map((r) => `<li>${escapeHtml(`${r.scenario} ${r.job} ${r.label}: ${formatPercent(r.regressionPercent)} worse`)}</li>`).join('')}</ul>`,
    warnings.length > 0 ? `<h2>Warnings</h2><ul class="warn">${warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>` : '',
    unmatched.length > 0 ? `<ul class="muted">${unmatched.map((u) => `<li>${escapeHtml(u)}</li>`).join('')}</ul>` : '',
    `<h2>Ratios</h2><div class="charts">${specs.map((_, i) => `<div id="chart-${i}"></div>`).join('')}</div>`,
    `<h2>Comparison</h2>`,
    d.rows.length === 0
      ? '<p>No metric to compare.</p>'
      : table(COMPARISON_HEADER, d.rows.map((r) => comparisonCells(r)), (i) => {
          const r = d.rows[i];
          if (!r) return '';
          return [direction(r) === 'same' ? '' : direction(r), tripped.has(r) ? 'tripped' : ''].filter(Boolean).join(' ');
        }),
    `<h2>Machines and campaigns</h2>`,
    table(['', 'A', 'B'], fingerprintRows(d)),
    frameworkRows(d).length > 0 ? `<h2>Framework fingerprints</h2>${table(['stack', 'A', 'B'], frameworkRows(d))}` : '',
  ].filter((s) => s !== '');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`deploybench diff: ${a.id} vs ${b.id}`)}</title>
<style>${STYLE}</style>
<script>${safeScript(assets.vega)}</script>
<script>${safeScript(assets.vegaLite)}</script>
<script>${safeScript(assets.vegaEmbed)}</script>
</head><body>
${body.join('\n')}
<script type="application/json" id="diff-specs">${jsonForScript(specs)}</script>
<script>
const specs = JSON.parse(document.getElementById('diff-specs').textContent);
specs.forEach((spec, i) => vegaEmbed('#chart-' + i, spec, { actions: false, renderer: 'svg' }).catch((e) => { document.getElementById('chart-' + i).textContent = String(e); }));
</script>
</body></html>
`;
}
