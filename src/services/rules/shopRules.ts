import type { ItemStack } from "../../state/types.js";
import { fail, ok, type Result } from "../results.js";
import { countItem, planAddMany, takeItems, type InventoryPlan, type MaxStack } from "./inventoryRules.js";
import { applySlotPlan, diffSlots } from "./slotPlan.js";

/** A shop's stock as it was stored at its last change (`updatedAtMs`); null: never changed. */
export interface StockAt {
  /** Item id -> stock; a normally stocked item missing here is at its normal level. */
  stock: ReadonlyMap<number, number>;
  updatedAtMs: number;
}

/** Item id -> stock. */
export type Stock = Map<number, number>;

/**
 * The stock as stored (GAME_RULES "Shops"): every normally stocked item (at its normal level when nothing
 * is stored for it) and every other item stored with a positive stock. This is what item conservation
 * counts as the shop's.
 */
export function storedStock(normals: ReadonlyMap<number, number>, stored: StockAt | null): Stock {
  const stock: Stock = new Map(normals);
  for (const [itemId, count] of stored?.stock ?? []) {
    if (count > 0 || normals.has(itemId)) stock.set(itemId, count);
  }
  return stock;
}

/**
 * Restock periods between the last change and `nowMs`: the periods are counted on one clock for the whole
 * world (multiples of `restockMs` since the epoch), so a change never loses the progress toward the next unit.
 */
export function restockPeriods(updatedAtMs: number, nowMs: number, restockMs: number): number {
  return Math.max(0, Math.floor(nowMs / restockMs) - Math.floor(updatedAtMs / restockMs));
}

/**
 * The live stock at `nowMs`: each item moved toward its normal level (0 for an item the shop does not
 * normally stock, which then leaves the list) by one unit per restock period since the last change.
 */
export function currentStock(normals: ReadonlyMap<number, number>, stored: StockAt | null, nowMs: number, restockMs: number): Stock {
  const stock = storedStock(normals, stored);
  const periods = stored ? restockPeriods(stored.updatedAtMs, nowMs, restockMs) : 0;
  for (const [itemId, count] of stock) {
    const normal = normals.get(itemId) ?? 0;
    const moved = count < normal ? Math.min(normal, count + periods) : Math.max(normal, count - periods);
    if (moved === 0 && !normals.has(itemId)) stock.delete(itemId);
    else stock.set(itemId, moved);
  }
  return stock;
}

/** Items restocking added (`created`) and fading removed (`destroyed`) between two stocks of one shop. */
export function stockFlow(before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>): { created: number; destroyed: number } {
  let created = 0;
  let destroyed = 0;
  for (const itemId of new Set([...before.keys(), ...after.keys()])) {
    const delta = (after.get(itemId) ?? 0) - (before.get(itemId) ?? 0);
    if (delta > 0) created += delta;
    else destroyed -= delta;
  }
  return { created, destroyed };
}

/** What a player pays for one item: its value. */
export function buyPrice(value: number): number {
  return value;
}

/** What a player gets for one item: `percent` of its value, rounded down. */
export function sellPrice(value: number, percent: number): number {
  return Math.floor((value * percent) / 100);
}

/** Which items a shop buys: never coins or quest items; a general store anything else; others their own stock. */
export function shopBuys(shop: { general: boolean; normals: ReadonlyMap<number, number> }, item: { id: number; category: string }): boolean {
  if (item.category === "currency" || item.category === "quest") return false;
  return shop.general || shop.normals.has(item.id);
}

export interface Purse {
  /** The item paid and received in (coins). */
  coinsId: number;
  maxStack: MaxStack;
  inventorySlots: number;
}

/**
 * Plans a purchase (GAME_RULES "Shops"): as many as `wanted`, the stock, the coins and the inventory allow,
 * paid at `unitPrice` each (coins are taken first, so a coin stack paid out whole frees its slot). The new
 * items get `durability`. Fails, when not even one can be bought, with OUT_OF_STOCK, NOT_ENOUGH_COINS or
 * INVENTORY_FULL, in that order.
 */
export function planBuy(
  inventory: ReadonlyMap<number, ItemStack>,
  item: { itemId: number; durability: number | null; unitPrice: number },
  wanted: number,
  stock: number,
  purse: Purse,
): Result<{ plan: InventoryPlan; quantity: number; cost: number }> {
  if (stock < 1) return fail("OUT_OF_STOCK", "the shop has none left");
  const coins = countItem(inventory, purse.coinsId);
  const affordable = item.unitPrice === 0 ? Infinity : Math.floor(coins / item.unitPrice);
  if (affordable < 1) return fail("NOT_ENOUGH_COINS", `one costs ${item.unitPrice} coins`);
  let quantity = Math.min(wanted, stock, affordable);
  for (;;) {
    const cost = quantity * item.unitPrice;
    const paid = cost > 0 ? takeItems(inventory, purse.coinsId, cost).after : new Map(inventory);
    const added = planAddMany(paid, [{ itemId: item.itemId, quantity, durability: item.durability }], purse.maxStack, purse.inventorySlots);
    const placed = quantity - added.remaining[0]!;
    if (placed === 0) return fail("INVENTORY_FULL", "the inventory has no room for the item");
    // Paying for fewer may keep a coin slot that paying for all of them freed: plan again for what fits.
    if (placed < quantity) {
      quantity = placed;
      continue;
    }
    return ok({ plan: diffSlots(inventory, applySlotPlan(paid, added)), quantity, cost });
  }
}

/**
 * Plans a sale: `quantity` (default: the stack in `slot`) of the item in `slot`, taken from that slot first
 * and then from the other slots holding it, for `unitPrice` coins each, added all or nothing. Fails with
 * INVALID_PAYLOAD (quantity below 1 or more than the inventory holds of the item) and INVENTORY_FULL (no
 * room for the coins). The caller checks the slot, its emptiness and whether the shop buys the item.
 */
export function planSell(
  inventory: ReadonlyMap<number, ItemStack>,
  slot: number,
  quantity: number | undefined,
  unitPrice: number,
  purse: Purse,
): Result<{ plan: InventoryPlan; quantity: number; coins: number }> {
  const stack = inventory.get(slot);
  if (!stack) return fail("SLOT_EMPTY", `inventory slot ${slot} is empty`);
  const sold = quantity ?? stack.quantity;
  if (!Number.isSafeInteger(sold) || sold < 1) return fail("INVALID_PAYLOAD", `quantity must be a positive integer, got ${sold}`);
  const held = countItem(inventory, stack.itemId);
  if (sold > held) return fail("INVALID_PAYLOAD", `the inventory holds only ${held} of that item`);
  const { after } = takeItems(inventory, stack.itemId, sold, slot);
  const coins = sold * unitPrice;
  if (coins === 0) return ok({ plan: diffSlots(inventory, after), quantity: sold, coins });
  const paid = planAddMany(after, [{ itemId: purse.coinsId, quantity: coins, durability: null }], purse.maxStack, purse.inventorySlots);
  if (paid.remaining[0]! > 0) return fail("INVENTORY_FULL", "the inventory has no room for the coins");
  return ok({ plan: diffSlots(inventory, applySlotPlan(after, paid)), quantity: sold, coins });
}
