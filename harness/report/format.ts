/**
 * Display units and number formatting of the report: bytes as MB or GB (decimal, 1 MB = 10^6 bytes),
 * times in seconds, CPU in percent of one core.
 */
import type { MetricDef } from '../stats/metrics.ts';

/** How to show the values of one metric: divide by `divisor`, append `unit`. */
export interface DisplayUnit {
  divisor: number;
  unit: string;
}

/** Largest finite value (0 when none); a loop, so arrays of any length are fine (no spread into Math.max). */
export function maxOf(values: Iterable<number | null>): number {
  let max = 0;
  for (const v of values) if (v !== null && Number.isFinite(v) && v > max) max = v;
  return max;
}

/** The unit to show a metric in, chosen from the largest value to show (GB from 1 GB, else MB). */
export function displayUnit(metric: Pick<MetricDef, 'unit'>, values: readonly (number | null)[]): DisplayUnit {
  if (metric.unit !== 'bytes') return { divisor: 1, unit: metric.unit };
  const max = maxOf(values);
  return max >= 1e9 ? { divisor: 1e9, unit: 'GB' } : { divisor: 1e6, unit: 'MB' };
}

/** A number with about 3 significant digits, at most 2 decimals beyond what its size needs ("12.3", "0.312", "1234"). */
export function formatNumber(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  if (a === 0) return '0';
  return v.toPrecision(3);
}

/** A value in a display unit with the unit, e.g. "1.52 GB", "23.4 s", "152 %". */
export function formatWithUnit(v: number | null | undefined, u: DisplayUnit): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return `${formatNumber(v / u.divisor)} ${u.unit}`;
}

/** Bytes as MB or GB, e.g. "812 MB", "1.52 GB". */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '–';
  return formatWithUnit(bytes, bytes >= 1e9 ? { divisor: 1e9, unit: 'GB' } : { divisor: 1e6, unit: 'MB' });
}

/** A p-value: "<0.001" below 0.001, else 3 significant digits. */
export function formatP(p: number | null): string {
  if (p === null || !Number.isFinite(p)) return '–';
  return p < 0.001 ? '<0.001' : p.toPrecision(3);
}

/** A share 0..1 as a whole percentage, e.g. "92%". */
export function formatShare(x: number): string {
  return `${Math.round(x * 100)}%`;
}

/** Title of a metric with its display unit, e.g. "RAM peak (GB)". */
export function metricTitle(metric: Pick<MetricDef, 'label'>, u: DisplayUnit): string {
  return `${metric.label} (${u.unit === '%' ? '% of one core' : u.unit})`;
}

/** A label inside a sentence: "Execution time" -> "execution time", acronyms kept ("CPU average"). */
export function phrase(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}
