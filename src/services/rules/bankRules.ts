import type { Bank, Inventory, ItemStack } from "../../state/types.js";
import { fail, ok, type Result } from "../results.js";
import { countItem, planAddMany, takeItems, type InventoryPlan, type MaxStack } from "./inventoryRules.js";
import { diffSlots, emptyPlan, type SlotPlan } from "./slotPlan.js";

/** The most one bank slot holds (PostgreSQL's integer): every item stacks in the bank up to it. */
export const BANK_STACK_MAX = 2_147_483_647;

/** Changes to a bank, keyed by bank slot. */
export type BankPlan = SlotPlan<number>;

/** Items moving between the inventory and the bank: both sides change in one commit. */
export interface TransferPlan {
  inventory: InventoryPlan;
  bank: BankPlan;
}

export interface BankLimits {
  inventorySlots: number;
  bankSlots: number;
  /** The inventory's stack sizes (the bank ignores them). */
  maxStack: MaxStack;
}

const isSlot = (slot: number, slots: number) => Number.isInteger(slot) && slot >= 0 && slot < slots;
const badQuantity = (quantity: number | undefined) => quantity !== undefined && (!Number.isSafeInteger(quantity) || quantity < 1);

/**
 * Places `stacks` into a copy of the bank (GAME_RULES "Bank"): each tops up the slots holding the same item
 * with the same durability, lowest first, up to BANK_STACK_MAX, then takes the lowest free slots. Returns
 * the bank after it and how many items found no room.
 */
export function addToBank(bank: ReadonlyMap<number, ItemStack>, stacks: readonly ItemStack[], bankSlots: number): { after: Bank; remaining: number } {
  const after: Bank = new Map([...bank].map(([slot, stack]) => [slot, { ...stack }]));
  let remaining = 0;
  for (const stack of stacks) {
    let left = stack.quantity;
    for (const slot of [...after.keys()].sort((a, b) => a - b)) {
      const held = after.get(slot)!;
      if (left === 0) break;
      if (held.itemId !== stack.itemId || held.durability !== stack.durability) continue;
      const moved = Math.min(BANK_STACK_MAX - held.quantity, left);
      if (moved <= 0) continue;
      held.quantity += moved;
      left -= moved;
    }
    for (let slot = 0; slot < bankSlots && left > 0; slot++) {
      if (after.has(slot)) continue;
      const moved = Math.min(BANK_STACK_MAX, left);
      after.set(slot, { itemId: stack.itemId, quantity: moved, durability: stack.durability });
      left -= moved;
    }
    remaining += left;
  }
  return { after, remaining };
}

function transfer(inventory: ReadonlyMap<number, ItemStack>, inventoryAfter: Inventory, bank: ReadonlyMap<number, ItemStack>, bankAfter: Bank): TransferPlan {
  return { inventory: diffSlots(inventory, inventoryAfter), bank: diffSlots(bank, bankAfter) };
}

/**
 * Plans `bank:deposit`: `quantity` (default: every one the inventory holds) of the item in inventory slot
 * `slot`, taken from that slot first, then from the other slots holding it; more than the inventory holds
 * deposits what it holds. All or nothing. Fails with INVALID_SLOT, INVALID_PAYLOAD (quantity below 1),
 * SLOT_EMPTY, BANK_FULL.
 */
export function planDeposit(
  inventory: ReadonlyMap<number, ItemStack>,
  bank: ReadonlyMap<number, ItemStack>,
  slot: number,
  quantity: number | undefined,
  limits: BankLimits,
): Result<TransferPlan & { deposited: number }> {
  if (!isSlot(slot, limits.inventorySlots)) return fail("INVALID_SLOT", `slot ${slot} is outside 0..${limits.inventorySlots - 1}`);
  if (badQuantity(quantity)) return fail("INVALID_PAYLOAD", `quantity must be a positive integer, got ${quantity}`);
  const stack = inventory.get(slot);
  if (!stack) return fail("SLOT_EMPTY", `inventory slot ${slot} is empty`);
  const deposited = Math.min(quantity ?? Infinity, countItem(inventory, stack.itemId));
  const { after, taken } = takeItems(inventory, stack.itemId, deposited, slot);
  const banked = addToBank(bank, taken, limits.bankSlots);
  if (banked.remaining > 0) return fail("BANK_FULL", "the bank has no room for the items");
  return ok({ ...transfer(inventory, after, bank, banked.after), deposited });
}

