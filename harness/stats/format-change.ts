import { formatChange as formatPercentChange } from '../render/units.ts';

/** Formats a ratio as a signed percentage change: 1.123 -> "+12.3%", 0.96 -> "-4.0%" (render/units.ts formats it). */
export function formatChange(ratio: number): string {
  return formatPercentChange((ratio - 1) * 100);
}
