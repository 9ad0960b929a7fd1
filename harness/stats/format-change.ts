/** Formats a ratio as a signed percentage change: 1.123 -> "+12.3%", 0.96 -> "-4.0%". */
export function formatChange(ratio: number): string {
  const pct = (ratio - 1) * 100;
  const text = Math.abs(pct) >= 1000 ? `${Math.round(pct)}` : pct.toFixed(1);
  return `${pct >= 0 ? '+' : ''}${text === '-0.0' ? '0.0' : text}%`;
}
