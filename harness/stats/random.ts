/**
 * A small seeded pseudo-random generator (mulberry32): the same seed gives the same sequence on every
 * machine, which makes bootstrap confidence intervals reproducible. Not for cryptography.
 */
export type Random = () => number;

/** Default seed of every resampling in stats/, so that reports are reproducible byte for byte. */
export const DEFAULT_SEED = 0x5eed;

/** Returns a generator of floats in [0, 1) seeded with `seed` (any finite number; only its low 32 bits count). */
export function seededRandom(seed: number = DEFAULT_SEED): Random {
  let state = Math.trunc(seed) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fills `out` with a resample (with replacement) of `values`, drawn with `random`. */
export function resampleInto(values: readonly number[], out: Float64Array, random: Random): Float64Array {
  const n = values.length;
  for (let i = 0; i < out.length; i++) out[i] = values[Math.floor(random() * n)] as number;
  return out;
}
