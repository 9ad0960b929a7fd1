/**
 * Words of the report around its numbers: a metric's title with its display unit, labels inside
 * sentences. The numbers themselves are formatted by render/units.ts. Pure.
 */
import type { DisplayUnit } from '../render/units.ts';
import type { MetricDef } from '../stats/metrics.ts';

/** Title of a metric with its display unit, e.g. "Private peak RAM (GiB)". */
export function metricTitle(metric: Pick<MetricDef, 'label'>, u: DisplayUnit): string {
  return `${metric.label} (${u.unit === '%' ? '% of one core' : u.unit})`;
}

/** A label inside a sentence: "Execution time" -> "execution time", acronyms kept ("CPU average"). */
export function phrase(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}
