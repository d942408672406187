import assert from "node:assert/strict";
import { itemByName } from "../../src/content/itemCatalogue.js";
import { NPC_KINDS } from "../../src/content/npcKinds.js";
import { SHOPS, shopById } from "../../src/content/shops.js";

describe("shops (content)", () => {
  it("stocks only tradeable catalogue items, each once, with a positive whole normal stock", () => {
    for (const shop of SHOPS) {
      assert.match(shop.id, /^[a-z0-9]+(_[a-z0-9]+)*$/);
      assert.ok(shop.name.length > 0 && shop.stock.length > 0, shop.id);
      const names = shop.stock.map((entry) => entry.item);
      assert.equal(new Set(names).size, names.length, `${shop.id} lists an item twice`);
      for (const entry of shop.stock) {
        const item = itemByName(entry.item);
        assert.ok(item, `${shop.id}: unknown item ${entry.item}`);
        assert.ok(!["currency", "quest"].includes(item.category), `${shop.id}: ${entry.item} cannot be traded with a shop`);
        assert.ok(Number.isSafeInteger(entry.normalStock) && entry.normalStock > 0, `${shop.id}: ${entry.item}`);
      }
      assert.equal(shopById(shop.id), shop);
    }
    assert.equal(shopById("atlantis_outlet"), undefined);
  });

  it("has a general store selling every level-1 gathering tool and food, and a blacksmith that is not general", () => {
    const general = shopById("general_store");
    assert.ok(general);
    assert.equal(general.general, true);
    const sold = general.stock.map((entry) => entry.item);
    for (const item of ["small_fishing_net", "fishing_rod", "bronze_pickaxe", "bronze_hatchet", "bread", "copper_arrows"]) assert.ok(sold.includes(item), item);
    const smith = shopById("blacksmith");
    assert.equal(smith?.general, false);
    assert.ok(smith.stock.some((entry) => itemByName(entry.item)?.category === "weapon"));
    assert.ok(smith.stock.some((entry) => itemByName(entry.item)?.category === "armour"));
  });

  it("is kept by exactly one peaceful NPC kind each, and every kind's shop exists", () => {
    for (const shop of SHOPS) {
      const keepers = NPC_KINDS.filter((k) => k.shop === shop.id);
      assert.equal(keepers.length, 1, `${shop.id} keepers`);
      assert.equal(keepers[0]!.behaviour, "peaceful", shop.id);
    }
    for (const kind of NPC_KINDS.filter((k) => k.shop !== null)) assert.ok(shopById(kind.shop!), `${kind.kind} keeps the unknown shop ${kind.shop}`);
    assert.equal(NPC_KINDS.find((k) => k.kind === "shopkeeper")?.shop, "general_store");
  });
});
