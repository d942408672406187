import type { Inventory, ItemStack } from "../../state/types.js";
import { fail, ok, type Result } from "../results.js";
import { diffSlots, emptyPlan, type SlotPlan } from "./slotPlan.js";

/** Changes to an inventory, keyed by slot number. */
export type InventoryPlan = SlotPlan<number>;

/** An item's stack size, given directly or looked up by item id. */
export type MaxStack = number | ((itemId: number) => number);

export interface AddPlan extends InventoryPlan {
  /** How many of the requested quantity the plan places. */
  placed: number;
  /** How many do not fit; grants refuse the whole add when this is above 0, pickups leave it on the ground. */
  remaining: number;
}

function stackSizeOf(maxStack: MaxStack, itemId: number): number {
  const size = typeof maxStack === "number" ? maxStack : maxStack(itemId);
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`item ${itemId} has an invalid stack size ${size}`);
  return size;
}

function copyInventory(inventory: ReadonlyMap<number, ItemStack>): Inventory {
  const copy: Inventory = new Map();
  for (const [slot, stack] of inventory) copy.set(slot, { ...stack });
  return copy;
}

/** The lowest empty slot in 0..slots-1, or null when every slot is taken. */
export function lowestFreeSlot(inventory: ReadonlyMap<number, ItemStack>, slots: number): number | null {
  for (let slot = 0; slot < slots; slot++) {
    if (!inventory.has(slot)) return slot;
  }
  return null;
}

/** Total quantity of `itemId` over all slots. */
export function countItem(inventory: ReadonlyMap<number, ItemStack>, itemId: number): number {
  let total = 0;
  for (const stack of inventory.values()) {
    if (stack.itemId === itemId) total += stack.quantity;
  }
  return total;
}

/** Whether the inventory holds at least `quantity` (default 1) of `itemId`. */
export function hasItem(inventory: ReadonlyMap<number, ItemStack>, itemId: number, quantity = 1): boolean {
  return countItem(inventory, itemId) >= quantity;
}

/**
 * Takes `quantity` of `itemId` out of the inventory: from `firstSlot` first (when it holds that item), then
 * from the other slots holding it, lowest first. Returns the inventory after it (the input is not changed)
 * and the parts taken, each with its durability.
 * @throws RangeError when the inventory holds less than `quantity`, or `quantity` is not a positive integer.
 */
export function takeItems(
  inventory: ReadonlyMap<number, ItemStack>,
  itemId: number,
  quantity: number,
  firstSlot?: number,
): { after: Inventory; taken: ItemStack[] } {
  if (!Number.isSafeInteger(quantity) || quantity < 1) throw new RangeError(`quantity must be a positive integer, got ${quantity}`);
  if (countItem(inventory, itemId) < quantity) throw new RangeError(`the inventory holds less than ${quantity} of item ${itemId}`);
  const after = copyInventory(inventory);
  const order = [...after.keys()].filter((slot) => after.get(slot)!.itemId === itemId).sort((a, b) => a - b);
  if (firstSlot !== undefined && order.includes(firstSlot)) order.unshift(...order.splice(order.indexOf(firstSlot), 1));
  const taken: ItemStack[] = [];
  let left = quantity;
  for (const slot of order) {
    if (left === 0) break;
    const stack = after.get(slot)!;
    const part = Math.min(stack.quantity, left);
    taken.push({ ...stack, quantity: part });
    if (part === stack.quantity) after.delete(slot);
    else after.set(slot, { ...stack, quantity: stack.quantity - part });
    left -= part;
  }
  return { after, taken };
}

function addInto(inventory: Inventory, item: ItemStack, size: number, slots: number): number {
  let remaining = item.quantity;
  // Top up existing stacks in slot order. Stacks of a stackable item merge whatever their durability.
  const slotsInOrder = [...inventory.keys()].sort((a, b) => a - b);
  for (const slot of slotsInOrder) {
    if (remaining === 0) break;
    const stack = inventory.get(slot)!;
    if (slot >= slots || stack.itemId !== item.itemId) continue;
    if (size === 1 && stack.durability !== item.durability) continue;
    const moved = Math.min(size - stack.quantity, remaining);
    if (moved <= 0) continue;
    inventory.set(slot, { ...stack, quantity: stack.quantity + moved });
    remaining -= moved;
  }
  while (remaining > 0) {
    const slot = lowestFreeSlot(inventory, slots);
    if (slot === null) break;
    const quantity = Math.min(size, remaining);
    inventory.set(slot, { itemId: item.itemId, quantity, durability: item.durability });
    remaining -= quantity;
  }
  return remaining;
}

