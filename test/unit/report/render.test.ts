// HTML and Markdown rendering of a SYNTHETIC campaign whose names and errors carry markup.
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../../harness/report/html.ts';
import { renderMarkdown } from '../../../harness/report/markdown.ts';
import { allCharts, buildReportModel } from '../../../harness/report/model.ts';
import { chartToSvg } from '../../../harness/report/svg.ts';
import { syntheticInput } from '../../helpers/synthetic-campaign.ts';

const IMG = '<img src=x onerror=window.__pwned=1>';
const SCRIPT = '</script><script>window.__pwned=1</script>';
const model = buildReportModel([
  syntheticInput({
    reps: 4,
    samplesPerRun: 40,
    stacks: [`torch-${IMG}`, 'torch-2.6-debian13'],
    host: { hostname: SCRIPT, cpu: { model: IMG } },
    warnings: [SCRIPT],
    failures: [
      {
        stack: 'torch-2.6-debian13',
        deployment: 'container',
        job: 'infer',
        rep: 1,
        status: 'failed',
        error: `${SCRIPT} | ${IMG}`,
      },
    ],
  }),
]);
const libs = { vega: '/* vega */', vegaLite: '/* vega-lite */', vegaEmbed: '/* vega-embed */' };

describe('renderHtml', () => {
  const html = renderHtml(model, libs);

  it('has the six sections, a CSP that forbids network access, and the libraries inlined', () => {
    for (const h of [
      '1. Summary',
      '2. Execution time, CPU, RAM and GPU memory',
      '3. Footprint',
      '4. Timelines',
      '5. Tables',
      '6. Environment and warnings',
    ]) {
      expect(html).toContain(`<h2>${h}</h2>`);
    }
    expect(html).toMatch(
      /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;[^"]*connect-src &#39;none&#39;">/,
    );
    expect(html).toContain('<script>/* vega-lite */</script>');
    expect(html).not.toMatch(/<script[^>]+src=/);
  });

  it('escapes every string from the files: no markup from names survives', () => {
    expect(html).not.toContain(IMG);
    expect(html).not.toContain('<script>window.__pwned');
    expect(html).toContain('&lt;img src=x onerror=window.__pwned=1&gt;');
    // Exactly the page's own five script elements (JSON specs, three libraries, runtime).
    expect(html.match(/<script/g)).toHaveLength(5);
    expect(html.match(/<\/script>/g)).toHaveLength(5);
  });

  it('embeds the chart specs as JSON that parses back', () => {
    const json = /<script type="application\/json" id="report-charts">(.*?)<\/script>/s.exec(html)![1]!;
    const charts = JSON.parse(json) as { id: string; spec: unknown }[];
    expect(charts.map((c) => c.id)).toEqual(allCharts(model).map((c) => c.id));
    expect(JSON.stringify(charts)).toContain(IMG); // the names are data, drawn as SVG text by vega
  });
});

describe('renderMarkdown', () => {
  const text = renderMarkdown(model);

  it('has findings, tables and warnings, with names escaped', () => {
    expect(text).toContain('### Findings: Training');
    expect(text).toContain('**Table 3: training, median \\[95% bootstrap CI\\] per scenario**');
    expect(text).toContain('| scenario | n | Execution time (s) |');
    expect(text).not.toContain(IMG);
    expect(text).not.toContain('</script>');
    expect(text).toContain('&lt;/script&gt;&lt;script&gt;window.\\_\\_pwned=1&lt;/script&gt; \\| &lt;img');
    // Table rows keep their column count despite pipes in names.
    // (each row against the header of its own table: tables differ in their columns).
    let header = 0;
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (lines[i + 1]?.startsWith('| ---')) header = line.replace(/\\\|/g, '').split('|').length;
      if (line.startsWith('| torch-')) expect(line.replace(/\\\|/g, '').split('|').length).toBe(header);
    });
  });
});

describe('chartToSvg', () => {
  it('renders a Vega-Lite chart headless', async () => {
    const svg = await chartToSvg(model.charts.bars[0]!);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Execution time (s)');
    expect(svg).not.toContain(IMG); // text is escaped in SVG too
  });
});
