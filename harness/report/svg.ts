/**
 * Renders chart specs to standalone SVG files with vega's headless View (no browser): `--svg DIR`.
 * Vega-Lite specs are compiled to Vega first; bound inputs (the timeline's select box) take their
 * default value.
 */
import { join } from 'node:path';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { writeFileAtomic } from '../core/atomic.ts';
import type { ChartSpec } from '../render/chart.ts';

/** One chart rendered to an SVG string. */
export async function chartToSvg(chart: ChartSpec): Promise<string> {
  const spec =
    chart.mode === 'vega-lite' ? compile(chart.spec as unknown as TopLevelSpec).spec : (chart.spec as vega.Spec);
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Writes `<id>.svg` for every chart into `dir`; returns the paths written. */
export async function writeSvgs(charts: readonly ChartSpec[], dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const c of charts) {
    const file = join(dir, `${c.id.replace(/[^a-zA-Z0-9_-]/g, '_')}.svg`);
    await writeFileAtomic(file, await chartToSvg(c));
    out.push(file);
  }
  return out;
}
