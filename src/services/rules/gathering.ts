import type { ItemDefinition } from "../../content/ItemDefinition.js";
import type { CookingRecipe, ResourceKind } from "../../content/ResourceKind.js";
import { bestToolBonus } from "../../content/resourceKinds.js";
import type { SkillName } from "../../protocol/names.js";
import type { ItemStack } from "../../state/types.js";
import { fail, ok, type Result } from "../results.js";
import { manhattan, type Tile } from "./distance.js";
import { planAdd, takeItems, type InventoryPlan, type MaxStack } from "./inventoryRules.js";
import { diffSlots } from "./slotPlan.js";

/** The highest success chance of a gathering attempt, whatever the level and the tool. */
export const MAX_GATHER_CHANCE = 0.9;

/**
 * The commands that end a player's gathering or cooking when they succeed ("the player moves or acts
 * otherwise"): movement, fighting, eating, equipment, items taken or dropped, the bank, shops and trades.
 * Talking, the combat style, rearranging the inventory and the staff's commands do not; a change of
 * position or death ends it whatever caused it. `gather` and `cook` replace the activity themselves.
 */
export const INTERRUPTING_COMMANDS: ReadonlySet<string> = new Set([
  "move", "attack", "eat", "equip", "unequip", "inventory:drop", "ground:pickup",
  "bank:deposit", "bank:depositAll", "bank:withdraw", "bank:move", "shop:buy", "shop:sell", "trade:request", "trade:accept",
]);

/** Whether a player on `at` can gather from (or cook at) a resource on `resource`: Manhattan distance at most 1. */
export function inGatherReach(at: Tile, resource: Tile): boolean {
  return manhattan(at, resource) <= 1;
}

/**
 * The chance that one gathering attempt succeeds (GAME_RULES "Gathering and cooking"):
 * min(0.9, 0.3 + 0.02 x (level - required level) + the tool's bonus).
 */
export function gatherChance(level: number, requiredLevel: number, toolBonus: number): number {
  return Math.min(MAX_GATHER_CHANCE, 0.3 + 0.02 * (level - requiredLevel) + toolBonus);
}

/** The chance that one cooking attempt burns the food: max(0, 0.5 - 0.02 x (cooking level - required level)). */
export function burnChance(cookingLevel: number, requiredLevel: number): number {
  return Math.max(0, 0.5 - 0.02 * (cookingLevel - requiredLevel));
}

/** Ticks from a resource's depletion to its return: its respawn time scaled by `NPC_RESPAWN_SCALE`, at least one tick. */
export function resourceRespawnTicks(respawnMs: number, respawnScale: number, tickMs: number): number {
  return Math.max(1, Math.round((respawnMs * respawnScale) / tickMs));
}

/**
 * The bonus of the best tool the player holds for a resource of `kind` (its items in the inventory and
 * equipped, as catalogue definitions): a tool serves only when the player meets its skill requirement.
 * NO_TOOL when none of them serves the kind; REQUIREMENTS_NOT_MET when only tools the player may not use yet do.
 */
export function toolBonusFor(kind: ResourceKind, held: Iterable<ItemDefinition>, levelOf: (skill: SkillName) => number): Result<number> {
  const usable: string[] = [];
  let needed: ItemDefinition | null = null;
  for (const item of held) {
    if (!kind.tools.some((t) => t.item === item.name)) continue;
    if (item.requiredSkill === null || levelOf(item.requiredSkill) >= item.requiredLevel) usable.push(item.name);
    else if (needed === null || item.requiredLevel < needed.requiredLevel) needed = item;
  }
  const bonus = bestToolBonus(kind, usable);
  if (bonus !== null) return ok(bonus);
  if (needed) return fail("REQUIREMENTS_NOT_MET", `your ${needed.displayName} needs ${needed.requiredSkill} level ${needed.requiredLevel}`);
  const names = kind.tools.map((t) => t.item.replaceAll("_", " ")).join(" or ");
  return fail("NO_TOOL", `${kind.displayName} needs ${names}`);
}

/** Whether the player's level is high enough for a resource of `kind`; REQUIREMENTS_NOT_MET names the level. */
export function meetsGatherLevel(kind: ResourceKind, level: number): Result<void> {
  if (level >= kind.requiredLevel) return ok(undefined);
  return fail("REQUIREMENTS_NOT_MET", `${kind.displayName} needs ${kind.skill} level ${kind.requiredLevel}`);
}

/** Whether the player's cooking level is high enough for `recipe`; REQUIREMENTS_NOT_MET names the level. */
export function meetsCookingLevel(recipe: CookingRecipe, cookingLevel: number): Result<void> {
  if (cookingLevel >= recipe.requiredLevel) return ok(undefined);
  return fail("REQUIREMENTS_NOT_MET", `${recipe.raw.replaceAll("_", " ")} needs cooking level ${recipe.requiredLevel}`);
}

/** The inventory change of one gathered item (added as GAME_RULES "Add" says), or null when it does not fit. */
export function planGathered(inventory: ReadonlyMap<number, ItemStack>, itemId: number, maxStack: MaxStack, slots: number): InventoryPlan | null {
  const plan = planAdd(inventory, { itemId, quantity: 1, durability: null }, maxStack, slots);
  return plan.remaining > 0 ? null : { set: plan.set, delete: plan.delete };
}

/**
 * The inventory change of one cooking attempt: one `rawItemId` out (from `slot` first, then the lowest slot
 * holding it) and one `resultItemId` (cooked or burnt) in: onto a stack of it with room, else into the slot
 * the raw item left empty (it replaces the raw one), else the lowest free slot. Null when the inventory
 * holds no `rawItemId` or the result does not fit.
 */
export function planCooked(
  inventory: ReadonlyMap<number, ItemStack>,
  rawItemId: number,
  slot: number,
  resultItemId: number,
  maxStack: MaxStack,
  slots: number,
): InventoryPlan | null {
  const from = inventory.get(slot)?.itemId === rawItemId ? slot : [...inventory.keys()].sort((a, b) => a - b).find((s) => inventory.get(s)!.itemId === rawItemId);
  if (from === undefined) return null;
  const { after } = takeItems(inventory, rawItemId, 1, from);
  const size = typeof maxStack === "number" ? maxStack : maxStack(resultItemId);
  const toppedUp = [...after.values()].some((s) => s.itemId === resultItemId && s.quantity < size);
  if (!toppedUp && !after.has(from)) {
    after.set(from, { itemId: resultItemId, quantity: 1, durability: null });
    return diffSlots(inventory, after);
  }
  const added = planAdd(after, { itemId: resultItemId, quantity: 1, durability: null }, maxStack, slots);
  if (added.remaining > 0) return null;
  for (const s of added.delete) after.delete(s);
  for (const { slot: s, stack } of added.set) after.set(s, stack);
  return diffSlots(inventory, after);
}
