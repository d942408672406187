import type { ResourceKind, ResourceTool } from "./ResourceKind.js";

const S = 1_000;

/** Hatchets serve every tree; the better the metal, the likelier each chop (GAME_RULES "Gathering and cooking"). */
const HATCHETS: readonly ResourceTool[] = [
  { item: "bronze_hatchet", bonus: 0.05 },
  { item: "iron_hatchet", bonus: 0.1 },
  { item: "steel_hatchet", bonus: 0.15 },
];
/** Pickaxes serve every rock. */
const PICKAXES: readonly ResourceTool[] = [
  { item: "bronze_pickaxe", bonus: 0.05 },
  { item: "iron_pickaxe", bonus: 0.1 },
  { item: "steel_pickaxe", bonus: 0.15 },
];
// Each fishing spot has one tool and fishing tools come in no metal tiers, so none of them adds a bonus.
const NET: readonly ResourceTool[] = [{ item: "small_fishing_net", bonus: 0 }];
const ROD: readonly ResourceTool[] = [{ item: "fishing_rod", bonus: 0 }];
const POT: readonly ResourceTool[] = [{ item: "lobster_pot", bonus: 0 }];

type Gathered = Pick<ResourceKind, "kind" | "displayName" | "requiredLevel" | "item" | "xp" | "respawnMs">;

function tree(fields: Gathered & { depleteChance: number }): ResourceKind {
  return { ...fields, category: "tree", skill: "woodcutting", tools: HATCHETS };
}

function rock(fields: Gathered): ResourceKind {
  return { ...fields, category: "rock", skill: "mining", tools: PICKAXES, depleteChance: 1 };
}

function fishingSpot(fields: Omit<Gathered, "respawnMs"> & { tools: readonly ResourceTool[] }): ResourceKind {
  return { ...fields, category: "fishing_spot", skill: "fishing", depleteChance: 0, respawnMs: 0 };
}

function cookingPlace(kind: "fire" | "range", displayName: string): ResourceKind {
  return { kind, displayName, category: kind, skill: "cooking", requiredLevel: 1, tools: [], item: null, xp: 0, depleteChance: 0, respawnMs: 0 };
}

/**
 * The resource kinds (GAME_RULES "Gathering and cooking"). Trees: a normal tree falls at every success, an
 * oak or a willow with chance 1/8; rocks are mined out by every success; fishing spots, fires and ranges
 * never deplete. Respawn times grow with the tier: trees 10 s, 20 s, 30 s; copper and tin 5 s, iron 15 s,
 * coal 30 s (each scaled by `NPC_RESPAWN_SCALE`).
 */
export const RESOURCE_KINDS: readonly ResourceKind[] = Object.freeze([
  tree({ kind: "tree", displayName: "Tree", requiredLevel: 1, item: "logs", xp: 25, depleteChance: 1, respawnMs: 10 * S }),
  tree({ kind: "oak_tree", displayName: "Oak tree", requiredLevel: 15, item: "oak_logs", xp: 37, depleteChance: 1 / 8, respawnMs: 20 * S }),
  tree({ kind: "willow_tree", displayName: "Willow tree", requiredLevel: 30, item: "willow_logs", xp: 67, depleteChance: 1 / 8, respawnMs: 30 * S }),
  rock({ kind: "copper_rock", displayName: "Copper rock", requiredLevel: 1, item: "copper_ore", xp: 17, respawnMs: 5 * S }),
  rock({ kind: "tin_rock", displayName: "Tin rock", requiredLevel: 1, item: "tin_ore", xp: 17, respawnMs: 5 * S }),
  rock({ kind: "iron_rock", displayName: "Iron rock", requiredLevel: 15, item: "iron_ore", xp: 35, respawnMs: 15 * S }),
  rock({ kind: "coal_rock", displayName: "Coal rock", requiredLevel: 30, item: "coal", xp: 50, respawnMs: 30 * S }),
  fishingSpot({ kind: "shrimp_spot", displayName: "Shrimp fishing spot", requiredLevel: 1, tools: NET, item: "raw_shrimp", xp: 10 }),
  fishingSpot({ kind: "trout_spot", displayName: "Trout fishing spot", requiredLevel: 20, tools: ROD, item: "raw_trout", xp: 50 }),
  fishingSpot({ kind: "lobster_spot", displayName: "Lobster fishing spot", requiredLevel: 40, tools: POT, item: "raw_lobster", xp: 90 }),
  cookingPlace("fire", "Fire"),
  cookingPlace("range", "Range"),
].map((entry) => Object.freeze({ ...entry, tools: Object.freeze(entry.tools.map((t) => Object.freeze({ ...t }))) })));

const BY_KIND = new Map(RESOURCE_KINDS.map((entry) => [entry.kind, entry]));

/** The resource kind named `kind`, or undefined. */
export function resourceKindByName(kind: string): ResourceKind | undefined {
  return BY_KIND.get(kind);
}

/** Whether a resource of `kind` is a place to cook (a fire or a range) rather than one to gather from. */
export function isCookingPlace(kind: ResourceKind): boolean {
  return kind.category === "fire" || kind.category === "range";
}

/**
 * The bonus the best of `itemNames` (the player's inventory and equipment, by catalogue name) adds at a
 * resource of `kind`, or null when none of them serves it. Whether the player may use a tool (its level
 * requirement) is the caller's rule; pass only the items that qualify.
 */
export function bestToolBonus(kind: ResourceKind, itemNames: Iterable<string>): number | null {
  let best: number | null = null;
  for (const name of itemNames) {
    const tool = kind.tools.find((t) => t.item === name);
    if (tool && (best === null || tool.bonus > best)) best = tool.bonus;
  }
  return best;
}
