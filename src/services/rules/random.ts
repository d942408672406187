/** A source of uniform numbers in [0, 1): the only randomness the simulation and the combat rules use. */
export type RandomSource = () => number;

/**
 * mulberry32: a small, fast 32-bit generator, reproducible from its seed. `COMBAT_RNG_SEED` seeds a
 * process's source with it; tests seed their own.
 */
export function mulberry32(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A seeded source when `seed` is given, else one backed by `Math.random`. */
export function randomSource(seed?: number): RandomSource {
  return seed === undefined ? Math.random : mulberry32(seed);
}

/** A uniform integer in min..max, both included (min when max < min). */
export function randomInt(random: RandomSource, min: number, max: number): number {
  if (max <= min) return min;
  return min + Math.floor(random() * (max - min + 1));
}
