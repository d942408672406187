/** A tile position; every distance rule of the game is one of the two below. */
export interface Tile {
  x: number;
  y: number;
}

/** Chebyshev (king-move) distance in tiles: area of interest, aggression, leash, trade, bank and shop ranges. */
export function chebyshev(a: Tile, b: Tile): number {
  return Math.max(Math.abs(a.x - b.x), Math.abs(a.y - b.y));
}

/** Manhattan distance in tiles: melee reach and gathering reach are `<= 1` (the same tile or a cardinal neighbour). */
export function manhattan(a: Tile, b: Tile): number {
  return Math.abs(a.x - b.x) + Math.abs(a.y - b.y);
}

/** Melee reach (GAME_RULES "Combat"): the same tile or a cardinal neighbour. */
export const MELEE_REACH_TILES = 1;

/** Whether something on `a` can swing at something on `b`: the one melee reach rule of server and client. */
export function inMeleeReach(a: Tile, b: Tile): boolean {
  return manhattan(a, b) <= MELEE_REACH_TILES;
}
