import { encodeGroundItem, encodeSkill, encodeStack } from "./codec.js";
import { keys, type DirtyType, type PlayerDirtyType } from "./keys.js";
import type { PlayerSnapshot } from "./PlayerSnapshot.js";
import type { CombatStyle, EquipmentSlot, GroundItem, Hp, ItemStack, Position, SkillName, SkillState } from "./types.js";
import { epochMarker } from "./epochMarker.js";

/** A change to a copy of a player's snapshot, mirroring what the script does to the stored state. */
type Edit = (draft: PlayerSnapshot) => void;

/** The bank is not part of the snapshot: its ops change nothing there (the version still moves). */
const noEdit: Edit = () => undefined;

type Guard = ["eq", number, string, string] | ["exists", number] | ["absent", number] | ["is", number, string];
type Op = [string, number, ...(string | number)[]];

/**
 * What a guard protects, reported when a commit is refused. "epoch": Valkey lost its data after the
 * transaction's reads (or before this process noticed): nothing planned on the lost data is applied.
 */
export type GuardTarget =
  | { kind: "player"; playerId: number }
  | { kind: "groundItem"; groundItemId: number }
  | { kind: "shop"; shopId: string }
  /** The ground item id counter is missing (Valkey lost it): seed it, then try again. */
  | { kind: "groundItemIds" }
  | { kind: "epoch" };

/**
 * A commit's outcome: applied whole (with the ids of the ground items `addNewGroundItem` created, in the
 * order they were added, when it created any), or refused (nothing written) because the named guard failed.
 */
export type CommitResult = { ok: true; newGroundItemIds?: number[] } | { ok: false; failed: GuardTarget };

/**
 * A set of changes to the hot state that the GameStateManager commits as one atomic Valkey script:
 * every guard is checked first, and either every change is applied or none is.
 *
 * Guards are optimistic checks: `expectPlayer(id, version)` holds only if nothing changed the player since
 * it was read at that version; `expectGroundItem(id, version)` likewise. Every player a transaction touches
 * must be loaded (an implicit guard), its version is bumped once and it is marked dirty for the categories
 * touched; every ground item removed or changed must still exist, and an added one must not (implicit guards).
 */
export class StateTransaction {
  private readonly keyList: string[] = [];
  private readonly keyIndex = new Map<string, number>();
  private readonly guards: Guard[] = [];
  private readonly guardTargets: GuardTarget[] = [];
  private readonly ops: Op[] = [];
  private readonly touchedPlayers = new Map<number, Set<PlayerDirtyType>>();
  private readonly touchedMaps = new Set<string>();
  private readonly expectedVersions = new Map<number, number>();
  private readonly edits = new Map<number, Edit[]>();
  private readonly bankChanges = new Map<number, Set<number>>();
  private allocatesIds = false;

  get isEmpty(): boolean {
    return this.ops.length === 0;
  }

  expectPlayer(playerId: number, version: number): this {
    this.expectedVersions.set(playerId, version);
    this.guard(["eq", this.key(keys.player(playerId)), "version", String(version)], { kind: "player", playerId });
    return this;
  }

  expectGroundItem(groundItemId: number, version: number): this {
    const k = this.key(keys.groundItem(groundItemId));
    this.guard(["eq", k, "version", String(version)], { kind: "groundItem", groundItemId });
    return this;
  }

  setInventorySlot(playerId: number, slot: number, stack: ItemStack): this {
    return this.playerOp(playerId, "inventory", ["hset", this.key(keys.inventory(playerId)), String(slot), encodeStack(stack)], (d) =>
      d.inventory.set(slot, { ...stack }));
  }

  deleteInventorySlot(playerId: number, slot: number): this {
    return this.playerOp(playerId, "inventory", ["hdel", this.key(keys.inventory(playerId)), String(slot)], (d) => d.inventory.delete(slot));
  }

  clearInventory(playerId: number): this {
    return this.playerOp(playerId, "inventory", ["del", this.key(keys.inventory(playerId))], (d) => d.inventory.clear());
  }

  setEquipmentSlot(playerId: number, slot: EquipmentSlot, stack: ItemStack): this {
    return this.playerOp(playerId, "equipment", ["hset", this.key(keys.equipment(playerId)), slot, encodeStack(stack)], (d) =>
      d.equipment.set(slot, { ...stack }));
  }

