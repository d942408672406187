import assert from "node:assert/strict";
import { COOKING_RECIPES, cookingRecipeFor } from "../../src/content/cookingRecipes.js";
import { itemByName } from "../../src/content/itemCatalogue.js";
import { RESOURCE_CATEGORIES } from "../../src/content/ResourceKind.js";
import { bestToolBonus, isCookingPlace, RESOURCE_KINDS, resourceKindByName } from "../../src/content/resourceKinds.js";
import { SKILL_NAMES } from "../../src/protocol/names.js";

const S = 1_000;

describe("resource kinds (content)", () => {
  it("has the kinds of GAME_RULES with their skill, level, item and XP", () => {
    const table = Object.fromEntries(RESOURCE_KINDS.map((k) => [k.kind, [k.skill, k.requiredLevel, k.item, k.xp]]));
    assert.deepEqual(table, {
      tree: ["woodcutting", 1, "logs", 25],
      oak_tree: ["woodcutting", 15, "oak_logs", 37],
      willow_tree: ["woodcutting", 30, "willow_logs", 67],
      copper_rock: ["mining", 1, "copper_ore", 17],
      tin_rock: ["mining", 1, "tin_ore", 17],
      iron_rock: ["mining", 15, "iron_ore", 35],
      coal_rock: ["mining", 30, "coal", 50],
      shrimp_spot: ["fishing", 1, "raw_shrimp", 10],
      trout_spot: ["fishing", 20, "raw_trout", 50],
      lobster_spot: ["fishing", 40, "raw_lobster", 90],
      fire: ["cooking", 1, null, 0],
      range: ["cooking", 1, null, 0],
    });
  });

  it("serves trees with hatchets and rocks with pickaxes, by metal (bronze 0.05, iron 0.1, steel 0.15), each fishing spot with its one tool", () => {
    const tools = Object.fromEntries(RESOURCE_KINDS.map((k) => [k.kind, k.tools.map((t) => `${t.item} ${t.bonus}`)]));
    const hatchets = ["bronze_hatchet 0.05", "iron_hatchet 0.1", "steel_hatchet 0.15"];
    const pickaxes = ["bronze_pickaxe 0.05", "iron_pickaxe 0.1", "steel_pickaxe 0.15"];
    assert.deepEqual(tools, {
      tree: hatchets, oak_tree: hatchets, willow_tree: hatchets,
      copper_rock: pickaxes, tin_rock: pickaxes, iron_rock: pickaxes, coal_rock: pickaxes,
      shrimp_spot: ["small_fishing_net 0"], trout_spot: ["fishing_rod 0"], lobster_spot: ["lobster_pot 0"],
      fire: [], range: [],
    });
  });

  it("depletes rocks at every success, oaks and willows at 1 in 8, a normal tree always, fishing spots and fires never", () => {
    const rules = Object.fromEntries(RESOURCE_KINDS.map((k) => [k.kind, [k.depleteChance, k.respawnMs]]));
    assert.deepEqual(rules, {
      tree: [1, 10 * S], oak_tree: [1 / 8, 20 * S], willow_tree: [1 / 8, 30 * S],
      copper_rock: [1, 5 * S], tin_rock: [1, 5 * S], iron_rock: [1, 15 * S], coal_rock: [1, 30 * S],
      shrimp_spot: [0, 0], trout_spot: [0, 0], lobster_spot: [0, 0], fire: [0, 0], range: [0, 0],
    });
    for (const kind of RESOURCE_KINDS) {
      if (kind.category === "rock") assert.ok(kind.respawnMs >= 5 * S && kind.respawnMs <= 30 * S, kind.kind);
      if (kind.category === "tree") assert.ok(kind.respawnMs >= 10 * S && kind.respawnMs <= 30 * S, kind.kind);
    }
  });

  it("names only catalogue items: materials to gather, tools of the kind's skill that a player can carry", () => {
    for (const kind of RESOURCE_KINDS) {
      assert.ok(RESOURCE_CATEGORIES.includes(kind.category), kind.kind);
      assert.ok(SKILL_NAMES.includes(kind.skill), kind.kind);
      assert.equal(isCookingPlace(kind), kind.item === null, kind.kind);
      if (kind.item !== null) assert.equal(itemByName(kind.item)?.category, "material", `${kind.kind} gives ${kind.item}`);
      for (const tool of kind.tools) {
        const item = itemByName(tool.item);
        assert.ok(item, `${kind.kind}: unknown tool ${tool.item}`);
        assert.deepEqual([item.category, item.requiredSkill], ["tool", kind.skill], tool.item);
        assert.ok(tool.bonus >= 0 && tool.bonus <= 0.15, tool.item);
      }
      assert.equal(kind.tools.length === 0, isCookingPlace(kind), kind.kind);
      assert.equal(resourceKindByName(kind.kind), kind);
    }
    assert.equal(resourceKindByName("dragon_lair"), undefined);
  });

  it("picks the best bonus among the tools held, or null when none serves", () => {
    const tree = resourceKindByName("tree")!;
    assert.equal(bestToolBonus(tree, ["bread", "bronze_hatchet", "steel_hatchet", "iron_hatchet"]), 0.15);
    assert.equal(bestToolBonus(tree, ["bronze_hatchet"]), 0.05);
    assert.equal(bestToolBonus(tree, ["steel_pickaxe", "small_fishing_net"]), null);
    assert.equal(bestToolBonus(resourceKindByName("shrimp_spot")!, ["small_fishing_net"]), 0);
    assert.equal(bestToolBonus(resourceKindByName("fire")!, ["bronze_hatchet"]), null);
  });
});

describe("cooking recipes (content)", () => {
  it("cooks each fish a fishing spot gives, at the levels and XP of GAME_RULES", () => {
    const table = Object.fromEntries(COOKING_RECIPES.map((r) => [r.raw, [r.cooked, r.burnt, r.requiredLevel, r.xp]]));
    assert.deepEqual(table, {
      raw_shrimp: ["cooked_shrimp", "burnt_shrimp", 1, 30],
      raw_trout: ["cooked_trout", "burnt_trout", 15, 70],
      raw_lobster: ["cooked_lobster", "burnt_lobster", 40, 120],
    });
    const fished = RESOURCE_KINDS.filter((k) => k.category === "fishing_spot").map((k) => k.item);
    assert.deepEqual(COOKING_RECIPES.map((r) => r.raw), fished);
  });

  it("turns raw materials into food that heals, or into poor junk that does not", () => {
    for (const recipe of COOKING_RECIPES) {
      assert.equal(itemByName(recipe.raw)?.category, "material", recipe.raw);
      assert.equal(itemByName(recipe.raw)?.heals, null, recipe.raw);
      const cooked = itemByName(recipe.cooked);
      assert.equal(cooked?.category, "consumable", recipe.cooked);
      assert.ok((cooked?.heals ?? 0) > 0, recipe.cooked);
      const burnt = itemByName(recipe.burnt);
      assert.deepEqual([burnt?.category, burnt?.rarity, burnt?.heals, burnt?.maxStack], ["misc", "poor", null, 64], recipe.burnt);
      assert.equal(cookingRecipeFor(recipe.raw), recipe);
    }
    assert.equal(cookingRecipeFor("cooked_shrimp"), undefined);
    assert.equal(cookingRecipeFor("logs"), undefined);
  });
});
