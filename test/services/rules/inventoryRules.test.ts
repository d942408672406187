import assert from "node:assert/strict";
import { loadConfig } from "../../../src/config/config.js";
import {
  countItem,
  hasItem,
  lowestFreeSlot,
  planAdd,
  planAddMany,
  planMove,
} from "../../../src/services/rules/inventoryRules.js";
import { applySlotPlan } from "../../../src/services/rules/slotPlan.js";
import type { Inventory, ItemStack } from "../../../src/state/types.js";

const rules = loadConfig({ NODE_ENV: "test" }).rules;
const SLOTS = rules.inventorySlots;
const ARROWS = 10;
const SWORD = 20;
const STACK_SIZES = new Map([
  [ARROWS, 100],
  [SWORD, 1],
]);
const maxStackOf = (itemId: number) => STACK_SIZES.get(itemId) ?? 1;

function stack(itemId: number, quantity = 1, durability: number | null = null): ItemStack {
  return { itemId, quantity, durability };
}

function inventoryOf(entries: Array<[number, ItemStack]>): Inventory {
  return new Map(entries);
}

/** An inventory whose every slot holds one sword, except the slots listed. */
function fullInventory(except: number[] = []): Inventory {
  const inventory: Inventory = new Map();
  for (let slot = 0; slot < SLOTS; slot++) if (!except.includes(slot)) inventory.set(slot, stack(SWORD, 1, 50));
  return inventory;
}

