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