  deleteEquipmentSlot(playerId: number, slot: EquipmentSlot): this {
    return this.playerOp(playerId, "equipment", ["hdel", this.key(keys.equipment(playerId)), slot], (d) => d.equipment.delete(slot));
  }

  clearEquipment(playerId: number): this {
    return this.playerOp(playerId, "equipment", ["del", this.key(keys.equipment(playerId))], (d) => d.equipment.clear());
  }

  setSkill(playerId: number, skill: SkillName, state: SkillState): this {
    return this.playerOp(playerId, "skills", ["hset", this.key(keys.skills(playerId)), skill, encodeSkill(state)], (d) =>
      d.skills.set(skill, { ...state }));
  }

  /**
   * A bank slot (the bank is not part of the snapshot: BankHotState reads it). The slot is recorded as changed
   * at the version this commit gives the player, so that a sync writes only the slots that changed.
   */
  setBankSlot(playerId: number, slot: number, stack: ItemStack): this {
    this.markBankSlot(playerId, slot);
    return this.playerOp(playerId, "bank", ["hset", this.key(keys.bank(playerId)), String(slot), encodeStack(stack)], noEdit);
  }

  deleteBankSlot(playerId: number, slot: number): this {
    this.markBankSlot(playerId, slot);
    return this.playerOp(playerId, "bank", ["hdel", this.key(keys.bank(playerId)), String(slot)], noEdit);
  }

  /**
   * Replaces a shop's stored stock (ShopHotState), guarded by the version it was read at (0: no stock stored
   * yet, the shop at its normal levels): refused when any other commit changed the shop since.
   */
  replaceShopStock(shopId: string, readVersion: number, stock: ReadonlyMap<number, number>, updatedAtMs: number): this {
    const k = this.key(keys.shop(shopId));
    this.guard(readVersion === 0 ? ["absent", k] : ["eq", k, "version", String(readVersion)], { kind: "shop", shopId });
    const fields = [...stock].flatMap(([itemId, count]) => [String(itemId), String(count)]);
    this.ops.push(["del", k], ["hset", k, "updated_at", String(updatedAtMs), "version", String(readVersion + 1), ...fields]);
    return this;
  }

  setPosition(playerId: number, position: Position): this {
    const k = this.key(keys.player(playerId));
    return this.playerOp(playerId, "position", [
      "hset", k, "map_id", position.mapId, "x", String(position.x), "y", String(position.y),
    ], (d) => (d.position = { ...position }));
  }

  setHp(playerId: number, hp: Partial<Hp>): this {
    const fields: string[] = [];
    if (hp.currentHp !== undefined) fields.push("current_hp", String(hp.currentHp));
    if (hp.maxHp !== undefined) fields.push("max_hp", String(hp.maxHp));
    if (fields.length === 0) return this;
    return this.playerOp(playerId, "position", ["hset", this.key(keys.player(playerId)), ...fields], (d) =>
      (d.hp = { currentHp: hp.currentHp ?? d.hp.currentHp, maxHp: hp.maxHp ?? d.hp.maxHp }));
  }

  /** The player's melee style (saved with the player row, like the position). */
  setCombatStyle(playerId: number, style: CombatStyle): this {
    return this.playerOp(playerId, "position", ["hset", this.key(keys.player(playerId)), "combat_style", style], (d) => (d.combatStyle = style));
  }

  /** Death state: `respawnAtMs` null means alive. Not persisted to PostgreSQL (HP 0 is). */
  setDeath(playerId: number, respawnAtMs: number | null): this {
    const k = this.key(keys.player(playerId));
    return this.playerOp(playerId, "position", ["hset", k, "respawn_at", respawnAtMs === null ? "" : String(respawnAtMs)], (d) =>
      (d.respawnAtMs = respawnAtMs));
  }

  /** Adds a ground item under an id from `allocateGroundItemId`; refused if that id is held by a live item. */
  addGroundItem(item: GroundItem): this {
    const k = this.key(keys.groundItem(item.id));
    this.guard(["absent", k], { kind: "groundItem", groundItemId: item.id });
    this.ops.push(["hset", k, ...encodeGroundItem(item)]);
    this.ops.push(["zadd", this.key(keys.groundItemsOfMap(item.mapId)), String(item.despawnAtMs), String(item.id)]);
    this.touchedMaps.add(item.mapId);
    return this;
  }

