import type { SkillName } from "../protocol/names.js";

/** What a resource is: where `gather` gets items (trees, rocks, fishing spots) or where `cook` happens. */
export const RESOURCE_CATEGORIES = ["tree", "rock", "fishing_spot", "fire", "range"] as const;
export type ResourceCategory = (typeof RESOURCE_CATEGORIES)[number];

/** A tool that serves a resource kind, and what it adds to the success chance (GAME_RULES "Gathering and cooking"). */
export interface ResourceTool {
  /** The catalogue name of the tool item. */
  item: string;
  /** Added to the success chance of each attempt (0.05 is five percentage points). */
  bonus: number;
}

/**
 * One kind of resource: content data (GAME_RULES "Gathering and cooking"), named by the `resource` property
 * of a map's `resource` objects and served at `GET /resources`.
 */
export interface ResourceKind {
  /** The kind's id (snake_case), as `resource` objects name it. */
  kind: string;
  displayName: string;
  category: ResourceCategory;
  /** The skill that gathers here (woodcutting, mining, fishing), or cooking for fires and ranges. */
  skill: SkillName;
  /** The level of `skill` a player needs to gather here (1 for fires and ranges: each recipe has its own). */
  requiredLevel: number;
  /** The tools any one of which serves (in the inventory or equipped); empty for fires and ranges. */
  tools: readonly ResourceTool[];
  /** The catalogue name of the item a success gives; null for fires and ranges. */
  item: string | null;
  /** XP in `skill` per success; 0 for fires and ranges (each recipe has its own). */
  xp: number;
  /** The chance that a success depletes the resource: 1 every time, 0 never. */
  depleteChance: number;
  /** From depletion to coming back, before `NPC_RESPAWN_SCALE`; 0 for kinds that never deplete. */
  respawnMs: number;
}

/** Raw food that a fire or a range turns into cooked food (or burns). */
export interface CookingRecipe {
  /** The catalogue name of the raw item. */
  raw: string;
  /** What a success gives. */
  cooked: string;
  /** What a failure gives instead. */
  burnt: string;
  /** The cooking level needed to cook it. */
  requiredLevel: number;
  /** Cooking XP per success (a burnt item gives none). */
  xp: number;
}
