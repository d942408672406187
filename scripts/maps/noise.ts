import { tileHash } from "./Grid.js";

const smooth = (t: number) => t * t * (3 - 2 * t);

/**
 * Smooth value noise in [0, 1): a hashed value at every `cellTiles`-th tile, blended between them, so that
 * neighbouring tiles get similar values (woods, clearings, coastlines). Deterministic: `seed` picks one of
 * many independent fields.
 */
export function valueNoise(x: number, y: number, cellTiles: number, seed: number): number {
  const gx = Math.floor(x / cellTiles);
  const gy = Math.floor(y / cellTiles);
  const fx = smooth(x / cellTiles - gx);
  const fy = smooth(y / cellTiles - gy);
  const at = (i: number, j: number) => tileHash(i + seed * 1_013, j + seed * 7_919) / 2 ** 32;
  const top = at(gx, gy) + (at(gx + 1, gy) - at(gx, gy)) * fx;
  const bottom = at(gx, gy + 1) + (at(gx + 1, gy + 1) - at(gx, gy + 1)) * fx;
  return top + (bottom - top) * fy;
}

/** A value in [0, 1) fixed for each tile and `seed` (white noise): where single things go. */
export function tileChance(x: number, y: number, seed: number): number {
  return tileHash(x * 31 + seed * 104_729, y * 17 + seed * 1_299_709) / 2 ** 32;
}
