import assert from "node:assert/strict";
import { ITEM_CATALOGUE } from "../../src/content/itemCatalogue.js";
import { ItemService } from "../../src/services/ItemService.js";
import { totalStats } from "../../src/services/rules/equipmentRules.js";
import { planAdd } from "../../src/services/rules/inventoryRules.js";
import { itemNamed } from "../support/factories.js";

describe("ItemService", () => {
  const items = new ItemService();

  it("serves the whole catalogue that is seeded into PostgreSQL, in order", () => {
    assert.deepEqual(items.getAll(), ITEM_CATALOGUE);
  });

  it("finds items by id and by name, and answers undefined for unknown ones", () => {
    const dagger = itemNamed("copper_dagger");
    assert.equal(items.getById(dagger.id), dagger);
    assert.equal(items.getByName("copper_dagger"), dagger);
    assert.equal(items.getById(999_999), undefined);
    assert.equal(items.getByName("excalibur"), undefined);
  });

  it("gives stack sizes by item, and 1 for an unknown id", () => {
    assert.equal(items.maxStackOf(itemNamed("coins").id), 2_147_483_647);
    assert.equal(items.maxStackOf(itemNamed("bread").id), 64);
    assert.equal(items.maxStackOf(itemNamed("copper_arrows").id), 8_192);
    assert.equal(items.maxStackOf(itemNamed("copper_sword").id), 1);
    assert.equal(items.maxStackOf(999_999), 1);
  });

  it("passes its bound lookups straight to the pure rules", () => {
    const amulet = itemNamed("amulet_of_vitality");
    const equipment = new Map([["amulet" as const, { itemId: amulet.id, quantity: 1, durability: null }]]);
    assert.equal(totalStats(equipment, items.getById).health, 5);
    const bread = itemNamed("bread");
    const plan = planAdd(new Map(), { itemId: bread.id, quantity: 100, durability: null }, items.maxStackOf, 28);
    assert.deepEqual(plan.set.map((s) => s.stack.quantity), [64, 36]);
  });

  it("refuses a catalogue with a duplicate id or name", () => {
    const dagger = itemNamed("copper_dagger");
    assert.throws(() => new ItemService([dagger, { ...dagger, name: "other" }]), /duplicate item id/);
    assert.throws(() => new ItemService([dagger, { ...dagger, id: 9_999 }]), /duplicate item name/);
  });
});
