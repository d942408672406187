import { encodeGroundItem, encodeSkill, encodeStack } from "./codec.js";
import { keys, type DirtyType, type PlayerDirtyType } from "./keys.js";
import type { EquipmentSlot, GroundItem, Hp, ItemStack, Position, SkillName, SkillState } from "./types.js";

type Guard = ["eq", number, string, string] | ["exists", number];
type Op = [string, number, ...(string | number)[]];

/** What a guard protects, reported when a commit is refused. */
export type GuardTarget = { kind: "player"; playerId: number } | { kind: "groundItem"; groundItemId: number };

/** A commit's outcome: applied whole, or refused (nothing written) because the named guard failed. */
export type CommitResult = { ok: true } | { ok: false; failed: GuardTarget };

/**
 * A set of changes to the hot state that the GameStateManager commits as one atomic Valkey script:
 * every guard is checked first, and either every change is applied or none is.
 *
 * Guards are optimistic checks: `expectPlayer(id, version)` holds only if nothing changed the player since
 * it was read at that version; `expectGroundItem(id, version)` likewise. Every player a transaction touches
 * must be loaded (an implicit guard), its version is bumped once and it is marked dirty for the categories
 * touched; every ground item removed or changed must still exist (implicit guard).
 */
export class StateTransaction {
  private readonly keyList: string[] = [];
  private readonly keyIndex = new Map<string, number>();
  private readonly guards: Guard[] = [];
  private readonly guardTargets: GuardTarget[] = [];
  private readonly ops: Op[] = [];
  private readonly touchedPlayers = new Map<number, Set<PlayerDirtyType>>();
  private readonly touchedMaps = new Set<string>();

  get isEmpty(): boolean {
    return this.ops.length === 0;
  }

  expectPlayer(playerId: number, version: number): this {
    this.guard(["eq", this.key(keys.player(playerId)), "version", String(version)], { kind: "player", playerId });
    return this;
  }

  expectGroundItem(groundItemId: number, version: number): this {
    const k = this.key(keys.groundItem(groundItemId));
    this.guard(["eq", k, "version", String(version)], { kind: "groundItem", groundItemId });
    return this;
  }

  setInventorySlot(playerId: number, slot: number, stack: ItemStack): this {
    return this.playerOp(playerId, "inventory", ["hset", this.key(keys.inventory(playerId)), String(slot), encodeStack(stack)]);
  }

  deleteInventorySlot(playerId: number, slot: number): this {
    return this.playerOp(playerId, "inventory", ["hdel", this.key(keys.inventory(playerId)), String(slot)]);
  }

  clearInventory(playerId: number): this {
    return this.playerOp(playerId, "inventory", ["del", this.key(keys.inventory(playerId))]);
  }

  setEquipmentSlot(playerId: number, slot: EquipmentSlot, stack: ItemStack): this {
    return this.playerOp(playerId, "equipment", ["hset", this.key(keys.equipment(playerId)), slot, encodeStack(stack)]);
  }

  deleteEquipmentSlot(playerId: number, slot: EquipmentSlot): this {
    return this.playerOp(playerId, "equipment", ["hdel", this.key(keys.equipment(playerId)), slot]);
  }

  clearEquipment(playerId: number): this {
    return this.playerOp(playerId, "equipment", ["del", this.key(keys.equipment(playerId))]);
  }

  setSkill(playerId: number, skill: SkillName, state: SkillState): this {
    return this.playerOp(playerId, "skills", ["hset", this.key(keys.skills(playerId)), skill, encodeSkill(state)]);
  }

  setPosition(playerId: number, position: Position): this {
    const k = this.key(keys.player(playerId));
    return this.playerOp(playerId, "position", [
      "hset", k, "map_id", position.mapId, "x", String(position.x), "y", String(position.y),
    ]);
  }

  setHp(playerId: number, hp: Partial<Hp>): this {
    const fields: string[] = [];
    if (hp.currentHp !== undefined) fields.push("current_hp", String(hp.currentHp));
    if (hp.maxHp !== undefined) fields.push("max_hp", String(hp.maxHp));
    if (fields.length === 0) return this;
    return this.playerOp(playerId, "position", ["hset", this.key(keys.player(playerId)), ...fields]);
  }

  /** Death state: `respawnAtMs` null means alive. Not persisted to PostgreSQL (HP 0 is). */
  setDeath(playerId: number, respawnAtMs: number | null): this {
    const k = this.key(keys.player(playerId));
    return this.playerOp(playerId, "position", ["hset", k, "respawn_at", respawnAtMs === null ? "" : String(respawnAtMs)]);
  }

  /** Adds a ground item under an id from `allocateGroundItemId`. */
  addGroundItem(item: GroundItem): this {
    this.ops.push(["hset", this.key(keys.groundItem(item.id)), ...encodeGroundItem(item)]);
    this.ops.push(["sadd", this.key(keys.groundItemsOfMap(item.mapId)), String(item.id)]);
    this.touchedMaps.add(item.mapId);
    return this;
  }

  removeGroundItem(groundItemId: number, mapId: string): this {
    const k = this.key(keys.groundItem(groundItemId));
    this.guard(["exists", k], { kind: "groundItem", groundItemId });
    this.ops.push(["del", k], ["srem", this.key(keys.groundItemsOfMap(mapId)), String(groundItemId)]);
    this.touchedMaps.add(mapId);
    return this;
  }

  setGroundItemQuantity(groundItemId: number, mapId: string, quantity: number): this {
    const k = this.key(keys.groundItem(groundItemId));
    this.guard(["exists", k], { kind: "groundItem", groundItemId });
    this.ops.push(["hset", k, "quantity", String(quantity)], ["hincr", k, "version", 1]);
    this.touchedMaps.add(mapId);
    return this;
  }

  /** The script's KEYS and ARGV, with the implicit guards and the version and dirty bookkeeping added. */
  build(): { keys: string[]; argv: string; targets: GuardTarget[] } {
    const guards = [...this.guards];
    const targets = [...this.guardTargets];
    const ops = [...this.ops];
    for (const [playerId, types] of this.touchedPlayers) {
      const k = this.key(keys.player(playerId));
      guards.push(["exists", k]);
      targets.push({ kind: "player", playerId });
      ops.push(["hincr", k, "version", 1]);
      for (const type of types) ops.push(["sadd", this.key(keys.dirty(type)), String(playerId)]);
    }
    for (const mapId of this.touchedMaps) {
      ops.push(["incr", this.key(keys.groundItemsVersion(mapId))]);
      ops.push(["sadd", this.key(keys.dirty("ground_items" satisfies DirtyType)), mapId]);
    }
    return { keys: this.keyList, argv: JSON.stringify({ g: guards, o: ops }), targets };
  }

  private playerOp(playerId: number, type: PlayerDirtyType, op: Op): this {
    this.ops.push(op);
    let types = this.touchedPlayers.get(playerId);
    if (!types) this.touchedPlayers.set(playerId, (types = new Set()));
    types.add(type);
    return this;
  }

  private guard(guard: Guard, target: GuardTarget): void {
    this.guards.push(guard);
    this.guardTargets.push(target);
  }

  private key(name: string): number {
    let index = this.keyIndex.get(name);
    if (index === undefined) {
      this.keyList.push(name);
      index = this.keyList.length;
      this.keyIndex.set(name, index);
    }
    return index;
  }
}