describe("inventoryRules", () => {
  describe("planAdd", () => {
    it("tops up an existing stack before using a free slot", () => {
      const inventory = inventoryOf([[3, stack(ARROWS, 40)]]);
      const plan = planAdd(inventory, stack(ARROWS, 50), maxStackOf, SLOTS);
      assert.deepEqual(plan, { set: [{ slot: 3, stack: stack(ARROWS, 90) }], delete: [], placed: 50, remaining: 0 });
    });

    it("fills the lowest free slots with what overflows, up to the stack size", () => {
      const inventory = inventoryOf([[0, stack(ARROWS, 90)], [2, stack(SWORD, 1, 50)]]);
      const after = applySlotPlan(inventory, planAdd(inventory, stack(ARROWS, 230), maxStackOf, SLOTS));
      assert.deepEqual(after.get(0), stack(ARROWS, 100));
      assert.deepEqual(after.get(1), stack(ARROWS, 100));
      assert.deepEqual(after.get(3), stack(ARROWS, 100));
      assert.deepEqual(after.get(4), stack(ARROWS, 20));
      assert.equal(countItem(after, ARROWS), 320);
    });

    it("puts each unstackable item in its own slot", () => {
      const plan = planAdd(new Map(), stack(SWORD, 3, 50), maxStackOf, SLOTS);
      assert.deepEqual(plan.set.map((w) => w.slot), [0, 1, 2]);
      assert.ok(plan.set.every((w) => w.stack.quantity === 1 && w.stack.durability === 50));
    });

    it("places what fits and reports the remainder", () => {
      const inventory = fullInventory([5]);
      inventory.set(9, stack(ARROWS, 70));
      const plan = planAdd(inventory, stack(ARROWS, 250), maxStackOf, SLOTS);
      assert.equal(plan.placed, 130);
      assert.equal(plan.remaining, 120);
      assert.deepEqual(plan.set.map((w) => w.slot).sort((a, b) => a - b), [5, 9]);
    });

    it("places nothing into a full inventory", () => {
      const plan = planAdd(fullInventory(), stack(ARROWS, 5), maxStackOf, SLOTS);
      assert.deepEqual(plan, { set: [], delete: [], placed: 0, remaining: 5 });
    });

    it("does not merge unstackable items of different durability", () => {
      const inventory = inventoryOf([[0, stack(SWORD, 1, 10)]]);
      const plan = planAdd(inventory, stack(SWORD, 1, 50), maxStackOf, SLOTS);
      assert.deepEqual(plan.set, [{ slot: 1, stack: stack(SWORD, 1, 50) }]);
    });

    it("never changes the inventory it plans for", () => {
      const inventory = inventoryOf([[0, stack(ARROWS, 40)]]);
      planAdd(inventory, stack(ARROWS, 500), maxStackOf, SLOTS);
      assert.deepEqual(inventory, inventoryOf([[0, stack(ARROWS, 40)]]));
    });

    it("refuses a quantity below 1", () => {
      assert.throws(() => planAdd(new Map(), stack(ARROWS, 0), maxStackOf, SLOTS), RangeError);
    });
  });

  describe("planAddMany", () => {
    it("reports the remainder of each entry so a grant can be all or nothing", () => {
      const plan = planAddMany(fullInventory([0]), [stack(ARROWS, 5), stack(SWORD, 1, 50)], maxStackOf, SLOTS);
      assert.deepEqual(plan.remaining, [0, 1]);
    });
  });

  describe("planMove", () => {
    it("moves a stack into an empty slot, durability included", () => {
      const inventory = inventoryOf([[0, stack(SWORD, 1, 33)]]);
      const result = planMove(inventory, 0, 5, maxStackOf, SLOTS);
      assert.deepEqual(result, { ok: true, data: { set: [{ slot: 5, stack: stack(SWORD, 1, 33) }], delete: [0] } });
    });

    it("merges the same stackable item entirely when it fits", () => {
      const inventory = inventoryOf([[0, stack(ARROWS, 30)], [1, stack(ARROWS, 40)]]);
      const result = planMove(inventory, 0, 1, maxStackOf, SLOTS);
      assert.ok(result.ok);
      assert.deepEqual(applySlotPlan(inventory, result.data), inventoryOf([[1, stack(ARROWS, 70)]]));
    });

    it("merges up to the stack size and leaves the rest in the source slot", () => {
      const inventory = inventoryOf([[0, stack(ARROWS, 80)], [1, stack(ARROWS, 40)]]);
      const result = planMove(inventory, 0, 1, maxStackOf, SLOTS);
      assert.ok(result.ok);
      const after = applySlotPlan(inventory, result.data);
      assert.deepEqual(after, inventoryOf([[0, stack(ARROWS, 20)], [1, stack(ARROWS, 100)]]));
    });

    it("swaps different items", () => {
      const inventory = inventoryOf([[0, stack(ARROWS, 80)], [1, stack(SWORD, 1, 9)]]);
      const result = planMove(inventory, 0, 1, maxStackOf, SLOTS);
      assert.ok(result.ok);
      const after = applySlotPlan(inventory, result.data);
      assert.deepEqual([after.get(0), after.get(1)], [stack(SWORD, 1, 9), stack(ARROWS, 80)]);
    });

    it("swaps two unstackable items of the same kind", () => {
      const inventory = inventoryOf([[0, stack(SWORD, 1, 10)], [1, stack(SWORD, 1, 90)]]);
      const result = planMove(inventory, 0, 1, maxStackOf, SLOTS);
      assert.ok(result.ok);
      const after = applySlotPlan(inventory, result.data);
      assert.deepEqual([after.get(0), after.get(1)], [stack(SWORD, 1, 90), stack(SWORD, 1, 10)]);
    });

    it("is a success that changes nothing when from equals to", () => {
      const inventory = inventoryOf([[4, stack(ARROWS, 8)]]);
      assert.deepEqual(planMove(inventory, 4, 4, maxStackOf, SLOTS), { ok: true, data: { set: [], delete: [] } });
    });

    it("refuses an empty source slot with SLOT_EMPTY", () => {
      const result = planMove(new Map(), 2, 3, maxStackOf, SLOTS);
      assert.equal(!result.ok && result.code, "SLOT_EMPTY");
    });

    it("refuses a slot outside the inventory with INVALID_SLOT", () => {
      const inventory = inventoryOf([[0, stack(ARROWS, 8)]]);
      for (const [from, to] of [[0, SLOTS], [-1, 0]] as const) {
        const result = planMove(inventory, from, to, maxStackOf, SLOTS);
        assert.equal(!result.ok && result.code, "INVALID_SLOT", `${from} -> ${to}`);
      }
    });
  });

  describe("queries", () => {
    it("finds the lowest free slot, or null when full", () => {
      assert.equal(lowestFreeSlot(inventoryOf([[0, stack(ARROWS)], [2, stack(ARROWS)]]), SLOTS), 1);
      assert.equal(lowestFreeSlot(fullInventory(), SLOTS), null);
    });

    it("counts an item over all its stacks", () => {
      const inventory = inventoryOf([[0, stack(ARROWS, 5)], [7, stack(ARROWS, 6)], [8, stack(SWORD, 1, 1)]]);
      assert.equal(countItem(inventory, ARROWS), 11);
      assert.equal(hasItem(inventory, ARROWS, 11), true);
      assert.equal(hasItem(inventory, ARROWS, 12), false);
      assert.equal(hasItem(inventory, 999), false);
    });
  });
});
