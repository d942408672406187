import type { Direction } from "../../../src/protocol/index.js";
import type { Tile } from "../../../src/services/rules/distance.js";
import { findPath } from "../../../src/services/rules/pathFind.js";
import type { GameMap } from "../../../src/content/GameMap.js";

/** What the client needs of a map to walk it: the server's own map model (`GameMap.fromTiled`). */
export type WalkMap = Pick<GameMap, "width" | "height" | "isBlocked" | "portalAt">;

/** Where a walk ends: any tile for which `isGoal` holds. */
export interface WalkGoal {
  /** Words for the player ("the Bronze sword", "(12, 30)"). */
  label: string;
  isGoal(x: number, y: number): boolean;
}

/** The goal of standing on (x, y). */
export function tileGoal(x: number, y: number, label = `(${x}, ${y})`): WalkGoal {
  return { label, isGoal: (gx, gy) => gx === x && gy === y };
}

/**
 * The steps of a shortest walk from `from` to the goal over the map's collision layer (the shared
 * `findPath` rule), never through a portal that is not itself the goal: [] when already there, null when no
 * goal tile can be reached.
 */
export function planSteps(map: WalkMap, from: Tile, goal: WalkGoal): Direction[] | null {
  return findPath({
    from,
    isGoal: (x, y) => goal.isGoal(x, y),
    canEnter: (x, y) => !map.isBlocked(x, y) && (map.portalAt(x, y) === null || goal.isGoal(x, y)),
    maxTiles: map.width * map.height,
  });
}