/** Plans `bank:depositAll`: every inventory stack, in slot order, all or nothing (BANK_FULL). */
export function planDepositAll(inventory: ReadonlyMap<number, ItemStack>, bank: ReadonlyMap<number, ItemStack>, limits: BankLimits): Result<TransferPlan> {
  const stacks = [...inventory].sort(([a], [b]) => a - b).map(([, stack]) => stack);
  const banked = addToBank(bank, stacks, limits.bankSlots);
  if (banked.remaining > 0) return fail("BANK_FULL", "the bank has no room for the whole inventory");
  return ok(transfer(inventory, new Map(), bank, banked.after));
}

/**
 * Plans `bank:withdraw`: `quantity` (default: the whole slot; more than the slot holds takes the slot) of
 * bank slot `bankSlot` into the inventory by the inventory's add rule (durability kept), as many as fit; the
 * rest stays in the bank. Fails with INVALID_SLOT, INVALID_PAYLOAD (quantity below 1), SLOT_EMPTY,
 * INVENTORY_FULL (nothing fits).
 */
export function planWithdraw(
  inventory: ReadonlyMap<number, ItemStack>,
  bank: ReadonlyMap<number, ItemStack>,
  bankSlot: number,
  quantity: number | undefined,
  limits: BankLimits,
): Result<TransferPlan & { withdrawn: number }> {
  if (!isSlot(bankSlot, limits.bankSlots)) return fail("INVALID_SLOT", `bank slot ${bankSlot} is outside 0..${limits.bankSlots - 1}`);
  if (badQuantity(quantity)) return fail("INVALID_PAYLOAD", `quantity must be a positive integer, got ${quantity}`);
  const stack = bank.get(bankSlot);
  if (!stack) return fail("SLOT_EMPTY", `bank slot ${bankSlot} is empty`);
  const wanted = Math.min(quantity ?? stack.quantity, stack.quantity);
  const added = planAddMany(inventory, [{ ...stack, quantity: wanted }], limits.maxStack, limits.inventorySlots);
  const withdrawn = wanted - added.remaining[0]!;
  if (withdrawn === 0) return fail("INVENTORY_FULL", "the inventory has no room for the item");
  const bankPlan = emptyPlan<number>();
  if (withdrawn === stack.quantity) bankPlan.delete.push(bankSlot);
  else bankPlan.set.push({ slot: bankSlot, stack: { ...stack, quantity: stack.quantity - withdrawn } });
  return ok({ inventory: { set: added.set, delete: added.delete }, bank: bankPlan, withdrawn });
}

/**
 * Plans `bank:move`: an empty target takes the stack; the same item with the same durability merges (up to
 * BANK_STACK_MAX, the rest stays); anything else swaps. `from == to` changes nothing. Fails with
 * INVALID_SLOT and SLOT_EMPTY (`from`).
 */
export function planBankMove(bank: ReadonlyMap<number, ItemStack>, from: number, to: number, bankSlots: number): Result<BankPlan> {
  for (const slot of [from, to]) if (!isSlot(slot, bankSlots)) return fail("INVALID_SLOT", `bank slot ${slot} is outside 0..${bankSlots - 1}`);
  const source = bank.get(from);
  if (!source) return fail("SLOT_EMPTY", `bank slot ${from} is empty`);
  if (from === to) return ok(emptyPlan<number>());
  const target = bank.get(to);
  if (!target) return ok({ set: [{ slot: to, stack: { ...source } }], delete: [from] });
  if (target.itemId === source.itemId && target.durability === source.durability) {
    const moved = Math.min(BANK_STACK_MAX - target.quantity, source.quantity);
    if (moved <= 0) return ok(emptyPlan<number>());
    const plan: BankPlan = { set: [{ slot: to, stack: { ...target, quantity: target.quantity + moved } }], delete: [] };
    if (moved === source.quantity) plan.delete.push(from);
    else plan.set.push({ slot: from, stack: { ...source, quantity: source.quantity - moved } });
    return ok(plan);
  }
  return ok({ set: [{ slot: to, stack: { ...source } }, { slot: from, stack: { ...target } }], delete: [] });
}
