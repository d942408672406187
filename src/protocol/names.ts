/** Names that the protocol, the state and the rules share (PROTOCOL.md, GAME_RULES.md). */

export const EQUIPMENT_SLOTS = ["head", "cape", "amulet", "weapon", "body", "shield", "legs", "gloves", "boots", "ring", "ammo"] as const;
export type EquipmentSlot = (typeof EQUIPMENT_SLOTS)[number];

export const SKILL_NAMES = [
  "attack", "strength", "defence", "ranged", "magic", "hitpoints", "mining", "fishing", "woodcutting", "cooking", "crafting",
] as const;
export type SkillName = (typeof SKILL_NAMES)[number];

export const ROLES = ["player", "moderator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const RARITIES = ["poor", "common", "uncommon", "rare", "epic", "legendary"] as const;
export type Rarity = (typeof RARITIES)[number];

export const ITEM_CATEGORIES = ["weapon", "armour", "tool", "ammunition", "consumable", "material", "currency", "quest", "misc"] as const;
export type ItemCategory = (typeof ITEM_CATEGORIES)[number];

/** Melee styles: each adds +3 to one effective level and earns XP in that skill (GAME_RULES "Combat"). */
export const COMBAT_STYLES = ["accurate", "aggressive", "defensive"] as const;
export type CombatStyle = (typeof COMBAT_STYLES)[number];

export const NPC_BEHAVIOURS = ["peaceful", "passive", "aggressive"] as const;
export type NpcBehaviour = (typeof NPC_BEHAVIOURS)[number];

export function isCombatStyle(value: unknown): value is CombatStyle {
  return typeof value === "string" && (COMBAT_STYLES as readonly string[]).includes(value);
}

export const DIRECTIONS = ["up", "down", "left", "right"] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** The tile offset of one step in each direction ((0, 0) is top-left). */
export const STEP: Readonly<Record<Direction, { readonly dx: number; readonly dy: number }>> = {
  up: { dx: 0, dy: -1 },
  down: { dx: 0, dy: 1 },
  left: { dx: -1, dy: 0 },
  right: { dx: 1, dy: 0 },
};

export function isDirection(value: unknown): value is Direction {
  return typeof value === "string" && (DIRECTIONS as readonly string[]).includes(value);
}

export function isEquipmentSlotName(name: string): name is EquipmentSlot {
  return (EQUIPMENT_SLOTS as readonly string[]).includes(name);
}
