/** Domain types of the state layer: what the GameStateManager reads and writes. */

export const EQUIPMENT_SLOTS = [
  "head",
  "cape",
  "amulet",
  "weapon",
  "body",
  "shield",
  "legs",
  "gloves",
  "boots",
  "ring",
  "ammo",
] as const;
export type EquipmentSlot = (typeof EQUIPMENT_SLOTS)[number];

export const SKILL_NAMES = [
  "attack",
  "strength",
  "defence",
  "ranged",
  "magic",
  "hitpoints",
  "mining",
  "fishing",
  "woodcutting",
  "cooking",
  "crafting",
] as const;
export type SkillName = (typeof SKILL_NAMES)[number];

export const ROLES = ["player", "moderator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const RARITIES = ["poor", "common", "uncommon", "rare", "epic", "legendary"] as const;
export type Rarity = (typeof RARITIES)[number];

/** One stack of items in a slot. `durability` is null for indestructible items. */
export interface ItemStack {
  itemId: number;
  quantity: number;
  durability: number | null;
}

/** Inventory slot number (0..27) to stack; an empty slot has no entry. */
export type Inventory = Map<number, ItemStack>;
/** Equipment slot name to stack; an empty slot has no entry. */
export type Equipment = Map<EquipmentSlot, ItemStack>;

export interface SkillState {
  level: number;
  xp: number;
}
export type Skills = Map<SkillName, SkillState>;

export interface Position {
  mapId: string;
  x: number;
  y: number;
}

export interface Hp {
  currentHp: number;
  maxHp: number;
}

export interface GroundItem {
  id: number;
  itemId: number;
  mapId: string;
  x: number;
  y: number;
  quantity: number;
  durability: number | null;
  droppedBy: number | null;
  droppedAtMs: number;
  publicAtMs: number;
  despawnAtMs: number;
}

/** Everything the hot state holds about one online player. */
export interface PlayerState {
  playerId: number;
  username: string;
  position: Position;
  hp: Hp;
  inventory: Inventory;
  equipment: Equipment;
  skills: Skills;
}
