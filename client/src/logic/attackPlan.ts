import type { Direction, NpcKindInfo } from "../../../src/protocol/index.js";
import { inMeleeReach, manhattan, type Tile } from "../../../src/services/rules/distance.js";
import { planSteps, type WalkGoal, type WalkMap } from "./walkPlan.js";

/**
 * The goal of walking into reach of a target that may move: `where` is read at every check, so a walk
 * re-planned at each step follows the target. No target (gone): no tile is a goal.
 */
export function reachGoal(label: string, where: () => Tile | null): WalkGoal {
  return {
    label,
    isGoal: (x, y) => {
      const target = where();
      return target !== null && inMeleeReach({ x, y }, target);
    },
  };
}

/**
 * The steps from `from` to the nearest tile from which the target at `target` is in reach, over the
 * collision layer with the shared `findPath` (never through a portal): [] when already in reach, null when
 * no such tile can be reached. The tile chosen is a cardinal neighbour of the target (or its own tile when
 * standing there), never a diagonal one.
 */
export function planAttackSteps(map: WalkMap, from: Tile, target: Tile): Direction[] | null {
  return planSteps(map, from, reachGoal("the target", () => target));
}

/** What choosing an NPC to attack needs to know of one (the room state's fields). */
export interface NpcInSight {
  id: number;
  kind: string;
  x: number;
  y: number;
}

/** Whether a kind may be attacked (peaceful kinds may not; an unknown kind is left to the server to judge). */
export function isAttackableKind(kind: NpcKindInfo | undefined): boolean {
  return kind?.behaviour !== "peaceful";
}

/**
 * The attackable NPC nearest to `me` (Manhattan: the steps a walk needs on open ground), ties to the lowest
 * id; null when there is none. `kindOf` is the `GET /npcs` catalogue.
 */
export function nearestAttackable<T extends NpcInSight>(me: Tile, npcs: Iterable<T>, kindOf: (kind: string) => NpcKindInfo | undefined): T | null {
  let best: T | null = null;
  let bestDistance = Infinity;
  for (const npc of npcs) {
    if (!isAttackableKind(kindOf(npc.kind))) continue;
    const distance = manhattan(me, npc);
    if (distance < bestDistance || (distance === bestDistance && best !== null && npc.id < best.id)) {
      best = npc;
      bestDistance = distance;
    }
  }
  return best;
}