  /**
   * Adds a ground item under an id the commit itself takes from `ground_items:next_id` (no round trip of its
   * own); the committed result lists the new ids. Refused (`groundItemIds`) while Valkey lacks the counter.
   */
  addNewGroundItem(item: Omit<GroundItem, "id">): this {
    const counter = this.key(keys.groundItemsNextId());
    if (!this.allocatesIds) this.guard(["exists", counter], { kind: "groundItemIds" });
    this.allocatesIds = true;
    const fields = encodeGroundItem({ ...item, id: 0 }).slice(2);
    this.ops.push(["gnew", counter, this.key(keys.groundItemKeyBase()), this.key(keys.groundItemsOfMap(item.mapId)), String(item.despawnAtMs), ...fields]);
    this.touchedMaps.add(item.mapId);
    return this;
  }

  removeGroundItem(groundItemId: number, mapId: string): this {
    const k = this.key(keys.groundItem(groundItemId));
    this.guard(["exists", k], { kind: "groundItem", groundItemId });
    this.ops.push(["del", k], ["zrem", this.key(keys.groundItemsOfMap(mapId)), String(groundItemId)]);
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

  /**
   * The script's KEYS and ARGV, with the implicit guards and the version and dirty bookkeeping added. The
   * first guard holds Valkey to `epoch`, the epoch the committing process works in.
   */
  build(epoch: number): { keys: string[]; argv: string; targets: GuardTarget[] } {
    const guards: Guard[] = [["is", this.key(keys.epoch()), epochMarker(epoch)], ...this.guards];
    const targets: GuardTarget[] = [{ kind: "epoch" }, ...this.guardTargets];
    const ops = [...this.ops];
    for (const [playerId, types] of this.touchedPlayers) {
      const k = this.key(keys.player(playerId));
      guards.push(["exists", k]);
      targets.push({ kind: "player", playerId });
      ops.push(["hincr", k, "version", 1]);
      const bankSlots = this.bankChanges.get(playerId);
      if (bankSlots) ops.push(["zver", this.key(keys.bankChanges(playerId)), k, ...[...bankSlots].map(String)]);
      for (const type of types) ops.push(["sadd", this.key(keys.dirty(type)), String(playerId)]);
    }
    for (const mapId of this.touchedMaps) {
      ops.push(["incr", this.key(keys.groundItemsVersion(mapId))]);
      ops.push(["sadd", this.key(keys.dirty("ground_items" satisfies DirtyType)), mapId]);
    }
    return { keys: this.keyList, argv: JSON.stringify({ g: guards, o: ops }), targets };
  }

  /** Every player this transaction writes to. */
  playerIds(): number[] {
    return [...new Set([...this.touchedPlayers.keys(), ...this.expectedVersions.keys()])];
  }

  /**
   * The player's snapshot as this transaction leaves it, computed from `before` without a read (sharing the
   * inventory, equipment and skills it does not change with `before`): only when
   * the transaction was guarded on exactly `before.version` (so nothing else changed in between). Null
   * otherwise, or when the transaction does not write to the player.
   */
  applyTo(before: PlayerSnapshot): PlayerSnapshot | null {
    const edits = this.edits.get(before.playerId);
    if (!edits || this.expectedVersions.get(before.playerId) !== before.version) return null;
    // Snapshots are never changed in place: the collections this transaction does not touch are shared
    // with `before` (which lets the room skip showing them again).
    const touched = this.touchedPlayers.get(before.playerId);
    const draft: PlayerSnapshot = {
      ...before,
      position: { ...before.position },
      hp: { ...before.hp },
      inventory: touched?.has("inventory") ? new Map(before.inventory) : before.inventory,
      equipment: touched?.has("equipment") ? new Map(before.equipment) : before.equipment,
      skills: touched?.has("skills") ? new Map(before.skills) : before.skills,
      version: before.version + 1,
    };
    for (const edit of edits) edit(draft);
    return draft;
  }

  private playerOp(playerId: number, type: PlayerDirtyType, op: Op, edit: Edit): this {
    this.ops.push(op);
    const edits = this.edits.get(playerId);
    if (edits) edits.push(edit);
    else this.edits.set(playerId, [edit]);
    let types = this.touchedPlayers.get(playerId);
    if (!types) this.touchedPlayers.set(playerId, (types = new Set()));
    types.add(type);
    return this;
  }

  private markBankSlot(playerId: number, slot: number): void {
    const slots = this.bankChanges.get(playerId);
    if (slots) slots.add(slot);
    else this.bankChanges.set(playerId, new Set([slot]));
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
