import assert from "node:assert/strict";
import { NPC_KINDS, npcKindByName } from "../../src/content/npcKinds.js";
import { ItemService } from "../../src/services/ItemService.js";
import { NpcKindService } from "../../src/services/NpcKindService.js";
import { testKind } from "../support/worldFixtures.js";

describe("NPC kinds (content)", () => {
  const service = new NpcKindService(new ItemService());
  const views = service.describe();

  it("has at least 8 kinds from level 1 to about level 40, 3 peaceful and at least 3 aggressive", () => {
    assert.ok(NPC_KINDS.length >= 8);
    const levels = views.map((v) => v.combatLevel);
    assert.equal(Math.min(...levels), 1);
    assert.ok(Math.max(...levels) >= 38 && Math.max(...levels) <= 45, `top level ${Math.max(...levels)}`);
    assert.deepEqual(views.filter((v) => v.behaviour === "peaceful").map((v) => v.kind), ["villager", "shopkeeper", "blacksmith"]);
    assert.ok(views.filter((v) => v.behaviour === "aggressive").length >= 3);
  });

  it("derives combat levels and max HP from the kind's levels", () => {
    const byKind = Object.fromEntries(views.map((v) => [v.kind, [v.combatLevel, v.maxHp]]));
    // chicken: floor(0.25 x (1 + 3) + 0.325 x 2) = 1; goblin: floor(0.25 x 11 + 0.325 x 10) = 6;
    // troll: floor(0.25 x 75 + 0.325 x 70) = 41.
    assert.deepEqual([byKind.chicken, byKind.goblin, byKind.troll], [[1, 3], [6, 7], [41, 45]]);
  });

  it("lists drops with item ids and chances (always-drops at 1, the roll by weight)", () => {
    const goblin = views.find((v) => v.kind === "goblin")!;
    const bones = new ItemService().getByName("bones")!.id;
    const coins = new ItemService().getByName("coins")!.id;
    assert.deepEqual(goblin.drops[0], { itemId: bones, min: 1, max: 1, chance: 1 });
    assert.deepEqual(goblin.drops[1], { itemId: coins, min: 3, max: 15, chance: 0.4 });
    const total = goblin.drops.slice(1).reduce((sum, d) => sum + d.chance, 0);
    assert.ok(total < 1, "a nothing weight remains");
  });

  it("gives every kind a shop field (the shopkeepers' shops, null for the others) and aggressive kinds a radius", () => {
    for (const view of views) {
      assert.ok("shop" in view, view.kind);
      if (view.behaviour === "aggressive") assert.ok(view.aggressionRadius > 0, view.kind);
      else assert.equal(view.aggressionRadius, 0, view.kind);
    }
    const shops = Object.fromEntries(views.filter((v) => v.shop !== null).map((v) => [v.kind, v.shop]));
    assert.deepEqual(shops, { shopkeeper: "general_store", blacksmith: "blacksmith" });
    assert.equal(npcKindByName("villager")?.shop, null);
  });

  it("refuses content that drops an unknown item", () => {
    const bad = testKind({ kind: "bad", drops: { always: [{ item: "unobtainium", min: 1, max: 1 }], roll: [], nothingWeight: 1 } });
    assert.throws(() => new NpcKindService(new ItemService(), [bad]), /unknown item "unobtainium"/);
  });
});
