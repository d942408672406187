/** Tiles of the embedded tileset (gid = tile id + 1). In the collision layer any non-zero gid blocks. */
export const GID = { empty: 0, grass: 1, wall: 2, water: 3, path: 4, tree: 5 } as const;
/** The tileset's tile types in gid order. */
export const TILE_TYPES = ["grass", "wall", "water", "path", "tree"];

/** One tile layer being drawn: a gid per tile, row by row. */
export class Grid {
  readonly cells: number[];

  constructor(readonly width: number, readonly height: number, fill: number) {
    this.cells = new Array<number>(width * height).fill(fill);
  }

  get(x: number, y: number): number {
    return this.cells[y * this.width + x] ?? GID.empty;
  }

  set(x: number, y: number, gid: number): void {
    if (x >= 0 && y >= 0 && x < this.width && y < this.height) this.cells[y * this.width + x] = gid;
  }

  rect(x: number, y: number, width: number, height: number, gid: number): void {
    for (let j = y; j < y + height; j++) for (let i = x; i < x + width; i++) this.set(i, j, gid);
  }

  border(gid: number): void {
    this.rect(0, 0, this.width, 1, gid);
    this.rect(0, this.height - 1, this.width, 1, gid);
    this.rect(0, 0, 1, this.height, gid);
    this.rect(this.width - 1, 0, 1, this.height, gid);
  }
}

/** A fixed, well-mixed 32-bit hash of a tile: where trees grow, without randomness. */
export function tileHash(x: number, y: number): number {
  let h = (Math.imul(x, 374761393) + Math.imul(y, 668265263)) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 1274126177) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The tile nearest to (x, y) (rings of growing Chebyshev distance up to `maxRadius`, in reading order) that
 * `fits` and is not yet `taken`; it is then taken.
 * @throws Error when there is none.
 */
export function nearestWhere(
  x: number, y: number, taken: Set<string>, fits: (x: number, y: number) => boolean, maxRadius = 10,
): { x: number; y: number } {
  for (let r = 0; r < maxRadius; r++) {
    for (let j = y - r; j <= y + r; j++) {
      for (let i = x - r; i <= x + r; i++) {
        if (Math.max(Math.abs(i - x), Math.abs(j - y)) !== r || taken.has(`${i},${j}`) || !fits(i, j)) continue;
        taken.add(`${i},${j}`);
        return { x: i, y: j };
      }
    }
  }
  throw new Error(`no fitting tile near (${x}, ${y})`);
}

/** The walkable tile nearest to (x, y) not yet taken (see `nearestWhere`). */
export function nearestFree(collision: Grid, x: number, y: number, taken: Set<string>): { x: number; y: number } {
  return nearestWhere(x, y, taken, (i, j) => collision.get(i, j) === GID.empty);
}

/** Which tiles can be walked to from `start` (4 directions over tiles whose collision gid is empty): 1 or 0 per tile. */
export function reachableFrom(collision: Grid, start: { x: number; y: number }): Uint8Array {
  const { width, height } = collision;
  const seen = new Uint8Array(width * height);
  const queue = [start.y * width + start.x];
  seen[queue[0]!] = 1;
  for (let head = 0; head < queue.length; head++) {
    const at = queue[head]!;
    const x = at % width;
    const y = (at - x) / width;
    for (const [i, j] of [[x, y - 1], [x, y + 1], [x - 1, y], [x + 1, y]] as const) {
      if (i < 0 || j < 0 || i >= width || j >= height) continue;
      const next = j * width + i;
      if (seen[next] === 1 || collision.get(i, j) !== GID.empty) continue;
      seen[next] = 1;
      queue.push(next);
    }
  }
  return seen;
}

/**
 * Whether a player can stand next to (x, y) (a cardinal neighbour, or the tile itself) on a tile that
 * `reachable` holds: where a resource there can be gathered from.
 */
export function reachableBeside(reachable: Uint8Array, width: number, x: number, y: number): boolean {
  return [[x, y], [x, y - 1], [x, y + 1], [x - 1, y], [x + 1, y]].some(
    ([i, j]) => i! >= 0 && j! >= 0 && i! < width && reachable[j! * width + i!] === 1,
  );
}
