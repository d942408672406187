/** Just enough of a map for a bot to walk it: the server's own map model and path rule. */
import { GameMap } from "../src/content/GameMap.js";
import type { Direction } from "../src/protocol/index.js";
import { findPath } from "../src/services/rules/pathFind.js";

export type Dir = Direction;

export class MapNav {
  constructor(readonly map: GameMap) {}

  /** Builds the map from `GET /maps/:id`'s Tiled JSON, as the server does. */
  static fromTiled(id: string, tiled: unknown): MapNav {
    return new MapNav(GameMap.fromTiled(id, tiled));
  }

  /** Directions from `from` to `to`, avoiding portals unless `to` is one; null when unreachable. */
  path(from: { x: number; y: number }, to: { x: number; y: number }): Dir[] | null {
    return findPath({
      from,
      isGoal: (x, y) => x === to.x && y === to.y,
      canEnter: (x, y) => !this.map.isBlocked(x, y) && ((x === to.x && y === to.y) || this.map.portalAt(x, y) === null),
      maxTiles: this.map.width * this.map.height,
    });
  }

  /** A random walkable, non-portal tile within `radius` of `around`. */
  randomTileNear(around: { x: number; y: number }, radius: number): { x: number; y: number } {
    for (let i = 0; i < 50; i++) {
      const x = around.x + Math.round((Math.random() * 2 - 1) * radius);
      const y = around.y + Math.round((Math.random() * 2 - 1) * radius);
      if (!this.map.isBlocked(x, y) && this.map.portalAt(x, y) === null) return { x, y };
    }
    return around;
  }
}
