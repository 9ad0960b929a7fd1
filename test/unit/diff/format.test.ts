import { describe, expect, it } from 'vitest';
import { compile } from 'vega-lite';
import { buildDiff } from '../../../harness/diff/build.ts';
import { formatDiff } from '../../../harness/diff/format/index.ts';
import { ratioChartSpec } from '../../../harness/diff/format/html-charts.ts';
import { mdTable, textTable } from '../../../harness/render/table.ts';
import { makeHost, makeMatrixRecords, makeRecord, makeSide, SPREAD } from './fixtures.ts';

const ASSETS = { vega: '/*vega*/', vegaLite: '/*vega-lite </script> inside*/', vegaEmbed: '/*vega-embed*/' };
const diff = () =>
  buildDiff(
    makeSide('results/a', makeMatrixRecords(), makeHost({ hostname: 'lab-a' })),
    makeSide(
      'results/b',
      makeMatrixRecords({ scale: { wall: 1.5, memory: 0.8 } }),
      makeHost({ hostname: 'lab-b', cores: 16, cpuModel: 'AMD EPYC 7763' }),
    ),
  );

// Strings that come from files: a stack name and a host name that try to break out of tables and HTML.
const EVIL = '<script>alert(1)</script>|x';
const hostile = () => {
  const recs = (f: number) =>
    SPREAD.map((s, i) =>
      makeRecord({ stack: EVIL, rep: i + 1, wallSeconds: 10 * s * f, framework: { version: '<b>2.6</b>' } }),
    );
  return buildDiff(
    makeSide('A', recs(1), makeHost({ hostname: 'h<img src=x onerror=alert(1)>' })),
    makeSide('B', recs(2)),
  );
};

describe('tables', () => {
  it('aligns text columns', () => {
    expect(
      textTable(
        ['a', 'bb'],
        [
          ['xyz', '1'],
          ['w', '22'],
        ],
        ['left', 'right'],
      ),
    ).toBe('a    bb\n---  --\nxyz   1\nw    22');
  });
  it('escapes markdown cells', () => {
    expect(mdTable(['h'], [['a|b<c>\nd']])).toBe('| h |\n| --- |\n| a\\|b&lt;c&gt; d |');
  });
});

describe('formatText', () => {
  it('shows both fingerprints above an aligned table', () => {
    const text = formatDiff(diff(), 'text');
    const table = text.indexOf('scenario  ');
    expect(text.indexOf('lab-a')).toBeGreaterThan(0);
    expect(text.indexOf('lab-a')).toBeLessThan(table);
    expect(text).toMatch(/CPU +Intel\(R\) Xeon\(R\) CPU E5-2680 v4 +AMD EPYC 7763/);
    expect(text).toMatch(/logical CPUs +2 \(2 physical\) +16 \(16 physical\)/);
    expect(text).toContain('! CPU counts differ');
    const lines = text
      .slice(table)
      .split('\n')
      .filter((l) => l.includes('Execution time'));
    expect(lines).toHaveLength(8);
    expect(new Set(lines.map((l) => l.indexOf('1.500x'))).size).toBe(1);
  });

  it('marks and lists the rows over --fail-above', () => {
    const text = formatDiff(diff(), 'text', { failAbove: 10 });
    expect(text).toContain('8 significant regression(s) above 10% (marked !):');
    expect(text).toContain('torch-2.6-debian13@container train Execution time: +50.0% worse');
    expect(formatDiff(diff(), 'text', { failAbove: 60 })).toContain('no significant regression above 60%');
  });
});

describe('formatJson', () => {
  it('has rows, fingerprints, warnings and the unmatched lists', () => {
    const json = JSON.parse(formatDiff(diff(), 'json', { failAbove: 10 })) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual([
      'rows',
      'fingerprints',
      'warnings',
      'onlyInA',
      'onlyInB',
      'margin',
      'failAbove',
    ]);
    const rows = json.rows as Record<string, unknown>[];
    expect(rows[0]).toMatchObject({
      scenario: 'torch-1.13-debian12@bare-metal',
      job: 'infer',
      metric: 'wallSeconds',
      verdict: '+50.0%',
    });
    expect(Object.keys(rows[0]!)).toEqual(
      expect.arrayContaining(['a', 'b', 'ratio', 'ciLow', 'ciHigh', 'pValue', 'verdict', 'regressionPercent']),
    );
    expect((json.failAbove as { tripped: unknown[] }).tripped).toHaveLength(8);
    expect((json.fingerprints as { b: { host: { cpuCores: number } } }).b.host.cpuCores).toBe(16);
  });
});

describe('escaping of strings from files', () => {
  it('markdown keeps the table intact', () => {
    const md = formatDiff(hostile(), 'markdown');
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('<img');
    expect(md).toContain('&lt;script&gt;alert(1)&lt;/script&gt;\\|x@container');
  });

  it('HTML escapes every string and inlines scripts safely', () => {
    const html = formatDiff(hostile(), 'html', { assets: ASSETS });
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>2.6');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;|x@container');
    expect(html).toContain('/*vega-lite <\\/script> inside*/');
    expect(html).toContain('\\u003cscript\\u003ealert(1)');
    expect(html.match(/<script[\s>]/g)).toHaveLength(5);
    expect(html.match(/<\/script>/g)).toHaveLength(5);
  });
});

describe('ratio charts', () => {
  it('compile with vega-lite, one point per scenario/job', () => {
    const spec = ratioChartSpec(diff(), 'wallSeconds');
    const data = (spec.data as { values: { ratio: number; change: string }[] }).values;
    expect(data).toHaveLength(8);
    expect(data.every((v) => v.change === 'worse' && Math.abs(v.ratio - 1.5) < 1e-9)).toBe(true);
    expect(() => compile(spec as never)).not.toThrow();
  });

  it('the HTML page has one chart per metric', () => {
    const html = formatDiff(diff(), 'html', { assets: ASSETS });
    expect(html.match(/<div class="vega" id="chart-ratio-\d+"/g)).toHaveLength(5);
    expect(html).toContain('lab-b');
  });
});
