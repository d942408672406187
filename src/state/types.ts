/** Domain types of the state layer: what the GameStateManager reads and writes. */

export { COMBAT_STYLES, EQUIPMENT_SLOTS, RARITIES, ROLES, SKILL_NAMES } from "../protocol/names.js";
export type { CombatStyle, EquipmentSlot, Rarity, Role, SkillName } from "../protocol/names.js";
import type { CombatStyle, EquipmentSlot, SkillName } from "../protocol/names.js";

/** One stack of items in a slot. `durability` is null for indestructible items. */
export interface ItemStack {
  itemId: number;
  quantity: number;
  durability: number | null;
}

/** Inventory slot number (0..27) to stack; an empty slot has no entry. */
export type Inventory = Map<number, ItemStack>;
/**
 * Bank slot number (0..BANK_SLOTS-1) to stack; an empty slot has no entry. Every item stacks in the bank
 * (up to 2,147,483,647 a slot); items of one kind with different durability take separate slots.
 */
export type Bank = Map<number, ItemStack>;
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
  /** The melee style, saved with the player ("accurate" for new players). */
  combatStyle: CombatStyle;
}
