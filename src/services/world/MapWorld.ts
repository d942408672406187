import type { NpcKind } from "../../content/NpcKind.js";
import { STEP, type Direction } from "../../protocol/names.js";
import type { Activity } from "../../protocol/messages.js";
import { fail, ok, type Result } from "../results.js";
import { capDamage, npcCombatLevel, rollSwing, type Fighter } from "../rules/combat.js";
import { chebyshev, inMeleeReach, type Tile } from "../rules/distance.js";
import type { DroppedStack } from "../rules/drops.js";
import type { RandomSource } from "../rules/random.js";
import { Gathering, type GatheringOptions } from "./Gathering.js";
import { npcTurn, provoke, type NpcSurroundings } from "./npcBrain.js";
import { PlayerGrid } from "./PlayerGrid.js";
import type { EntityRef, Npc, NpcView, ResourceView, WorldEvent, WorldMap, WorldPlayer } from "./worldTypes.js";

/** Where an NPC of `kind` appears when the world starts, and where it respawns. */
export interface WorldSpawn {
  kind: NpcKind;
  x: number;
  y: number;
  wanderRadiusTiles: number;
}

export interface MapWorldOptions {
  map: WorldMap;
  spawns: readonly WorldSpawn[];
  /** The length of a tick: NPC respawn times are counted in ticks of this length. */
  tickMs: number;
  /** `NPC_RESPAWN_SCALE`: multiplies every respawn time. */
  respawnScale: number;
  /** A player may only target what it sees: within this Chebyshev distance. */
  areaOfInterestTiles: number;
  /** Finds a kind for `admin:spawn`. */
  kindOf: (kind: string) => NpcKind | undefined;
  rollDrops: (kind: NpcKind, random: RandomSource) => DroppedStack[];
  /** The bound of one NPC path search, in explored tiles (default 1,024). */
  pathMaxTiles?: number;
  /** The map's resources and what gathering needs (absent: a map without resources). */
  gathering?: GatheringOptions;
}

interface Attacker {
  target: EntityRef | null;
  nextSwingTick: number;
}

const DEFAULT_PATH_MAX_TILES = 1_024;
const NO_ITEMS: GatheringOptions["items"] = { getById: () => undefined, getByName: () => undefined, maxStackOf: () => 1 };

/**
 * One map's living world, in memory and apart from storage and transport: its NPCs (spawned from the map's
 * spawn points when built, ids from 1 in spawn order), who fights whom, attack and respawn timers. `step`
 * advances it by one tick with the random source it is given and returns what happened; NPCs act before
 * players, each side in id order, so a step is a pure function of the world, the tick and the random draws.
 * Players are mirrored: the room feeds their position, life and combat stats (`upsertPlayer`), while their HP
 * stays in storage; a swing at a player is reported for the room to apply.
 */
export class MapWorld {
  private readonly npcs = new Map<number, Npc>();
  private readonly players = new Map<number, WorldPlayer>();
  private readonly attackers = new Map<number, Attacker>();
  private readonly grid = new PlayerGrid();
  private readonly occupied = new Map<number, number>();
  private nextNpcId = 1;
  private currentTick = 0;
  private events: WorldEvent[] = [];
  private random: RandomSource = () => 0;
  private readonly surroundings: NpcSurroundings;
  private readonly gathering: Gathering;

  constructor(private readonly options: MapWorldOptions) {
    this.gathering = new Gathering(options.gathering ?? { resources: [], items: NO_ITEMS, attemptTicks: 4, inventorySlots: 28 }, options);
    for (const spawn of options.spawns) this.addNpc(spawn.kind, spawn, spawn.wanderRadiusTiles, true);
    this.surroundings = {
      tick: 0,
      random: this.random,
      pathMaxTiles: options.pathMaxTiles ?? DEFAULT_PATH_MAX_TILES,
      player: (id) => this.players.get(id),
      playersNear: (x, y, radius) => this.playersNear(x, y, radius),
      canStand: (npc, x, y) => this.canStand(npc, x, y),
      step: (npc, dir) => this.moveNpc(npc, { x: npc.x + STEP[dir].dx, y: npc.y + STEP[dir].dy }, dir),
      place: (npc, tile) => this.moveNpc(npc, tile, npc.facing),
      swing: (npc, target) => this.npcSwing(npc, target),
      heal: (npc) => {
        npc.hp = npc.kind.levels.hitpoints;
        this.events.push({ type: "npcHealed", npcId: npc.id });
      },
      respawn: (npc) => this.respawn(npc),
    };
  }

  get tick(): number {
    return this.currentTick;
  }

