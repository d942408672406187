import type { NpcKind } from "../../src/content/NpcKind.js";
import type { CombatStyle } from "../../src/protocol/names.js";
import { MapWorld, type MapWorldOptions, type WorldSpawn } from "../../src/services/world/MapWorld.js";
import type { WorldEvent, WorldMap, WorldPlayer } from "../../src/services/world/worldTypes.js";
import { mulberry32, type RandomSource } from "../../src/services/rules/random.js";

/**
 * A map drawn in text, one string per row: `#` blocked, `P` a portal, `~` a PvP area, anything else
 * walkable ground.
 */
export function asciiMap(rows: string[]): WorldMap {
  const height = rows.length;
  const width = Math.max(...rows.map((r) => r.length));
  const at = (x: number, y: number) => (x >= 0 && y >= 0 && x < width && y < height ? (rows[y]![x] ?? "#") : "#");
  return {
    width,
    height,
    isBlocked: (x, y) => at(x, y) === "#",
    portalAt: (x, y) => (at(x, y) === "P" ? { x, y } : null),
    inPvpArea: (x, y) => at(x, y) === "~",
  };
}

/** An open field of `size` x `size` tiles with a wall around it. */
export function openField(size = 40): WorldMap {
  return asciiMap(Array.from({ length: size }, (_, y) =>
    Array.from({ length: size }, (_, x) => (x === 0 || y === 0 || x === size - 1 || y === size - 1 ? "#" : ".")).join("")));
}

/** An NPC kind for simulation tests: passive, level-1 stats, no wandering unless told. */
export function testKind(overrides: Partial<NpcKind> = {}): NpcKind {
  return {
    kind: "dummy",
    displayName: "Dummy",
    behaviour: "passive",
    levels: { attack: 1, strength: 1, defence: 1, hitpoints: 10 },
    bonuses: { attack: 0, strength: 0, defence: 0 },
    attackSpeedTicks: 4,
    aggressionRadiusTiles: 0,
    wanderRadiusTiles: 0,
    leashRadiusTiles: 10,
    respawnMs: 6_000,
    drops: { always: [{ item: "bones", min: 1, max: 1 }], roll: [], nothingWeight: 0 },
    shop: null,
    ...overrides,
  };
}

/** A player of the world mirror: a new player (combat level 3, all melee levels 1, unarmed) unless told. */
export function worldPlayer(id: number, x: number, y: number, overrides: Partial<WorldPlayer> & { style?: CombatStyle; attackLevel?: number; strengthLevel?: number } = {}): WorldPlayer {
  const { style, attackLevel, strengthLevel, ...rest } = overrides;
  return {
    id, x, y, alive: true, combatLevel: 3, attackSpeedTicks: 4,
    fighter: {
      attackLevel: attackLevel ?? 1, strengthLevel: strengthLevel ?? 1, defenceLevel: 1,
      attackBonus: 0, strengthBonus: 0, defenceBonus: 0, style: style ?? "accurate",
    },
    ...rest,
  };
}

/** A player who hits almost always and hard (attack and strength 99). */
export function strongPlayer(id: number, x: number, y: number, overrides: Partial<WorldPlayer> = {}): WorldPlayer {
  return worldPlayer(id, x, y, { attackLevel: 99, strengthLevel: 99, combatLevel: 60, ...overrides });
}

export const TICK_MS = 600;

export function newWorld(map: WorldMap, spawns: WorldSpawn[], overrides: Partial<MapWorldOptions> = {}): MapWorld {
  return new MapWorld({
    map,
    spawns,
    tickMs: TICK_MS,
    respawnScale: 1,
    areaOfInterestTiles: 32,
    kindOf: (kind) => (kind === "dummy" ? testKind() : undefined),
    rollDrops: (kind) => kind.drops.always.map((d) => ({ itemId: d.item === "bones" ? 410 : 1, quantity: d.min })),
    ...overrides,
  });
}

export function spawnOf(kind: NpcKind, x: number, y: number, wanderRadiusTiles = kind.wanderRadiusTiles): WorldSpawn {
  return { kind, x, y, wanderRadiusTiles };
}

/** Steps a world tick by tick and keeps every event with its tick. */
export class Stepper {
  tick = 0;
  readonly log: { tick: number; event: WorldEvent }[] = [];

  constructor(readonly world: MapWorld, readonly random: RandomSource = mulberry32(1)) {}

  step(count = 1, after?: (tick: number, events: WorldEvent[]) => void): WorldEvent[] {
    const all: WorldEvent[] = [];
    for (let i = 0; i < count; i++) {
      this.tick++;
      const events = this.world.step(this.tick, this.random);
      for (const event of events) this.log.push({ tick: this.tick, event });
      all.push(...events);
      after?.(this.tick, events);
    }
    return all;
  }

  /** Ticks on which events of `type` matching `match` happened. */
  ticksOf<T extends WorldEvent["type"]>(type: T, match: (e: Extract<WorldEvent, { type: T }>) => boolean = () => true): number[] {
    return this.log.filter((l) => l.event.type === type && match(l.event as Extract<WorldEvent, { type: T }>)).map((l) => l.tick);
  }
}

/** A random source that always answers `value` (0.5 with a strong attacker: always a hit of half the max). */
export function constant(value: number): RandomSource {
  return () => value;
}
