import type { ItemStack } from "../../state/types.js";

/**
 * Changes to a slot container (inventory: slot numbers; equipment: slot names), to be committed atomically
 * by the caller. A slot appears at most once across `set` and `delete`; a plan with both lists empty changes
 * nothing.
 */
export interface SlotPlan<K> {
  set: Array<{ slot: K; stack: ItemStack }>;
  delete: K[];
}

export function emptyPlan<K>(): SlotPlan<K> {
  return { set: [], delete: [] };
}

export function sameStack(a: ItemStack, b: ItemStack): boolean {
  return a.itemId === b.itemId && a.quantity === b.quantity && a.durability === b.durability;
}

/** The plan that turns `before` into `after`: changed or new slots are set, vanished slots deleted. */
export function diffSlots<K>(before: ReadonlyMap<K, ItemStack>, after: ReadonlyMap<K, ItemStack>): SlotPlan<K> {
  const plan = emptyPlan<K>();
  for (const [slot, stack] of after) {
    const old = before.get(slot);
    if (!old || !sameStack(old, stack)) plan.set.push({ slot, stack: { ...stack } });
  }
  for (const slot of before.keys()) {
    if (!after.has(slot)) plan.delete.push(slot);
  }
  return plan;
}

/** A new map with `plan` applied to `container`; the input is not changed. */
export function applySlotPlan<K>(container: ReadonlyMap<K, ItemStack>, plan: SlotPlan<K>): Map<K, ItemStack> {
  const result = new Map<K, ItemStack>();
  for (const [slot, stack] of container) result.set(slot, { ...stack });
  for (const slot of plan.delete) result.delete(slot);
  for (const { slot, stack } of plan.set) result.set(slot, { ...stack });
  return result;
}
