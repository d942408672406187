import type { GameRules } from "../config/config.js";
import type { StoredGroundItem } from "../state/GroundItemHotState.js";
import type { GameStateManager } from "../state/GameStateManager.js";
import type { Position } from "../state/types.js";
import { AfterCommit, atomically, commitThen } from "./atomically.js";
import type { ItemService } from "./ItemService.js";
import { fail, type Result } from "./results.js";
import type { DroppedStack } from "./rules/drops.js";
import { groundItemFromStack } from "./rules/groundDrops.js";
import { isVisibleTo } from "./rules/groundItemTimers.js";
import { planAdd } from "./rules/inventoryRules.js";
import type { ServiceDeps } from "./ServiceDeps.js";
import { guardedBy, isInventorySlot, isPositiveInteger, readAlive, writeInventoryPlan } from "./stateAccess.js";

export interface PickupOutcome {
  /** How many went into the inventory. */
  quantity: number;
  /** How many stay on the ground (the same ground item, its quantity lowered). */
  remaining: number;
  /** The ground item's version after the pickup (it moves when some stay on the ground). */
  groundItemVersion: number;
}

export interface DropOutcome {
  groundItemId: number;
  /** The new ground item as stored. */
  groundItem: StoredGroundItem;
}

/**
 * Dropping and picking up ground items (GAME_RULES "Ground items"). A drop removes the items from the
 * inventory and adds the ground item in one commit; a pickup adds to the inventory and removes (or lowers)
 * the ground item in one commit guarded by both versions, so of players racing for an item, in one process
 * or several, exactly one receives each unit. NOT_FOUND for a player who is not loaded, DEAD for a dead one.
 */
export class GroundItemService {
  private readonly gsm: GameStateManager;
  private readonly items: ItemService;
  private readonly rules: GameRules;
  private readonly now: () => number;
  private readonly itemFlow: ServiceDeps["itemFlow"];

  constructor(deps: ServiceDeps) {
    ({ gsm: this.gsm, items: this.items, rules: this.rules, itemFlow: this.itemFlow } = deps);
    this.now = deps.now ?? deps.gsm.now;
  }

  /**
   * An NPC's drops (GAME_RULES "Drops"): one new ground item per stack on `position`, protected for
   * `ownerId` (null: public at once) with the timers of its rarity, new stacks with the item's max
   * durability; all in one commit (one round trip: it allocates the ids), counted as created by drops.
   * Returns the new ground items as stored. Unknown item ids are a content bug and are skipped.
   */
  async createDrops(position: Position, ownerId: number | null, stacks: readonly DroppedStack[]): Promise<StoredGroundItem[]> {
    const known = stacks.filter((s) => this.items.getById(s.itemId) !== undefined && isPositiveInteger(s.quantity));
    if (known.length === 0) return [];
    const nowMs = this.now();
    const items = known.map((stack) => {
      const durability = this.items.getById(stack.itemId)?.maxDurability ?? null;
      return groundItemFromStack(0, { ...stack, durability }, {
        position,
        droppedBy: ownerId,
        nowMs,
        rules: this.rules,
        rarityOf: (itemId) => this.items.getById(itemId)?.rarity ?? "common",
      });
    });
    // Only additions: the commit is refused only while Valkey lacks the id counter (seeded, then again).
    const created = await atomically(this.gsm, () => {
      const tx = this.gsm.transaction();
      for (const item of items) tx.addNewGroundItem(item);
      return Promise.resolve(commitThen(tx, new AfterCommit((ids) => items.map((item, i) => ({ ...item, id: ids[i]!, version: 1 })))));
    });
    if (!created.ok) throw new Error(`could not create drops: ${created.code}`);
    this.itemFlow?.created("drop", known.reduce((sum, s) => sum + s.quantity, 0));
    return created.data;
  }

