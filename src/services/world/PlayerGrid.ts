const CELL_TILES = 8;

/**
 * Player ids bucketed by 8x8 cells of tiles, so that an NPC looking for players within a few tiles reads a
 * handful of cells instead of every player of the map.
 */
export class PlayerGrid {
  private readonly cells = new Map<number, Set<number>>();
  private readonly cellOf = new Map<number, number>();

  put(id: number, x: number, y: number): void {
    const cell = cellKey(Math.floor(x / CELL_TILES), Math.floor(y / CELL_TILES));
    const previous = this.cellOf.get(id);
    if (previous === cell) return;
    if (previous !== undefined) this.cells.get(previous)?.delete(id);
    let ids = this.cells.get(cell);
    if (!ids) this.cells.set(cell, (ids = new Set()));
    ids.add(id);
    this.cellOf.set(id, cell);
  }

  remove(id: number): void {
    const cell = this.cellOf.get(id);
    if (cell === undefined) return;
    const ids = this.cells.get(cell);
    ids?.delete(id);
    if (ids?.size === 0) this.cells.delete(cell);
    this.cellOf.delete(id);
  }

  /** Ids of the players in every cell that overlaps the square of `radius` tiles around (x, y) (a superset). */
  *near(x: number, y: number, radius: number): Generator<number> {
    const [cx0, cy0] = [Math.floor((x - radius) / CELL_TILES), Math.floor((y - radius) / CELL_TILES)];
    const [cx1, cy1] = [Math.floor((x + radius) / CELL_TILES), Math.floor((y + radius) / CELL_TILES)];
    for (let cy = cy0; cy <= cy1; cy++) {
      for (let cx = cx0; cx <= cx1; cx++) {
        const ids = this.cells.get(cellKey(cx, cy));
        if (ids) yield* ids;
      }
    }
  }
}

function cellKey(cx: number, cy: number): number {
  // Cells of maps up to 65,536 tiles wide and tall, negative ones included, map to distinct keys.
  return (cy + 8192) * 16_384 + (cx + 8192);
}