/**
 * Plans adding `item` (GAME_RULES "Add"): first top up stacks of the same item (for items with a stack size
 * of 1 only when the durability matches, which never adds anything), then fill the lowest free slots, each up
 * to the stack size. Places what fits and reports the rest; the caller decides whether a partial add is
 * acceptable. The inventory is not changed.
 * @throws RangeError when the quantity is not a positive integer or the stack size is invalid.
 */
export function planAdd(
  inventory: ReadonlyMap<number, ItemStack>,
  item: ItemStack,
  maxStack: MaxStack,
  slots: number,
): AddPlan {
  const plan = planAddMany(inventory, [item], maxStack, slots);
  const remaining = plan.remaining[0]!;
  return { set: plan.set, delete: plan.delete, placed: item.quantity - remaining, remaining };
}

/**
 * Plans adding several stacks one after another (e.g. a starter kit or an admin grant). `remaining[i]` is
 * what does not fit of `items[i]`; an all-or-nothing grant commits the plan only when every entry is 0.
 * The inventory is not changed.
 * @throws RangeError when a quantity is not a positive integer or a stack size is invalid.
 */
export function planAddMany(
  inventory: ReadonlyMap<number, ItemStack>,
  items: readonly ItemStack[],
  maxStack: MaxStack,
  slots: number,
): InventoryPlan & { remaining: number[] } {
  const after = copyInventory(inventory);
  const remaining = items.map((item) => {
    if (!Number.isSafeInteger(item.quantity) || item.quantity < 1) {
      throw new RangeError(`quantity must be a positive integer, got ${item.quantity}`);
    }
    return addInto(after, item, stackSizeOf(maxStack, item.itemId), slots);
  });
  return { ...diffSlots(inventory, after), remaining };
}

/**
 * Plans moving the stack in `from` to `to` (GAME_RULES "Move"): an empty target takes the stack; the same
 * stackable item merges up to the stack size and the rest stays in `from`; anything else swaps. Durability
 * travels with the item. Fails with INVALID_SLOT for a slot outside 0..slots-1 and SLOT_EMPTY for an empty
 * `from` (checked before `from == to`, which is otherwise a success that changes nothing).
 */
export function planMove(
  inventory: ReadonlyMap<number, ItemStack>,
  from: number,
  to: number,
  maxStack: MaxStack,
  slots: number,
): Result<InventoryPlan> {
  for (const slot of [from, to]) {
    if (!Number.isInteger(slot) || slot < 0 || slot >= slots) {
      return fail("INVALID_SLOT", `slot ${slot} is outside 0..${slots - 1}`);
    }
  }
  const source = inventory.get(from);
  if (!source) return fail("SLOT_EMPTY", `inventory slot ${from} is empty`);
  if (from === to) return ok(emptyPlan<number>());
  const target = inventory.get(to);
  if (!target) return ok({ set: [{ slot: to, stack: { ...source } }], delete: [from] });

  const size = stackSizeOf(maxStack, source.itemId);
  if (target.itemId === source.itemId && size > 1) {
    const moved = Math.min(size - target.quantity, source.quantity);
    if (moved <= 0) return ok(emptyPlan<number>());
    const merged = { ...target, quantity: target.quantity + moved };
    const plan: InventoryPlan = { set: [{ slot: to, stack: merged }], delete: [] };
    if (moved === source.quantity) plan.delete.push(from);
    else plan.set.push({ slot: from, stack: { ...source, quantity: source.quantity - moved } });
    return ok(plan);
  }
  return ok({ set: [{ slot: to, stack: { ...source } }, { slot: from, stack: { ...target } }], delete: [] });
}
