import assert from "node:assert/strict";
import { carriedStacks, deathDrops, groundItemFromStack } from "../../../src/services/rules/groundDrops.js";
import { groundItemTimers } from "../../../src/services/rules/groundItemTimers.js";
import type { Equipment, Inventory, Rarity } from "../../../src/state/types.js";
import { serviceTestRules } from "../../support/factories.js";

const rules = serviceTestRules();
const rarityOf = (itemId: number): Rarity => (itemId === 2 ? "legendary" : "common");
const position = { mapId: "town", x: 4, y: 9 };
const stack = (itemId: number, quantity = 1, durability: number | null = null) => ({ itemId, quantity, durability });

describe("groundDrops", () => {
  it("turns a stack into a ground item on the tile, with its rarity's timers and the dropper", () => {
    const item = groundItemFromStack(77, stack(2, 3, 40), { position, droppedBy: 5, nowMs: 1_000, rarityOf, rules });
    assert.deepEqual(item, {
      id: 77, itemId: 2, mapId: "town", x: 4, y: 9, quantity: 3, durability: 40, droppedBy: 5, droppedAtMs: 1_000,
      ...groundItemTimers("legendary", 1_000, rules.groundItemTimerScale),
    });
  });

  it("lists carried stacks in inventory slot order, then equipment in slot-name order", () => {
    const inventory: Inventory = new Map([[9, stack(1, 9)], [0, stack(1, 1)]]);
    const equipment: Equipment = new Map([["ammo", stack(3, 50)], ["head", stack(4)]]);
    assert.deepEqual(carriedStacks({ inventory, equipment }), [stack(1, 1), stack(1, 9), stack(4), stack(3, 50)]);
    assert.deepEqual(carriedStacks({ inventory: new Map(), equipment: new Map() }), []);
  });

  it("drops every carried stack as its own item, protected for the dead player", () => {
    const state = {
      playerId: 12, position,
      inventory: new Map([[0, stack(1, 5)]]) as Inventory,
      equipment: new Map([["weapon", stack(2, 1, 99)]]) as Equipment,
    };
    const drops = deathDrops(state, [30, 31], { nowMs: 500, rarityOf, rules });
    assert.deepEqual(drops.map((d) => [d.id, d.itemId, d.quantity, d.durability, d.droppedBy, d.x, d.y]), [
      [30, 1, 5, null, 12, 4, 9], [31, 2, 1, 99, 12, 4, 9],
    ]);
    assert.ok(drops.every((d) => d.publicAtMs > 500));
    assert.throws(() => deathDrops(state, [30], { nowMs: 500, rarityOf, rules }), RangeError);
  });
});
