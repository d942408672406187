import type { CookingRecipe } from "./ResourceKind.js";

/**
 * What a fire or a range cooks (GAME_RULES "Gathering and cooking"): each raw fish, the level it needs, the
 * cooked item a success gives with its XP, and the burnt item a failure leaves instead. Fires and ranges
 * cook alike.
 */
export const COOKING_RECIPES: readonly CookingRecipe[] = Object.freeze([
  { raw: "raw_shrimp", cooked: "cooked_shrimp", burnt: "burnt_shrimp", requiredLevel: 1, xp: 30 },
  { raw: "raw_trout", cooked: "cooked_trout", burnt: "burnt_trout", requiredLevel: 15, xp: 70 },
  { raw: "raw_lobster", cooked: "cooked_lobster", burnt: "burnt_lobster", requiredLevel: 40, xp: 120 },
].map((recipe) => Object.freeze(recipe)));

const BY_RAW = new Map(COOKING_RECIPES.map((recipe) => [recipe.raw, recipe]));

/** The recipe that cooks the raw item named `raw`, or undefined (the item is not cookable). */
export function cookingRecipeFor(raw: string): CookingRecipe | undefined {
  return BY_RAW.get(raw);
}
