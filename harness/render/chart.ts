/**
 * The chart type shared by the report and the diff: what a page embeds and draws with vega-embed.
 */

/** One chart of a page (report or diff): an element id, a title and a Vega or Vega-Lite spec (plain JSON). */
export interface ChartSpec {
  /** Stable id made of fixed words and indices (never of names from files): used for element ids and SVG file names. */
  id: string;
  /** Heading shown above the chart (may contain names from files; escaped when rendered). */
  title: string;
  /** Short explanation shown under the chart. */
  caption: string;
  mode: 'vega-lite' | 'vega';
  spec: Record<string, unknown>;
}
