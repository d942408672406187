import type { ItemStack } from "../../state/types.js";
import { fail, ok, type Result } from "../results.js";
import { planAddMany, type InventoryPlan, type MaxStack } from "./inventoryRules.js";
import { applySlotPlan, diffSlots } from "./slotPlan.js";

/**
 * One entry of an offer: `quantity` of the item that inventory slot `slot` held when it was offered. The
 * item stays in the inventory until the trade completes; completion takes it from that slot, so it must
 * still be there then (same item, same durability, at least that many).
 */
export interface OfferEntry extends ItemStack {
  slot: number;
}

export type Offer = readonly OfferEntry[];

/** The most entries an offer holds (GAME_RULES "Trade": up to 28 stacks). */
export const MAX_OFFER_ENTRIES = 28;

const sameItem = (entry: OfferEntry, stack: ItemStack) => entry.itemId === stack.itemId && entry.durability === stack.durability;

/** How much of the stack in `slot` the offer already holds. */
function offeredFrom(offer: Offer, slot: number, stack: ItemStack): number {
  return offer.reduce((sum, e) => (e.slot === slot && sameItem(e, stack) ? sum + e.quantity : sum), 0);
}

/**
 * The offer after offering `quantity` (default: all of the slot's stack not offered yet) of inventory slot
 * `slot`: added to the entry of that slot when there is one, else a new entry at the end. Fails with
 * INVALID_SLOT (outside 0..slots-1), SLOT_EMPTY, INVALID_PAYLOAD (below 1, more than the slot holds counting
 * what is already offered, or an offer of MAX_OFFER_ENTRIES entries already).
 */
export function planOffer(offer: Offer, inventory: ReadonlyMap<number, ItemStack>, slot: number, quantity: number | undefined, slots: number): Result<OfferEntry[]> {
  if (!Number.isInteger(slot) || slot < 0 || slot >= slots) return fail("INVALID_SLOT", `slot ${slot} is outside 0..${slots - 1}`);
  const stack = inventory.get(slot);
  if (!stack) return fail("SLOT_EMPTY", `inventory slot ${slot} is empty`);
  const free = stack.quantity - offeredFrom(offer, slot, stack);
  const wanted = quantity ?? free;
  if (!Number.isSafeInteger(wanted) || wanted < 1 || wanted > free) {
    return fail("INVALID_PAYLOAD", `slot ${slot} holds ${stack.quantity}, ${stack.quantity - free} of them offered already: cannot offer ${wanted} more`);
  }
  const index = offer.findIndex((e) => e.slot === slot && sameItem(e, stack));
  if (index >= 0) return ok(offer.map((e, i) => (i === index ? { ...e, quantity: e.quantity + wanted } : { ...e })));
  if (offer.length >= MAX_OFFER_ENTRIES) return fail("INVALID_PAYLOAD", `an offer holds at most ${MAX_OFFER_ENTRIES} stacks`);
  return ok([...offer.map((e) => ({ ...e })), { slot, itemId: stack.itemId, quantity: wanted, durability: stack.durability }]);
}

/**
 * The offer after taking back `quantity` (default: all) of entry `index`; an entry taken back whole is
 * removed. Fails with INVALID_SLOT (no such entry) and INVALID_PAYLOAD (below 1 or more than the entry).
 */
export function planWithdraw(offer: Offer, index: number, quantity: number | undefined): Result<OfferEntry[]> {
  const entry = Number.isInteger(index) ? offer[index] : undefined;
  if (!entry) return fail("INVALID_SLOT", `the offer has no entry ${index} (it has ${offer.length})`);
  const taken = quantity ?? entry.quantity;
  if (!Number.isSafeInteger(taken) || taken < 1 || taken > entry.quantity) {
    return fail("INVALID_PAYLOAD", `entry ${index} holds ${entry.quantity}: cannot take back ${taken}`);
  }
  if (taken === entry.quantity) return ok(offer.filter((_, i) => i !== index).map((e) => ({ ...e })));
  return ok(offer.map((e, i) => (i === index ? { ...e, quantity: e.quantity - taken } : { ...e })));
}

/** Which side of an exchange a refusal names: 0 the first, 1 the second. */
export type TradeSide = 0 | 1;

/** Why an exchange cannot happen, and whose inventory is the reason. */
export interface ExchangeRefusal {
  code: "ITEM_GONE" | "INVENTORY_FULL";
  side: TradeSide;
}

export interface ExchangeSide {
  inventory: ReadonlyMap<number, ItemStack>;
  offer: Offer;
}

/**
 * The inventory after its offer leaves it, or null when an offered item is no longer where it was offered
 * (another item in its slot, another durability, or fewer than offered: the item left the inventory).
 */
function withoutOffer(inventory: ReadonlyMap<number, ItemStack>, offer: Offer): Map<number, ItemStack> | null {
  const after = new Map([...inventory].map(([slot, stack]) => [slot, { ...stack }]));
  for (const entry of offer) {
    const stack = after.get(entry.slot);
    if (!stack || !sameItem(entry, stack) || stack.quantity < entry.quantity) return null;
    if (stack.quantity === entry.quantity) after.delete(entry.slot);
    else after.set(entry.slot, { ...stack, quantity: stack.quantity - entry.quantity });
  }
  return after;
}

/**
 * Both offers changing owners (GAME_RULES "Trade"), checked against both inventories as they are: each
 * offer leaves its inventory from the slots it was offered from, then each inventory takes the other's offer
 * by the rules of an add (top up stacks, then the lowest free slots). All or nothing: refused with ITEM_GONE
 * (an offered item is no longer in its slot; the first side checked first) or INVENTORY_FULL (an inventory
 * cannot take all it receives). Items are neither created nor destroyed: what one plan removes the other adds.
 */
export function planExchange(
  sides: readonly [ExchangeSide, ExchangeSide],
  maxStack: MaxStack,
  slots: number,
): { ok: true; plans: [InventoryPlan, InventoryPlan] } | ({ ok: false } & ExchangeRefusal) {
  const emptied: Map<number, ItemStack>[] = [];
  for (const side of [0, 1] as const) {
    const after = withoutOffer(sides[side].inventory, sides[side].offer);
    if (!after) return { ok: false, code: "ITEM_GONE", side };
    emptied.push(after);
  }
  const plans: InventoryPlan[] = [];
  for (const side of [0, 1] as const) {
    const received = sides[1 - side]!.offer.map(({ itemId, quantity, durability }) => ({ itemId, quantity, durability }));
    const added = planAddMany(emptied[side]!, received, maxStack, slots);
    if (added.remaining.some((n) => n > 0)) return { ok: false, code: "INVENTORY_FULL", side };
    plans.push(diffSlots(sides[side].inventory, applySlotPlan(emptied[side]!, added)));
  }
  return { ok: true, plans: [plans[0]!, plans[1]!] };
}
