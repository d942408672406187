import type { GameRules } from "../config/config.js";
import type { GameStateManager } from "../state/GameStateManager.js";
import type { ItemStack } from "../state/types.js";
import { atomically, commitThen, nothingToWrite } from "./atomically.js";
import type { ItemService } from "./ItemService.js";
import { fail, ok, type Result } from "./results.js";
import * as inventoryRules from "./rules/inventoryRules.js";
import type { ServiceDeps } from "./ServiceDeps.js";
import { guardedBy, isInventorySlot, isPositiveInteger, readAlive, readLoaded, writeInventoryPlan } from "./stateAccess.js";

export interface AddOptions {
  /** "all" (default): place everything or nothing. "partial": place what fits and report the rest. */
  mode?: "all" | "partial";
}

export interface AddOutcome {
  placed: number;
  remaining: number;
}

export interface GrantEntry {
  itemId: number;
  quantity: number;
}

/**
 * Adds, removes and moves inventory items (GAME_RULES "Inventory"). Every change is one atomic commit
 * guarded by the player's version (re-read and re-planned when it moved); a refused action changes nothing.
 * Every action answers NOT_FOUND for a player who is not loaded; changes answer DEAD for a dead player.
 */
export class InventoryService {
  private readonly gsm: GameStateManager;
  private readonly items: ItemService;
  private readonly rules: GameRules;
  private readonly itemFlow: ServiceDeps["itemFlow"];

  constructor(deps: Pick<ServiceDeps, "gsm" | "items" | "rules" | "itemFlow">) {
    ({ gsm: this.gsm, items: this.items, rules: this.rules, itemFlow: this.itemFlow } = deps);
  }

  /**
   * Adds `quantity` of `itemId` (new stacks get the item's max durability): tops up stacks first, then the
   * lowest free slots. Mode "all" (grants) places everything or answers INVENTORY_FULL with nothing changed;
   * mode "partial" places what fits and reports `remaining`, INVENTORY_FULL only when nothing fits.
   * Fails with INVALID_PAYLOAD (quantity not a positive integer), NOT_FOUND (unknown item or player), DEAD.
   */
  async addItem(playerId: number, itemId: number, quantity: number, options: AddOptions = {}): Promise<Result<AddOutcome>> {
    const mode = options.mode ?? "all";
    const granted = await this.grant(playerId, [{ itemId, quantity }], mode);
    if (!granted.ok) return granted;
    return ok({ placed: granted.data.placed[0]!, remaining: granted.data.remaining[0]! });
  }

  /**
   * Adds every entry, in order, all or nothing: INVENTORY_FULL when anything does not fit (nothing changes).
   * Fails like `addItem` for a bad entry; an empty list succeeds and changes nothing.
   */
  async grantMany(playerId: number, entries: readonly GrantEntry[]): Promise<Result<{ placed: number[] }>> {
    const granted = await this.grant(playerId, entries, "all");
    return granted.ok ? ok({ placed: granted.data.placed }) : granted;
  }

  /**
   * Grants `rules.starterKit` (item names) all or nothing, like `grantMany`. NOT_FOUND names a kit entry
   * that is not in the catalogue (a configuration error).
   */
  async grantStarterKit(playerId: number): Promise<Result<{ placed: number[] }>> {
    const entries: GrantEntry[] = [];
    for (const { itemName, quantity } of this.rules.starterKit) {
      const item = this.items.getByName(itemName);
      if (!item) return fail("NOT_FOUND", `starter kit item ${itemName} is not in the catalogue`);
      entries.push({ itemId: item.id, quantity });
    }
    return this.grantMany(playerId, entries);
  }

  /**
   * Removes `quantity` (default: the whole stack) from `slot` and returns what was removed (items are used
   * up: this is not a drop). Fails with INVALID_SLOT, INVALID_PAYLOAD (quantity below 1 or above the
   * stack), SLOT_EMPTY, NOT_FOUND, DEAD.
   */
  async removeItem(playerId: number, slot: number, quantity?: number): Promise<Result<ItemStack>> {
    if (!isInventorySlot(slot, this.rules.inventorySlots)) return this.invalidSlot(slot);
    if (quantity !== undefined && !isPositiveInteger(quantity)) {
      return fail("INVALID_PAYLOAD", `quantity must be a positive integer, got ${quantity}`);
    }
    return atomically(this.gsm, async () => {
      const read = await readAlive(this.gsm, playerId);
      if (!read.ok) return read;
      const snapshot = read.data;
      const stack = snapshot.inventory.get(slot);
      if (!stack) return fail("SLOT_EMPTY", `inventory slot ${slot} is empty`);
      const taken = quantity ?? stack.quantity;
      if (taken > stack.quantity) return fail("INVALID_PAYLOAD", `slot ${slot} holds only ${stack.quantity}`);
      const tx = guardedBy(this.gsm, snapshot);
      if (taken === stack.quantity) tx.deleteInventorySlot(playerId, slot);
      else tx.setInventorySlot(playerId, slot, { ...stack, quantity: stack.quantity - taken });
      return commitThen(tx, { ...stack, quantity: taken });
    });
  }

