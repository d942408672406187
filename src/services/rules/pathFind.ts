import { DIRECTIONS, STEP, type Direction } from "../../protocol/names.js";
import type { Tile } from "./distance.js";

export interface PathQuery {
  from: Tile;
  /** Whether a path may end on this tile (e.g. the target tile, or any tile in reach of a target). */
  isGoal: (x: number, y: number) => boolean;
  /** Whether a path may step onto this tile (walkable, not a portal, not taken...). Not asked of `from`. */
  canEnter: (x: number, y: number) => boolean;
  /** At most this many tiles are explored; beyond it the search gives up (null). */
  maxTiles: number;
}

/**
 * The shortest 4-direction path (breadth-first, neighbours in the order up, down, left, right, so ties
 * break the same way everywhere) from `from` to the nearest tile where `isGoal` holds: the directions of
 * each step, [] when `from` is a goal, null when no goal is reachable within `maxTiles` explored tiles.
 * Used by the NPCs' chase and return, the browser client's click-to-walk and the load-test bots.
 */
export function findPath(query: PathQuery): Direction[] | null {
  const { from, isGoal, canEnter, maxTiles } = query;
  if (isGoal(from.x, from.y)) return [];
  const xs: number[] = [from.x];
  const ys: number[] = [from.y];
  const parent: number[] = [-1];
  const via: Direction[] = ["up"];
  const seen = new Set<number>([tileKey(from.x, from.y)]);
  for (let head = 0; head < xs.length && xs.length <= maxTiles; head++) {
    for (const dir of DIRECTIONS) {
      const x = xs[head]! + STEP[dir].dx;
      const y = ys[head]! + STEP[dir].dy;
      const key = tileKey(x, y);
      if (seen.has(key)) continue;
      seen.add(key);
      if (!canEnter(x, y)) continue;
      xs.push(x);
      ys.push(y);
      parent.push(head);
      via.push(dir);
      if (isGoal(x, y)) {
        const steps: Direction[] = [];
        for (let at = xs.length - 1; at > 0; at = parent[at]!) steps.push(via[at]!);
        return steps.reverse();
      }
    }
  }
  return null;
}

/** A number unique to each tile of a map up to 65,536 tiles a side (cheaper to hash than a string). */
function tileKey(x: number, y: number): number {
  return (x + 32_768) * 65_536 + (y + 32_768);
}
