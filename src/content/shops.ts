import type { ShopDefinition, ShopStockEntry } from "./ShopDefinition.js";

const line = (item: string, normalStock: number): ShopStockEntry => ({ item, normalStock });

/**
 * The shops (GAME_RULES "Shops"). The general store in town sells what a new player needs to start every
 * skill (the level-1 tools, bread, a bow and arrows) and buys anything tradeable; the blacksmith sells
 * copper, bronze and iron weapons and armour and the better gathering tools, and buys only those.
 */
export const SHOPS: readonly ShopDefinition[] = Object.freeze([
  {
    id: "general_store",
    name: "General store",
    general: true,
    stock: [
      line("small_fishing_net", 5),
      line("fishing_rod", 5),
      line("lobster_pot", 3),
      line("bronze_pickaxe", 5),
      line("bronze_hatchet", 5),
      line("bread", 30),
      line("shortbow", 3),
      line("copper_arrows", 1_000),
      line("wooden_shield", 5),
      line("copper_dagger", 5),
    ],
  },
  {
    id: "blacksmith",
    name: "Blacksmith",
    general: false,
    stock: [
      line("copper_sword", 5),
      line("copper_helm", 5),
      line("copper_body", 3),
      line("copper_legs", 3),
      line("copper_shield", 5),
      line("bronze_dagger", 5),
      line("bronze_sword", 4),
      line("bronze_mace", 3),
      line("bronze_helm", 4),
      line("bronze_body", 2),
      line("bronze_legs", 2),
      line("bronze_shield", 3),
      line("iron_sword", 2),
      line("iron_helm", 2),
      line("iron_body", 1),
      line("iron_legs", 1),
      line("iron_shield", 2),
      line("iron_pickaxe", 3),
      line("iron_hatchet", 3),
      line("steel_pickaxe", 1),
      line("steel_hatchet", 1),
      line("bronze_arrows", 500),
    ],
  },
].map((shop) => Object.freeze({ ...shop, stock: Object.freeze(shop.stock.map((entry) => Object.freeze(entry))) })));

const BY_ID = new Map(SHOPS.map((shop) => [shop.id, shop]));

/** The shop with `id`, or undefined. */
export function shopById(id: string): ShopDefinition | undefined {
  return BY_ID.get(id);
}
