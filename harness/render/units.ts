/**
 * The one unit convention of everything deploybench prints (progress lines, errors, cache listing, report,
 * diff, Markdown): bytes in binary (IEC) units with their right labels, "250 MiB", "1.50 GiB"; every number
 * (bytes included) with about 3 significant digits; p-values, ratios, confidence intervals and changes one way. Pure.
 */

/** What a value that is missing (null, undefined, NaN, infinite) prints as. */
const MISSING = '–';

/** Binary byte units, each 1024 times the one before. */
const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** How to show a column or axis of values: divide by `divisor`, append `unit`. */
export interface DisplayUnit {
  /** What a raw value is divided by before it is shown (1024^2 for MiB). */
  divisor: number;
  /** The label shown after the number ("MiB", "s", "%"). */
  unit: string;
}

const missing = (v: number | null | undefined): v is null | undefined =>
  v === null || v === undefined || !Number.isFinite(v);

/** Largest finite value (0 when none); a loop, so arrays of any length are fine (no spread into Math.max). */
export function maxOf(values: Iterable<number | null>): number {
  let max = 0;
  for (const v of values) if (v !== null && Number.isFinite(v) && v > max) max = v;
  return max;
}

/** The binary unit a byte count is shown in: the largest whose value is at least 1 (B below 1 KiB). */
export function bytesUnit(bytes: number): DisplayUnit {
  let i = 0;
  while (i < BYTE_UNITS.length - 1 && Math.abs(bytes) >= 1024 ** (i + 1)) i++;
  return { divisor: 1024 ** i, unit: BYTE_UNITS[i] ?? 'B' };
}

/** The unit to show a metric in, chosen from the largest value to show: bytes as GiB from 1 GiB, else MiB. */
export function displayUnit(metric: { unit: string }, values: readonly (number | null)[]): DisplayUnit {
  if (metric.unit !== 'bytes') return { divisor: 1, unit: metric.unit };
  return maxOf(values) >= 1024 ** 3 ? { divisor: 1024 ** 3, unit: 'GiB' } : { divisor: 1024 ** 2, unit: 'MiB' };
}

/** A number with about 3 significant digits, at most 2 decimals beyond what its size needs ("12.3", "0.312", "1234"). */
export function formatNumber(v: number | null | undefined): string {
  if (missing(v)) return MISSING;
  const a = Math.abs(v);
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  if (a === 0) return '0';
  return v.toPrecision(3);
}

/** A raw value as the number shown in a display unit, without the unit: whole bytes ("512"), else formatNumber ("250", "1.50"). */
export function formatIn(v: number | null | undefined, u: DisplayUnit): string {
  if (missing(v)) return MISSING;
  return u.unit === 'B' ? v.toFixed(0) : formatNumber(v / u.divisor);
}

/** A raw value in a display unit with the unit: "1.50 GiB", "23.4 s", "152%" (no space before %). */
export function formatWithUnit(v: number | null | undefined, u: DisplayUnit): string {
  if (missing(v)) return MISSING;
  const n = formatIn(v, u);
  if (u.unit === '%') return `${n}%`;
  return u.unit === '' ? n : `${n} ${u.unit}`;
}

/** Bytes in the binary unit that fits, 3 significant digits: "512 B", "12.1 KiB", "250 MiB", "1.50 GiB". */
export function formatBytes(bytes: number | null | undefined): string {
  return missing(bytes) ? MISSING : formatWithUnit(bytes, bytesUnit(bytes));
}

/** A metric value in its own unit ('bytes', 's', '%', or anything else shown after the number). */
export function formatValue(value: number | null | undefined, unit: string): string {
  if (unit === 'bytes' || unit === 'B') return formatBytes(value);
  return formatWithUnit(value, { divisor: 1, unit });
}

/** A p-value: "<0.001" below 0.001, else 3 decimals ("0.029"). */
export function formatP(p: number | null | undefined): string {
  if (missing(p)) return MISSING;
  return p < 0.001 ? '<0.001' : p.toFixed(3);
}

/** A ratio B/A: "1.500x". */
export function formatRatio(ratio: number | null | undefined): string {
  return missing(ratio) ? MISSING : `${ratio.toFixed(3)}x`;
}

/** A confidence interval of a ratio, as precise as the ratio: "[1.420, 1.580]"; MISSING when either end is. */
export function formatCi(low: number | null | undefined, high: number | null | undefined): string {
  return missing(low) || missing(high) ? MISSING : `[${low.toFixed(3)}, ${high.toFixed(3)}]`;
}

/**
 * A signed change in percent: "+50.0%", "-20.0%", "+1624%" (whole from 1000 on); every change that rounds to 0
 * reads "+0.0%", whatever its sign (-0.03 % read "0.0%" while 0 read "+0.0%": the sign is always there).
 */
export function formatChange(percent: number | null | undefined): string {
  if (missing(percent)) return MISSING;
  const text = Math.abs(percent) >= 1000 ? `${Math.round(percent)}` : percent.toFixed(1);
  if (text === '-0.0') return '+0.0%';
  return `${percent >= 0 ? '+' : ''}${text}%`;
}

/** A share 0..1 as a whole percentage: "92%". */
export function formatShare(x: number): string {
  return `${Math.round(x * 100)}%`;
}
