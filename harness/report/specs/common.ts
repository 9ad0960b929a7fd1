/**
 * What every chart shares: the chart entry type, colours, sizes and the vega-lite config.
 */

/** $schema of the Vega-Lite specs (the major version bundled). */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Colours of the deployments, fixed so that a deployment has the same colour in every chart. */
export const DEPLOYMENT_COLORS: Record<string, string> = {
  'bare-metal': '#4c78a8',
  container: '#f58518',
  host: '#54a24b',
};

/** Colours for stacks (and anything else without a fixed colour), in order. */
export const PALETTE = [
  '#4c78a8',
  '#e45756',
  '#72b7b2',
  '#b279a2',
  '#eeca3b',
  '#9d755d',
  '#54a24b',
  '#ff9da6',
  '#bab0ac',
  '#f58518',
];

/** The colour scale of the deployments shown: fixed colours first, the palette for others. */
export function deploymentScale(deployments: readonly string[]): { domain: string[]; range: string[] } {
  const spare = PALETTE.filter((c) => !Object.values(DEPLOYMENT_COLORS).includes(c));
  let k = 0;
  return {
    domain: [...deployments],
    range: deployments.map((d) => DEPLOYMENT_COLORS[d] ?? spare[k++ % spare.length]!),
  };
}

/** A colour scale over arbitrary names, in palette order. */
export function paletteScale(names: readonly string[]): { domain: string[]; range: string[] } {
  return { domain: [...names], range: names.map((_n, i) => PALETTE[i % PALETTE.length]!) };
}

/** Vega-Lite config of every chart: readable fonts, no background, quiet axes. */
export const VL_CONFIG = {
  background: 'white',
  font: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif',
  view: { stroke: '#ddd' },
  axis: { labelFontSize: 11, titleFontSize: 12, labelLimit: 220 },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 320, orient: 'bottom' },
  title: { fontSize: 13, anchor: 'start' },
  header: { labelFontSize: 12, titleFontSize: 12 },
} as const;