  /**
   * Advances the world to `tick` (one more than the last): every NPC's turn, then every attacking player's
   * swing, then resources and gathering and cooking attempts. Returns the events of the tick, in order.
   */
  step(tick: number, random: RandomSource): WorldEvent[] {
    this.currentTick = tick;
    this.random = random;
    this.surroundings.tick = tick;
    this.surroundings.random = random;
    this.events = [];
    for (const npc of [...this.npcs.values()]) npcTurn(npc, this.surroundings);
    for (const id of [...this.attackers.keys()].sort((a, b) => a - b)) this.playerTurn(id);
    this.gathering.step(tick, random, (id) => this.players.get(id), this.events);
    // Events raised after the step (admin spawns, players' changes) start a list of their own for `takeEvents`.
    const events = this.events;
    this.events = [];
    return events;
  }

  /**
   * Adds or updates a player of this map (position, life, combat stats, holdings). A player who died stops
   * attacking; one who died or changed position stops gathering or cooking (an `activityEnded` event, for
   * `takeEvents`).
   */
  upsertPlayer(player: WorldPlayer): void {
    const copy = { ...player };
    this.players.set(player.id, copy);
    this.grid.put(player.id, player.x, player.y);
    if (!player.alive) this.stopAttack(player.id);
    this.gathering.playerChanged(copy, this.events);
  }

  /** The player left the map: its attack and its activity end; NPCs fighting it return on their next turn. */
  removePlayer(playerId: number): void {
    this.players.delete(playerId);
    this.grid.remove(playerId);
    this.attackers.delete(playerId);
    this.gathering.stop(playerId);
  }

  /** Starts gathering (see `Gathering.gather`); the player stops attacking. */
  gather(playerId: number, resourceId: number): Result<void> {
    const me = this.players.get(playerId);
    if (!me) return fail("NOT_FOUND", "you are not on this map");
    const started = this.gathering.gather(me, resourceId, this.currentTick);
    if (started.ok) this.stopAttack(playerId);
    return started;
  }

  /** Starts cooking (see `Gathering.cook`); the player stops attacking. */
  cook(playerId: number, slot: number, resourceId: number): Result<void> {
    const me = this.players.get(playerId);
    if (!me) return fail("NOT_FOUND", "you are not on this map");
    const started = this.gathering.cook(me, slot, resourceId, this.currentTick);
    if (started.ok) this.stopAttack(playerId);
    return started;
  }

  /** Ends the player's gathering or cooking; true when it was doing either. */
  stopActivity(playerId: number): boolean {
    return this.gathering.stop(playerId);
  }

  /** What the player is doing: "gathering", "cooking" or "". */
  activityOf(playerId: number): Activity {
    return this.gathering.activityOf(playerId);
  }

  /** Every resource of the map as clients see it. */
  resourceViews(): ResourceView[] {
    return this.gathering.views();
  }

  resourceView(resourceId: number): ResourceView | undefined {
    return this.gathering.view(resourceId);
  }

  /**
   * Sets the player's target (GAME_RULES "Combat"). NOT_FOUND: no such living NPC or player on the map, or
   * not within the player's area of interest; NOT_ATTACKABLE: a peaceful NPC, yourself, or a player when
   * the two do not both stand in a PvP area; TOO_FAR: not in reach. The attack timer carries over.
   */
  attack(playerId: number, target: EntityRef): Result<void> {
    const me = this.players.get(playerId);
    if (!me) return fail("NOT_FOUND", "you are not on this map");
    const radius = this.options.areaOfInterestTiles;
    let at: Tile;
    if (target.type === "npc") {
      const npc = this.npcs.get(target.id);
      if (!npc || npc.mode === "dead" || chebyshev(me, npc) > radius) return fail("NOT_FOUND", `no NPC ${target.id} in sight`);
      if (npc.kind.behaviour === "peaceful") return fail("NOT_ATTACKABLE", `${npc.kind.displayName} cannot be attacked`);
      at = npc;
    } else {
      const other = this.players.get(target.id);
      if (!other || !other.alive || chebyshev(me, other) > radius) return fail("NOT_FOUND", `no player ${target.id} in sight`);
      if (other.id === playerId) return fail("NOT_ATTACKABLE", "you cannot attack yourself");
      if (!this.bothInPvp(me, other)) return fail("NOT_ATTACKABLE", "players fight only where both stand in a PvP area");
      at = other;
    }
    if (!inMeleeReach(me, at)) return fail("TOO_FAR", "the target is not in reach");
    const attacker = this.attackers.get(playerId);
    this.attackers.set(playerId, { target: { ...target }, nextSwingTick: attacker?.nextSwingTick ?? 0 });
    return ok(undefined);
  }

