/**
 * Seeded randomness: the only source of chance in the simulator (kube-proxy's statistic
 * match, ephemeral ports, MACs of new devices), so a seed reproduces a whole session.
 */

/** PRNG state (mulberry32); plain data so a snapshot can copy it. */
export interface RandomState {
  /** The 32-bit generator state. */
  s: number;
}

/** A generator for `seed`. */
export const createRandom = (seed = 1): RandomState => ({ s: seed >>> 0 });

/** Next float in [0, 1). */
export function random(r: RandomState): number {
  r.s = (r.s + 0x6d2b79f5) >>> 0;
  let t = r.s;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** Integer in [lo, hi]. */
export const randomInt = (r: RandomState, lo: number, hi: number): number =>
  lo + Math.floor(random(r) * (hi - lo + 1));
