// Number formatting shared by the text, markdown and HTML outputs.

/** A number with 3 significant digits (no exponent for everyday magnitudes). */
export function sig3(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs === 0) return '0';
  if (abs >= 1000) return Math.round(value).toString();
  return Number(value.toPrecision(3)).toString();
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** Bytes in binary units: `1.50 GiB`. */
export function formatBytes(bytes: number): string {
  let v = bytes;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < BYTE_UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? String(Math.round(v)) : v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2)} ${BYTE_UNITS[i]}`;
}

/** A metric value in its unit ('bytes', 's', '%', or anything else shown after the number); `-` for null. */
export function formatValue(value: number | null, unit: string): string {
  if (value === null) return '-';
  if (unit === 'bytes' || unit === 'B') return formatBytes(value);
  if (unit === '%') return `${sig3(value)}%`;
  return unit === '' ? sig3(value) : `${sig3(value)} ${unit}`;
}

/** A ratio B/A: `1.500x`; `-` for null. */
export function formatRatio(ratio: number | null): string {
  return ratio === null ? '-' : `${ratio.toFixed(3)}x`;
}

/** A confidence interval of a ratio: `[1.42, 1.58]`; `-` when either end is missing. */
export function formatCi(low: number | null, high: number | null): string {
  return low === null || high === null ? '-' : `[${low.toFixed(2)}, ${high.toFixed(2)}]`;
}

/** A p-value: `0.008`, `<0.001`; `-` for null. */
export function formatP(p: number | null): string {
  if (p === null) return '-';
  return p < 0.001 ? '<0.001' : p.toFixed(3);
}

/** A signed percentage: `+50.0%`, `-20.0%`; `-` for null. */
export function formatPercent(percent: number | null): string {
  if (percent === null) return '-';
  return `${percent >= 0 ? '+' : ''}${percent.toFixed(1)}%`;
}
