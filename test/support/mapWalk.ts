import { type GameMap, neighbours, type TilePoint } from "../../src/content/GameMap.js";

/**
 * Tiles reachable on foot from `start` (4 directions) as "x,y" keys, not passing through portals (a portal
 * tile is reached but not walked on from); `allowed` may forbid more tiles.
 */
export function walkable(map: GameMap, start: TilePoint, allowed: (p: TilePoint) => boolean = () => true): Set<string> {
  const seen = new Set([`${start.x},${start.y}`]);
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const p = queue[head]!;
    for (const n of neighbours(p)) {
      const key = `${n.x},${n.y}`;
      if (seen.has(key) || map.isBlocked(n.x, n.y) || !allowed(n)) continue;
      seen.add(key);
      if (!map.portalAt(n.x, n.y)) queue.push(n);
    }
  }
  return seen;
}
