import type { ItemBonuses, ItemDefinition } from "../../content/ItemDefinition.js";
import type { Equipment, EquipmentSlot, Inventory, ItemStack, PlayerState } from "../../state/types.js";
import { fail, ok, type Result } from "../results.js";
import { lowestFreeSlot, planAdd, type InventoryPlan } from "./inventoryRules.js";
import { skillLevel, type SkillLevels } from "./skillLevel.js";
import { diffSlots, type SlotPlan } from "./slotPlan.js";

/** Changes to the equipment, keyed by slot name. */
export type EquipmentPlan = SlotPlan<EquipmentSlot>;

/** What an equip or unequip changes; the caller commits both plans in one atomic write. */
export interface EquipPlan {
  inventory: InventoryPlan;
  equipment: EquipmentPlan;
}

export type ItemLookup = (itemId: number) => ItemDefinition | undefined;

export interface EquipRequest {
  inventory: Inventory;
  equipment: Equipment;
  /** Inventory slot holding the item to equip. */
  fromSlot: number;
  /** Definition of the item in `fromSlot`. */
  item: ItemDefinition;
  getItem: ItemLookup;
  skills: SkillLevels;
  /** Inventory size (`rules.inventorySlots`). */
  slots: number;
}

export interface UnequipRequest {
  inventory: Inventory;
  equipment: Equipment;
  slot: EquipmentSlot;
  getItem: ItemLookup;
  slots: number;
}

function copyMap<K>(map: ReadonlyMap<K, ItemStack>): Map<K, ItemStack> {
  return new Map([...map].map(([k, v]) => [k, { ...v }]));
}

function plansBetween(before: EquipRequest | UnequipRequest, inventory: Inventory, equipment: Equipment): EquipPlan {
  return { inventory: diffSlots(before.inventory, inventory), equipment: diffSlots(before.equipment, equipment) };
}

/** The equipment slot that comes off as well: the shield for a two-handed weapon, a two-handed weapon for a shield. */
function conflictingSlot(item: ItemDefinition, equipment: Equipment, getItem: ItemLookup): EquipmentSlot | null {
  if (item.slot === "weapon" && item.twoHanded && equipment.has("shield")) return "shield";
  if (item.slot === "shield") {
    const weapon = equipment.get("weapon");
    if (weapon && getItem(weapon.itemId)?.twoHanded) return "weapon";
  }
  return null;
}

/**
 * Plans equipping the item in `fromSlot` (GAME_RULES "Equipment"). Fails with SLOT_EMPTY (no stack there),
 * NOT_EQUIPABLE (the item has no slot), REQUIREMENTS_NOT_MET (skill level below `requiredLevel`) or
 * INVENTORY_FULL (what comes off does not fit; nothing changes). The item already in the target slot swaps
 * into `fromSlot`; a conflicting shield or two-handed weapon goes to the lowest free slot after that. A
 * stackable item (ammunition) onto the same item stacks up to its stack size; what does not fit stays in
 * `fromSlot` (a full ammo stack makes this a success that changes nothing). Inputs are not changed.
 * @throws Error when `item` is not the definition of the stack in `fromSlot` (a caller bug).
 */
export function planEquip(request: EquipRequest): Result<EquipPlan> {
  const { fromSlot, item, getItem } = request;
  const stack = request.inventory.get(fromSlot);
  if (!stack) return fail("SLOT_EMPTY", `inventory slot ${fromSlot} is empty`);
  if (stack.itemId !== item.id) throw new Error(`item ${item.id} is not the item ${stack.itemId} in slot ${fromSlot}`);
  const target = item.slot;
  if (target === null) return fail("NOT_EQUIPABLE", `${item.name} cannot be equipped`);
  if (item.requiredSkill !== null && skillLevel(request.skills, item.requiredSkill) < item.requiredLevel) {
    return fail("REQUIREMENTS_NOT_MET", `${item.name} needs level ${item.requiredLevel} ${item.requiredSkill}`);
  }

  const inventory = copyMap(request.inventory);
  const equipment = copyMap(request.equipment);
  const current = equipment.get(target);

  if (current && current.itemId === item.id && item.maxStack > 1) {
    const moved = Math.min(item.maxStack - current.quantity, stack.quantity);
    if (moved <= 0) return ok(plansBetween(request, inventory, equipment));
    equipment.set(target, { ...current, quantity: current.quantity + moved });
    if (moved === stack.quantity) inventory.delete(fromSlot);
    else inventory.set(fromSlot, { ...stack, quantity: stack.quantity - moved });
    return ok(plansBetween(request, inventory, equipment));
  }

  inventory.delete(fromSlot);
  equipment.set(target, { ...stack });
  if (current) inventory.set(fromSlot, current);
  const extraSlot = conflictingSlot(item, request.equipment, getItem);
  if (extraSlot !== null) {
    const extra = equipment.get(extraSlot)!;
    const freeSlot = lowestFreeSlot(inventory, request.slots);
    if (freeSlot === null) return fail("INVENTORY_FULL", `no free inventory slot for the ${extraSlot}`);
    equipment.delete(extraSlot);
    inventory.set(freeSlot, extra);
  }
  return ok(plansBetween(request, inventory, equipment));
}

/**
 * Plans unequipping `slot` into the inventory: onto matching stacks first (stackable items), then the lowest
 * free slot. All or nothing: SLOT_EMPTY when nothing is equipped there, INVENTORY_FULL when it does not fit
 * entirely. Inputs are not changed.
 */
export function planUnequip(request: UnequipRequest): Result<EquipPlan> {
  const stack = request.equipment.get(request.slot);
  if (!stack) return fail("SLOT_EMPTY", `equipment slot ${request.slot} is empty`);
  const maxStack = request.getItem(stack.itemId)?.maxStack ?? 1;
  const add = planAdd(request.inventory, stack, maxStack, request.slots);
  if (add.remaining > 0) return fail("INVENTORY_FULL", `no room in the inventory for the ${request.slot}`);
  return ok({ inventory: { set: add.set, delete: add.delete }, equipment: { set: [], delete: [request.slot] } });
}

export function noBonuses(): ItemBonuses {
  return { attack: 0, strength: 0, defence: 0, ranged: 0, magic: 0, health: 0 };
}

/** Sums the bonuses of every equipped item, negatives included; a stack counts once whatever its quantity. */
export function totalStats(equipment: ReadonlyMap<EquipmentSlot, ItemStack>, getItem: ItemLookup): ItemBonuses {
  const total = noBonuses();
  for (const stack of equipment.values()) {
    const bonuses = getItem(stack.itemId)?.bonuses;
    if (!bonuses) continue;
    for (const key of Object.keys(total) as Array<keyof ItemBonuses>) total[key] += bonuses[key];
  }
  return total;
}

/** Max HP = hitpoints level + equipped health bonuses, never below 1. */
export function maxHp(
  hitpointsLevel: number,
  equipment: ReadonlyMap<EquipmentSlot, ItemStack>,
  getItem: ItemLookup,
): number {
  return Math.max(1, hitpointsLevel + totalStats(equipment, getItem).health);
}

/** A player's max HP from the state it derives from: the hitpoints level (missing: 1) and the equipment. */
export function playerMaxHp(state: Pick<PlayerState, "skills" | "equipment">, getItem: ItemLookup): number {
  return maxHp(skillLevel(state.skills, "hitpoints"), state.equipment, getItem);
}