  /**
   * Drops `quantity` (default: the whole stack) from `inventorySlot` onto the player's tile as a new ground
   * item, protected for the dropper (timers by rarity, scaled by `rules.groundItemTimerScale`). Fails with
   * INVALID_SLOT, SLOT_EMPTY, INVALID_PAYLOAD (quantity below 1 or above the stack), NOT_FOUND, DEAD.
   */
  async drop(playerId: number, inventorySlot: number, quantity?: number): Promise<Result<DropOutcome>> {
    if (!isInventorySlot(inventorySlot, this.rules.inventorySlots)) {
      return fail("INVALID_SLOT", `slot ${inventorySlot} is outside 0..${this.rules.inventorySlots - 1}`);
    }
    if (quantity !== undefined && !isPositiveInteger(quantity)) {
      return fail("INVALID_PAYLOAD", `quantity must be a positive integer, got ${quantity}`);
    }
    return atomically(this.gsm, async () => {
      const read = await readAlive(this.gsm, playerId);
      if (!read.ok) return read;
      const snapshot = read.data;
      const stack = snapshot.inventory.get(inventorySlot);
      if (!stack) return fail("SLOT_EMPTY", `inventory slot ${inventorySlot} is empty`);
      const dropped = quantity ?? stack.quantity;
      if (dropped > stack.quantity) return fail("INVALID_PAYLOAD", `slot ${inventorySlot} holds only ${stack.quantity}`);
      // The commit allocates the id: the drop is one round trip.
      const groundItem = groundItemFromStack(0, { ...stack, quantity: dropped }, {
        position: snapshot.position,
        droppedBy: playerId,
        nowMs: this.now(),
        rules: this.rules,
        rarityOf: (itemId) => this.items.getById(itemId)?.rarity ?? "common",
      });
      const tx = guardedBy(this.gsm, snapshot);
      if (dropped === stack.quantity) tx.deleteInventorySlot(playerId, inventorySlot);
      else tx.setInventorySlot(playerId, inventorySlot, { ...stack, quantity: stack.quantity - dropped });
      tx.addNewGroundItem(groundItem);
      return commitThen(tx, new AfterCommit(([id]) => ({ groundItemId: id!, groundItem: { ...groundItem, id: id!, version: 1 } })));
    });
  }

  /**
   * Picks up as much of the ground item as fits (stacks topped up first, then free slots); the rest stays
   * on the ground with its quantity lowered. Fails with NOT_FOUND (gone, on another map, despawned, or
   * protected for someone else), NOT_ON_TILE, INVENTORY_FULL (nothing fits), DEAD. `known`: the item as the
   * caller last saw it stored (the room's mirror); the first attempt plans on it without reading it, the
   * commit's guard on its version refusing a copy that is out of date (a later attempt then reads it).
   */
  async pickup(playerId: number, groundItemId: number, known?: StoredGroundItem): Promise<Result<PickupOutcome>> {
    if (!Number.isSafeInteger(groundItemId)) return fail("NOT_FOUND", `no ground item ${groundItemId}`);
    let seen = known?.id === groundItemId ? known : undefined;
    return atomically(this.gsm, async () => {
      const [read, item] = await Promise.all([readAlive(this.gsm, playerId), seen ?? this.gsm.getGroundItem(groundItemId)]);
      seen = undefined;
      if (!read.ok) return read;
      const snapshot = read.data;
      const { position } = snapshot;
      if (!item || item.mapId !== position.mapId || !isVisibleTo(item, playerId, this.now())) {
        return fail("NOT_FOUND", `no ground item ${groundItemId} here`);
      }
      if (item.x !== position.x || item.y !== position.y) return fail("NOT_ON_TILE", `ground item ${groundItemId} is not on your tile`);
      const stack = { itemId: item.itemId, quantity: item.quantity, durability: item.durability };
      const plan = planAdd(snapshot.inventory, stack, this.items.maxStackOf, this.rules.inventorySlots);
      if (plan.placed === 0) return fail("INVENTORY_FULL", "the inventory has no room for it");
      const tx = writeInventoryPlan(guardedBy(this.gsm, snapshot), playerId, plan).expectGroundItem(item.id, item.version);
      if (plan.remaining > 0) tx.setGroundItemQuantity(item.id, item.mapId, plan.remaining);
      else tx.removeGroundItem(item.id, item.mapId);
      return commitThen(tx, { quantity: plan.placed, remaining: plan.remaining, groundItemVersion: item.version + 1 });
    });
  }

  /**
   * Ground items of `mapId` within `rules.areaOfInterestTiles` of (x, y) that `playerId` may see now
   * (the GSM's clock): not despawned, and public or dropped by that player.
   */
  visibleAround(mapId: string, x: number, y: number, playerId: number | null): Promise<StoredGroundItem[]> {
    return this.gsm.getVisibleGroundItems(mapId, x, y, playerId, this.rules.areaOfInterestTiles);
  }

  /**
   * Removes the map's despawned items (atomically against pickups; their items leave the world as
   * `despawn`); returns the ids of the ground items it removed.
   */
  async cleanupExpired(mapId: string): Promise<number[]> {
    const removed = await this.gsm.cleanupExpiredGroundItems(mapId);
    this.itemFlow?.destroyed("despawn", removed.reduce((sum, g) => sum + g.quantity, 0));
    return removed.map((g) => g.id);
  }
}
