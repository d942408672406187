import { DIRECTIONS, STEP, type Direction } from "../../protocol/names.js";
import { chebyshev, inMeleeReach, manhattan, type Tile } from "../rules/distance.js";
import { findPath } from "../rules/pathFind.js";
import { randomInt, type RandomSource } from "../rules/random.js";
import type { Npc, WorldPlayer } from "./worldTypes.js";

/** A chase explores at most this many tiles per squared tile of distance to its target. */
const CHASE_TILES_PER_DISTANCE = 8;

/** The probability that an idle NPC wanders on a tick. */
export const WANDER_CHANCE = 1 / 8;

/** What an NPC's turn may read and do; the world implements it (and sets the tick and random source of each step). */
export interface NpcSurroundings {
  tick: number;
  random: RandomSource;
  /** At most this many tiles are explored by one path search. */
  readonly pathMaxTiles: number;
  player(id: number): WorldPlayer | undefined;
  /** Players in the cells around (x, y): a superset of those within `radius`. */
  playersNear(x: number, y: number, radius: number): Iterable<WorldPlayer>;
  /** Walkable, no portal, and no other NPC there. */
  canStand(npc: Npc, x: number, y: number): boolean;
  step(npc: Npc, dir: Direction): void;
  /** Puts the NPC on `tile` without walking (it could not find its way back). */
  place(npc: Npc, tile: Tile): void;
  swing(npc: Npc, target: WorldPlayer): void;
  heal(npc: Npc): void;
  respawn(npc: Npc): void;
}

/**
 * One NPC's turn (GAME_RULES "NPCs and monsters"): a dead NPC waits for its respawn; a fighting one leaves a
 * dead, departed or leashed target and returns, else chases it along a shortest path or swings in reach; a
 * returning one walks back to its spawn point and heals there; an idle aggressive one targets the nearest
 * eligible player in its aggression radius, and an idle one otherwise wanders with probability 1/8.
 */
export function npcTurn(npc: Npc, world: NpcSurroundings): void {
  switch (npc.mode) {
    case "dead":
      if (npc.respawns && world.tick >= npc.respawnAtTick && world.canStand(npc, npc.spawn.x, npc.spawn.y)) world.respawn(npc);
      return;
    case "fighting":
      return fight(npc, world);
    case "returning":
      return goHome(npc, world);
    case "idle":
      return idle(npc, world);
  }
}

/** An NPC hit while idle or returning turns on its attacker; its first swing comes one tick later at the earliest. */
export function provoke(npc: Npc, attackerId: number, tick: number): void {
  if (npc.mode !== "idle" && npc.mode !== "returning") return;
  npc.mode = "fighting";
  npc.targetId = attackerId;
  npc.nextSwingTick = Math.max(npc.nextSwingTick, tick + 1);
}

function fight(npc: Npc, world: NpcSurroundings): void {
  const target = npc.targetId === null ? undefined : world.player(npc.targetId);
  if (!target || !target.alive || chebyshev(target, npc.spawn) > npc.kind.leashRadiusTiles) {
    npc.mode = "returning";
    npc.targetId = null;
    goHome(npc, world);
    return;
  }
  if (inMeleeReach(npc, target)) {
    if (world.tick < npc.nextSwingTick) return;
    npc.nextSwingTick = world.tick + npc.kind.attackSpeedTicks;
    world.swing(npc, target);
    return;
  }
  // A chase never needs a tile beyond the leash (plus reach), and a search scaled to the distance keeps an
  // NPC hemmed in by others from exploring the whole area every tick.
  const box = npc.kind.leashRadiusTiles + 1;
  const path = findPath({
    from: npc,
    isGoal: (x, y) => inMeleeReach({ x, y }, target),
    canEnter: (x, y) => chebyshev({ x, y }, npc.spawn) <= box && world.canStand(npc, x, y),
    maxTiles: Math.min(world.pathMaxTiles, CHASE_TILES_PER_DISTANCE * (manhattan(npc, target) + 2) ** 2),
  });
  if (path && path.length > 0) world.step(npc, path[0]!);
}

function goHome(npc: Npc, world: NpcSurroundings): void {
  const home = npc.spawn;
  if (npc.x !== home.x || npc.y !== home.y) {
    const path = findPath({
      from: npc,
      isGoal: (x, y) => x === home.x && y === home.y,
      canEnter: (x, y) => world.canStand(npc, x, y),
      maxTiles: world.pathMaxTiles,
    });
    if (path && path.length > 0) world.step(npc, path[0]!);
    // No way back within the search bound (walled in by other NPCs, or too far): it reappears at home.
    else if (world.canStand(npc, home.x, home.y)) world.place(npc, home);
    else return;
  }
  if (npc.x === home.x && npc.y === home.y) {
    npc.mode = "idle";
    if (npc.hp < npc.kind.levels.hitpoints) world.heal(npc);
  }
}

function idle(npc: Npc, world: NpcSurroundings): void {
  const radius = npc.kind.aggressionRadiusTiles;
  if (npc.kind.behaviour === "aggressive" && radius > 0) {
    const target = nearestEligible(npc, world, radius);
    if (target) {
      npc.mode = "fighting";
      npc.targetId = target.id;
      return;
    }
  }
  if (npc.wanderRadiusTiles <= 0 || world.random() >= WANDER_CHANCE) return;
  const options = DIRECTIONS.filter((dir) => {
    const x = npc.x + STEP[dir].dx;
    const y = npc.y + STEP[dir].dy;
    return chebyshev({ x, y }, npc.spawn) <= npc.wanderRadiusTiles && world.canStand(npc, x, y);
  });
  if (options.length > 0) world.step(npc, options[randomInt(world.random, 0, options.length - 1)]!);
}

/** The nearest living player (Chebyshev) within `radius` whose combat level is at most twice the NPC's; ties: lowest id. */
function nearestEligible(npc: Npc, world: NpcSurroundings, radius: number): WorldPlayer | null {
  let best: WorldPlayer | null = null;
  let bestDistance = Infinity;
  for (const player of world.playersNear(npc.x, npc.y, radius)) {
    if (!player.alive || player.combatLevel > 2 * npc.combatLevel) continue;
    const distance = chebyshev(npc, player);
    if (distance > radius) continue;
    if (distance < bestDistance || (distance === bestDistance && player.id < best!.id)) {
      best = player;
      bestDistance = distance;
    }
  }
  return best;
}
