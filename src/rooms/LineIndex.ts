/**
 * Ids of things on a tile grid, by column and by row: after a one-tile step only the things on the four
 * columns (or rows) at the edge of an area of interest can change sides, so a step checks only those.
 */
export class LineIndex {
  private readonly byColumn = new Map<number, Set<number>>();
  private readonly byRow = new Map<number, Set<number>>();

  add(id: number, at: { x: number; y: number }): void {
    this.toggle(id, at, true);
  }

  remove(id: number, at: { x: number; y: number }): void {
    this.toggle(id, at, false);
  }

  /**
   * The ids that may have crossed the edge of a square of `radius` around a mover that stepped from
   * `from` to `to`; null when the change was not a one-tile step (then every id must be checked).
   */
  boundary(to: { x: number; y: number }, from: { x: number; y: number } | undefined, radius: number): number[] | null {
    if (!from || Math.abs(to.x - from.x) + Math.abs(to.y - from.y) !== 1) return null;
    const [lines, at] = from.x !== to.x ? [this.byColumn, to.x] : [this.byRow, to.y];
    const found: number[] = [];
    for (const line of [at - radius - 1, at - radius, at + radius, at + radius + 1]) for (const id of lines.get(line) ?? []) found.push(id);
    return found;
  }

  private toggle(id: number, at: { x: number; y: number }, present: boolean): void {
    for (const [lines, line] of [[this.byColumn, at.x], [this.byRow, at.y]] as const) {
      let ids = lines.get(line);
      if (present) {
        if (!ids) lines.set(line, (ids = new Set()));
        ids.add(id);
      } else if (ids) {
        ids.delete(id);
        if (ids.size === 0) lines.delete(line);
      }
    }
  }
}
