/**
 * HTML building blocks of the report: tables, lists, charts' figures, and the page's style sheet. Every
 * text goes through escapeHtml. Pure.
 */
import { escapeHtml as esc, inlineScript, jsonForScript } from './escape.ts';
import type { ChartSpec } from './chart.ts';
import type { Table } from './table.ts';

/** A table with caption and notes. */
export function tableHtml(t: Table): string {
  const head = t.head.map((h) => `<th>${esc(h)}</th>`).join('');
  const rows = t.rows
    .map(
      (r) =>
        `<tr>${r.map((c) => `<td${c.cls ? ` class="${c.cls}"` : ''}${c.title ? ` title="${esc(c.title)}"` : ''}>${esc(c.text)}</td>`).join('')}</tr>`,
    )
    .join('\n');
  const notes = t.notes.map((n) => `<p class="note">${esc(n)}</p>`).join('');
  const body =
    t.rows.length === 0 ? `<tr><td colspan="${t.head.length}" class="muted">nothing to show</td></tr>` : rows;
  return `<div class="table-wrap"><table><caption>${esc(t.caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>${notes}`;
}

/** A bulleted list, or a muted paragraph when empty. */
export function listHtml(items: readonly string[], empty: string, cls = ''): string {
  if (items.length === 0) return `<p class="muted">${esc(empty)}</p>`;
  return `<ul${cls ? ` class="${cls}"` : ''}>${items.map((i) => `<li>${esc(i)}</li>`).join('\n')}</ul>`;
}

/** Label/value pairs as a definition list. */
export function factsHtml(facts: readonly [string, string][]): string {
  return `<dl class="facts">${facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`;
}

/** The figure a chart is drawn into (by the page's script, from the embedded specs). */
export function chartHtml(c: ChartSpec): string {
  return `<figure class="chart"><h3>${esc(c.title)}</h3><div class="vega" id="chart-${esc(c.id)}" data-chart="${esc(c.id)}"></div><figcaption>${esc(c.caption)}</figcaption></figure>`;
}

/** A section with a numbered heading. */
export function sectionHtml(id: string, heading: string, body: string): string {
  return `<section id="${esc(id)}"><h2>${esc(heading)}</h2>\n${body}\n</section>`;
}

/** Style sheet of the page (no external fonts or images). */
const CSS = `
:root { color-scheme: light; --fg: #1d2330; --muted: #6b7280; --line: #e3e6ea; --accent: #4c78a8; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: #f6f7f9; }
header { background: #1d2330; color: #fff; padding: 18px 32px; }
header h1 { margin: 0 0 6px; font-size: 20px; font-weight: 600; overflow-wrap: anywhere; }
header nav a { color: #cfe0f5; margin-right: 16px; text-decoration: none; font-size: 13px; }
main { max-width: 1320px; margin: 0 auto; padding: 8px 32px 48px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 6px; margin: 20px 0; padding: 8px 24px 20px; }
h2 { font-size: 18px; margin: 14px 0 10px; border-bottom: 2px solid var(--accent); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; overflow-wrap: anywhere; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 8px 0 12px; }
dl.facts dt { font-weight: 600; color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
ul { padding-left: 20px; } li { margin: 3px 0; overflow-wrap: anywhere; }
ul.warnings li { color: #8a4b00; }
figure.chart { margin: 10px 0 22px; }
figure.chart figcaption, p.note, .muted { color: var(--muted); font-size: 12.5px; }
.charts-row { display: flex; flex-wrap: wrap; gap: 8px 40px; } .charts-row > figure { flex: 0 0 auto; width: min-content; }
.table-wrap { overflow-x: auto; margin: 10px 0 4px; }
table { border-collapse: collapse; font-size: 12.5px; min-width: 50%; }
caption { text-align: left; font-weight: 600; padding: 4px 0 6px; font-size: 13.5px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: left; vertical-align: top; overflow-wrap: break-word; max-width: 420px; }
th { background: #f0f2f5; font-weight: 600; min-width: 4em; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.better, td.worse, td.muted { white-space: nowrap; } td.better { color: #1e7b34; font-weight: 600; } td.worse { color: #b42318; font-weight: 600; } td.muted { color: var(--muted); }
.vega { min-height: 40px; max-width: 100%; overflow-x: auto; }
.vega-bindings { margin: 6px 0 10px; font-size: 13px; } .vega-bindings select { font-size: 13px; max-width: 100%; }
@media print { body { background: #fff; } section { break-inside: avoid-page; border: none; } header { color: #000; background: none; } }
`;

/**
 * The Content-Security-Policy of every page deploybench writes: no network at all (the chart libraries
 * are inlined); `unsafe-eval` because vega compiles its expressions at run time.
 */
export const CSP =
  "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:; connect-src 'none'";

/** Source code of the browser bundles to inline. */
export interface ChartLibraries {
  vega: string;
  vegaLite: string;
  vegaEmbed: string;
}

/** What a self-contained page of deploybench (report or diff) is made of. */
export interface PageParts {
  title: string;
  /** Section ids and headings, for the navigation bar. */
  nav: readonly (readonly [string, string])[];
  /** Section HTML, in order. */
  sections: readonly string[];
  /** Id of the JSON script element holding the chart specs, read by `runtime`. */
  chartsId: string;
  charts: readonly Pick<ChartSpec, 'id' | 'mode' | 'spec'>[];
  libs: ChartLibraries;
  /** The page's own script, which draws the charts. */
  runtime: string;
}

/** A complete HTML document: CSP, style, header with navigation, sections, escaped chart specs and the inlined libraries. */
export function htmlPage(p: PageParts): string {
  const nav = p.nav.map(([id, heading]) => `<a href="#${id}">${esc(heading)}</a>`).join('');
  const charts = p.charts.map((c) => ({ id: c.id, mode: c.mode, spec: c.spec }));
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${esc(CSP)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(p.title)}</title>`,
    `<style>${CSS}</style></head><body>`,
    `<header><h1>${esc(p.title)}</h1><nav>${nav}</nav></header>`,
    `<main>${p.sections.join('\n')}</main>`,
    `<script type="application/json" id="${esc(p.chartsId)}">${jsonForScript(charts)}</script>`,
    `<script>${inlineScript(p.libs.vega)}</script>`,
    `<script>${inlineScript(p.libs.vegaLite)}</script>`,
    `<script>${inlineScript(p.libs.vegaEmbed)}</script>`,
    `<script>${p.runtime}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}
