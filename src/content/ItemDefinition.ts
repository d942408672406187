import type { EquipmentSlot, Rarity, SkillName } from "../state/types.js";

export const ITEM_CATEGORIES = [
  "weapon",
  "armour",
  "tool",
  "ammunition",
  "consumable",
  "material",
  "currency",
  "quest",
  "misc",
] as const;
export type ItemCategory = (typeof ITEM_CATEGORIES)[number];

export interface ItemBonuses {
  attack: number;
  strength: number;
  defence: number;
  ranged: number;
  magic: number;
  health: number;
}

/**
 * One entry of the item catalogue: reference data, read-only at run time. The shape is the protocol's
 * `item` (GET /items) and the `items` table.
 */
export interface ItemDefinition {
  id: number;
  name: string;
  displayName: string;
  category: ItemCategory;
  rarity: Rarity;
  slot: EquipmentSlot | null;
  twoHanded: boolean;
  maxStack: number;
  requiredSkill: SkillName | null;
  requiredLevel: number;
  value: number;
  maxDurability: number | null;
  bonuses: ItemBonuses;
  /** Ticks between swings for an item wielded in the weapon slot; null for every other item. */
  attackSpeedTicks: number | null;
  /** HP that eating one restores (food); null for items that cannot be eaten. */
  heals: number | null;
}