  /**
   * Moves the stack in `from` to `to`: into an empty slot, merged onto the same stackable item (the rest
   * stays), otherwise swapped; `from == to` succeeds without a change. Fails with INVALID_SLOT (outside
   * 0..inventorySlots-1), SLOT_EMPTY (`from`), NOT_FOUND, DEAD.
   */
  async moveItem(playerId: number, from: number, to: number): Promise<Result<void>> {
    for (const slot of [from, to]) if (!isInventorySlot(slot, this.rules.inventorySlots)) return this.invalidSlot(slot);
    return atomically(this.gsm, async () => {
      const read = await readAlive(this.gsm, playerId);
      if (!read.ok) return read;
      const snapshot = read.data;
      const plan = inventoryRules.planMove(snapshot.inventory, from, to, this.items.maxStackOf, this.rules.inventorySlots);
      if (!plan.ok) return plan;
      return commitThen(writeInventoryPlan(guardedBy(this.gsm, snapshot), playerId, plan.data), undefined);
    });
  }

  /** The lowest empty slot, or null when the inventory is full. NOT_FOUND for a player who is not loaded. */
  async getFreeSlot(playerId: number): Promise<Result<number | null>> {
    const read = await readLoaded(this.gsm, playerId);
    return read.ok ? ok(inventoryRules.lowestFreeSlot(read.data.inventory, this.rules.inventorySlots)) : read;
  }

  /** Total quantity of `itemId` in the inventory. NOT_FOUND for a player who is not loaded. */
  async countItem(playerId: number, itemId: number): Promise<Result<number>> {
    const read = await readLoaded(this.gsm, playerId);
    return read.ok ? ok(inventoryRules.countItem(read.data.inventory, itemId)) : read;
  }

  /** Whether the inventory holds at least `quantity` (default 1) of `itemId`. NOT_FOUND when not loaded. */
  async hasItem(playerId: number, itemId: number, quantity = 1): Promise<Result<boolean>> {
    const count = await this.countItem(playerId, itemId);
    return count.ok ? ok(count.data >= quantity) : count;
  }

  private async grant(
    playerId: number,
    entries: readonly GrantEntry[],
    mode: "all" | "partial",
  ): Promise<Result<{ placed: number[]; remaining: number[] }>> {
    const stacks: ItemStack[] = [];
    for (const { itemId, quantity } of entries) {
      if (!isPositiveInteger(quantity)) return fail("INVALID_PAYLOAD", `quantity must be a positive integer, got ${quantity}`);
      const item = this.items.getById(itemId);
      if (!item) return fail("NOT_FOUND", `no item with id ${itemId}`);
      stacks.push({ itemId, quantity, durability: item.maxDurability });
    }
    const granted = await atomically(this.gsm, async () => {
      const read = await readAlive(this.gsm, playerId);
      if (!read.ok) return read;
      const snapshot = read.data;
      const plan = inventoryRules.planAddMany(snapshot.inventory, stacks, this.items.maxStackOf, this.rules.inventorySlots);
      const placed = stacks.map((stack, i) => stack.quantity - plan.remaining[i]!);
      const nothingFits = placed.every((p) => p === 0) && stacks.length > 0;
      if ((mode === "all" && plan.remaining.some((r) => r > 0)) || nothingFits) {
        return fail("INVENTORY_FULL", "the inventory has no room for the items");
      }
      const value = { placed, remaining: plan.remaining };
      if (stacks.length === 0) return nothingToWrite(value);
      return commitThen(writeInventoryPlan(guardedBy(this.gsm, snapshot), playerId, plan), value);
    });
    if (granted.ok) this.itemFlow?.created("grant", granted.data.placed.reduce((sum, n) => sum + n, 0));
    return granted;
  }

  private invalidSlot(slot: number) {
    return fail("INVALID_SLOT", `slot ${slot} is outside 0..${this.rules.inventorySlots - 1}`);
  }
}