  /**
   * The shop kept by NPC `npcId` and where the NPC stands. NOT_FOUND: the player is not on this map, or no
   * living NPC of that id keeping a shop is within the player's area of interest.
   */
  shopkeeper(playerId: number, npcId: number): Result<{ shopId: string; x: number; y: number }> {
    const me = this.players.get(playerId);
    if (!me) return fail("NOT_FOUND", "you are not on this map");
    const npc = this.npcs.get(npcId);
    if (!npc || npc.mode === "dead" || chebyshev(me, npc) > this.options.areaOfInterestTiles || npc.kind.shop === null) {
      return fail("NOT_FOUND", `no shopkeeper ${npcId} in sight`);
    }
    return ok({ shopId: npc.kind.shop, x: npc.x, y: npc.y });
  }

  /** Clears the player's target (the attack timer is kept). */
  stopAttack(playerId: number): void {
    const attacker = this.attackers.get(playerId);
    if (attacker) attacker.target = null;
  }

  /** Eating: the player's next swing comes `ticks` later than it would have. */
  delaySwing(playerId: number, ticks: number): void {
    const attacker = this.attackers.get(playerId) ?? { target: null, nextSwingTick: 0 };
    attacker.nextSwingTick = Math.max(attacker.nextSwingTick, this.currentTick + 1) + ticks;
    this.attackers.set(playerId, attacker);
  }

  /** Where the world last saw the player, or undefined when it is not on this map. */
  playerAt(playerId: number): Tile | undefined {
    const player = this.players.get(playerId);
    return player ? { x: player.x, y: player.y } : undefined;
  }

  /** The player's current target, or null. */
  targetOf(playerId: number): EntityRef | null {
    return this.attackers.get(playerId)?.target ?? null;
  }

  /**
   * `admin:spawn`: a new NPC of `kind` on (x, y) that does not respawn. NOT_FOUND for an unknown kind;
   * BLOCKED for a blocked tile, a portal, or a tile another NPC stands on.
   */
  spawn(kind: string, tile: Tile): Result<{ npcId: number }> {
    const found = this.options.kindOf(kind);
    if (!found) return fail("NOT_FOUND", `no NPC kind "${kind}"`);
    if (!this.canStand(null, tile.x, tile.y)) return fail("BLOCKED", `(${tile.x}, ${tile.y}) cannot take an NPC`);
    const npc = this.addNpc(found, tile, found.wanderRadiusTiles, false);
    this.events.push({ type: "npcAppeared", npcId: npc.id });
    return ok({ npcId: npc.id });
  }

  /** The NPC as clients see it, or undefined (unknown, or dead). */
  npcView(npcId: number): NpcView | undefined {
    const npc = this.npcs.get(npcId);
    return npc && npc.mode !== "dead" ? viewOf(npc) : undefined;
  }

  /** Every living NPC as clients see it. */
  npcViews(): NpcView[] {
    return [...this.npcs.values()].filter((npc) => npc.mode !== "dead").map(viewOf);
  }

  /** Events raised outside `step` (admin spawns) since the last call. */
  takeEvents(): WorldEvent[] {
    const events = this.events;
    this.events = [];
    return events;
  }

  private playerTurn(playerId: number): void {
    const attacker = this.attackers.get(playerId)!;
    const me = this.players.get(playerId);
    const target = attacker.target;
    if (!me || !target) return;
    if (!me.alive) return this.stopAttack(playerId);
    if (target.type === "npc") {
      const npc = this.npcs.get(target.id);
      if (!npc || npc.mode === "dead") return this.stopAttack(playerId);
      if (!inMeleeReach(me, npc) || this.currentTick < attacker.nextSwingTick) return;
      attacker.nextSwingTick = this.currentTick + me.attackSpeedTicks;
      const damage = capDamage(rollSwing(me.fighter, npcFighter(npc), this.random), npc.hp);
      npc.hp -= damage;
      if (damage > 0) npc.damageBy.set(playerId, (npc.damageBy.get(playerId) ?? 0) + damage);
      const maxHp = npc.kind.levels.hitpoints;
      this.events.push({ type: "npcHit", attackerId: playerId, npcId: npc.id, damage, hp: npc.hp, maxHp, style: me.fighter.style });
      if (npc.hp <= 0) this.kill(npc);
      else provoke(npc, playerId, this.currentTick);
      return;
    }
    const other = this.players.get(target.id);
    if (!other || !other.alive || !this.bothInPvp(me, other)) return this.stopAttack(playerId);
    if (!inMeleeReach(me, other) || this.currentTick < attacker.nextSwingTick) return;
    attacker.nextSwingTick = this.currentTick + me.attackSpeedTicks;
    const damage = rollSwing(me.fighter, other.fighter, this.random);
    this.events.push({ type: "playerHit", attacker: { type: "player", id: playerId }, playerId: other.id, damage, style: me.fighter.style });
  }

