/**
 * Whether a run record was flagged noisy (it shared the host's CPUs with other work). The flag,
 * `record.noise.noisy`, is written by the noise sampler where it exists; records without it are not
 * noisy. A narrow guard, so records from before the field (or from a branch without it) read as not noisy.
 */
export function isNoisy(record: unknown): boolean {
  if (typeof record !== 'object' || record === null || !('noise' in record)) return false;
  const noise: unknown = record.noise;
  return typeof noise === 'object' && noise !== null && 'noisy' in noise && noise.noisy === true;
}