  private npcSwing(npc: Npc, target: WorldPlayer): void {
    npc.facing = facingTowards(npc, target) ?? npc.facing;
    const damage = rollSwing(npcFighter(npc), target.fighter, this.random);
    this.events.push({ type: "playerHit", attacker: { type: "npc", id: npc.id }, playerId: target.id, damage, style: null });
  }

  private kill(npc: Npc): void {
    let ownerId: number | null = null;
    let most = 0;
    // Map order is the order of first damage, so a strict comparison keeps the earliest of equals.
    for (const [playerId, damage] of npc.damageBy) {
      if (damage > most) [ownerId, most] = [playerId, damage];
    }
    const drops = this.options.rollDrops(npc.kind, this.random);
    this.events.push({ type: "npcDied", npcId: npc.id, x: npc.x, y: npc.y, ownerId, drops });
    this.occupied.delete(this.tileIndex(npc.x, npc.y));
    for (const attacker of this.attackers.values()) {
      if (attacker.target?.type === "npc" && attacker.target.id === npc.id) attacker.target = null;
    }
    npc.mode = "dead";
    npc.targetId = null;
    npc.damageBy.clear();
    const respawnTicks = Math.max(1, Math.round((npc.kind.respawnMs * this.options.respawnScale) / this.options.tickMs));
    npc.respawnAtTick = this.currentTick + respawnTicks;
    if (!npc.respawns) this.npcs.delete(npc.id);
  }

  private respawn(npc: Npc): void {
    Object.assign(npc, { x: npc.spawn.x, y: npc.spawn.y, hp: npc.kind.levels.hitpoints, mode: "idle", targetId: null, facing: "down" });
    npc.nextSwingTick = this.currentTick;
    this.occupied.set(this.tileIndex(npc.x, npc.y), npc.id);
    this.events.push({ type: "npcAppeared", npcId: npc.id });
  }

  private addNpc(kind: NpcKind, tile: Tile, wanderRadiusTiles: number, respawns: boolean): Npc {
    const npc: Npc = {
      id: this.nextNpcId++, kind, combatLevel: npcCombatLevel(kind.levels), spawn: { x: tile.x, y: tile.y }, wanderRadiusTiles,
      respawns, x: tile.x, y: tile.y, facing: "down", hp: kind.levels.hitpoints, mode: "idle", targetId: null,
      nextSwingTick: 0, respawnAtTick: 0, damageBy: new Map(),
    };
    this.npcs.set(npc.id, npc);
    this.occupied.set(this.tileIndex(tile.x, tile.y), npc.id);
    return npc;
  }

  private moveNpc(npc: Npc, to: Tile, facing: Direction): void {
    const from = { x: npc.x, y: npc.y };
    this.occupied.delete(this.tileIndex(from.x, from.y));
    npc.x = to.x;
    npc.y = to.y;
    npc.facing = facing;
    this.occupied.set(this.tileIndex(to.x, to.y), npc.id);
    this.events.push({ type: "npcMoved", npcId: npc.id, from });
  }

  private canStand(npc: Npc | null, x: number, y: number): boolean {
    const { map } = this.options;
    if (map.isBlocked(x, y) || map.portalAt(x, y)) return false;
    const occupant = this.occupied.get(this.tileIndex(x, y));
    return occupant === undefined || occupant === npc?.id;
  }

  private *playersNear(x: number, y: number, radius: number): Generator<WorldPlayer> {
    for (const id of this.grid.near(x, y, radius)) {
      const player = this.players.get(id);
      if (player) yield player;
    }
  }

  private bothInPvp(a: Tile, b: Tile): boolean {
    return this.options.map.inPvpArea(a.x, a.y) && this.options.map.inPvpArea(b.x, b.y);
  }

  private tileIndex(x: number, y: number): number {
    return y * this.options.map.width + x;
  }
}

/** An NPC's side of a swing: its kind's levels and bonuses, no style. */
function npcFighter(npc: Npc): Fighter {
  const { levels, bonuses } = npc.kind;
  return {
    attackLevel: levels.attack, strengthLevel: levels.strength, defenceLevel: levels.defence,
    attackBonus: bonuses.attack, strengthBonus: bonuses.strength, defenceBonus: bonuses.defence, style: null,
  };
}

function viewOf(npc: Npc): NpcView {
  return {
    id: npc.id, kind: npc.kind.kind, x: npc.x, y: npc.y, facing: npc.facing, hp: npc.hp, maxHp: npc.kind.levels.hitpoints,
    combatLevel: npc.combatLevel,
  };
}

/** The direction from `a` to a cardinal neighbour `b`; null when `b` is not one. */
function facingTowards(a: Tile, b: Tile): Direction | null {
  for (const [dir, step] of Object.entries(STEP) as [Direction, { dx: number; dy: number }][]) {
    if (a.x + step.dx === b.x && a.y + step.dy === b.y) return dir;
  }
  return null;
}
