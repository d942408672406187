import assert from "node:assert/strict";
import { MAX_OFFER_ENTRIES, planExchange, planOffer, planWithdraw, type OfferEntry } from "../../../src/services/rules/tradeRules.js";
import { applySlotPlan } from "../../../src/services/rules/slotPlan.js";
import type { Inventory, ItemStack } from "../../../src/state/types.js";
import { seededRandom } from "../../support/itemTotals.js";

const COINS = 1;
const BREAD = 2;
const SWORD = 3;
const maxStack = (id: number) => (id === COINS ? 2_147_483_647 : id === BREAD ? 64 : 1);
const SLOTS = 28;
const stack = (itemId: number, quantity: number, durability: number | null = null): ItemStack => ({ itemId, quantity, durability });
const inv = (entries: Array<[number, ItemStack]>): Inventory => new Map(entries);
const codeOf = (r: { ok: boolean; code?: string }) => (r.ok ? "ok" : r.code);
const total = (inventory: ReadonlyMap<number, ItemStack>, itemId: number) =>
  [...inventory.values()].filter((s) => s.itemId === itemId).reduce((n, s) => n + s.quantity, 0);

describe("tradeRules", () => {
  describe("planOffer", () => {
    const inventory = inv([[0, stack(COINS, 25)], [3, stack(SWORD, 1, 100)]]);

    it("offers the whole stack of a slot by default, and a part when a quantity is given", () => {
      assert.deepEqual(planOffer([], inventory, 0, undefined, SLOTS), { ok: true, data: [{ slot: 0, itemId: COINS, quantity: 25, durability: null }] });
      assert.deepEqual(planOffer([], inventory, 3, 1, SLOTS), { ok: true, data: [{ slot: 3, itemId: SWORD, quantity: 1, durability: 100 }] });
    });

    it("adds to the entry of the same slot, counting what is offered already against what the slot holds", () => {
      const first = planOffer([], inventory, 0, 10, SLOTS);
      assert.ok(first.ok);
      const second = planOffer(first.data, inventory, 0, 15, SLOTS);
      assert.deepEqual(second, { ok: true, data: [{ slot: 0, itemId: COINS, quantity: 25, durability: null }] });
      assert.equal(codeOf(planOffer(first.data, inventory, 0, 16, SLOTS)), "INVALID_PAYLOAD");
      assert.ok(second.ok);
      assert.equal(codeOf(planOffer(second.data, inventory, 0, undefined, SLOTS)), "INVALID_PAYLOAD", "nothing left to offer");
    });

    it("refuses a slot outside the inventory, an empty slot and a quantity below 1", () => {
      assert.equal(codeOf(planOffer([], inventory, 28, 1, SLOTS)), "INVALID_SLOT");
      assert.equal(codeOf(planOffer([], inventory, -1, 1, SLOTS)), "INVALID_SLOT");
      assert.equal(codeOf(planOffer([], inventory, 5, 1, SLOTS)), "SLOT_EMPTY");
      assert.equal(codeOf(planOffer([], inventory, 0, 0, SLOTS)), "INVALID_PAYLOAD");
    });

    it("holds at most 28 entries", () => {
      const full: OfferEntry[] = Array.from({ length: MAX_OFFER_ENTRIES }, (_, i) => ({ slot: 100 + i, itemId: BREAD, quantity: 1, durability: null }));
      assert.equal(codeOf(planOffer(full, inventory, 0, 1, SLOTS)), "INVALID_PAYLOAD");
    });
  });

  describe("planWithdraw", () => {
    const offer: OfferEntry[] = [{ slot: 0, itemId: COINS, quantity: 25, durability: null }, { slot: 3, itemId: SWORD, quantity: 1, durability: 100 }];

    it("takes back a part of an entry, or the whole entry by default", () => {
      assert.deepEqual(planWithdraw(offer, 0, 5), { ok: true, data: [{ ...offer[0]!, quantity: 20 }, offer[1]] });
      assert.deepEqual(planWithdraw(offer, 0, undefined), { ok: true, data: [offer[1]] });
    });

    it("refuses an entry the offer does not have and a quantity outside 1..the entry", () => {
      assert.equal(codeOf(planWithdraw(offer, 2, undefined)), "INVALID_SLOT");
      assert.equal(codeOf(planWithdraw(offer, -1, undefined)), "INVALID_SLOT");
      assert.equal(codeOf(planWithdraw(offer, 0, 26)), "INVALID_PAYLOAD");
      assert.equal(codeOf(planWithdraw(offer, 0, 0)), "INVALID_PAYLOAD");
    });
  });

  describe("planExchange", () => {
    it("moves both offers, stacking what stacks and filling the lowest free slots, and conserves every item", () => {
      const a = inv([[0, stack(COINS, 25)], [1, stack(SWORD, 1, 80)], [2, stack(BREAD, 5)]]);
      const b = inv([[0, stack(BREAD, 60)], [5, stack(COINS, 7)]]);
      const offerA: OfferEntry[] = [{ slot: 0, itemId: COINS, quantity: 20, durability: null }, { slot: 1, itemId: SWORD, quantity: 1, durability: 80 }];
      const offerB: OfferEntry[] = [{ slot: 0, itemId: BREAD, quantity: 60, durability: null }];
      const planned = planExchange([{ inventory: a, offer: offerA }, { inventory: b, offer: offerB }], maxStack, SLOTS);
      assert.ok(planned.ok);
      const afterA = applySlotPlan(a, planned.plans[0]);
      const afterB = applySlotPlan(b, planned.plans[1]);
      assert.deepEqual([...afterA].sort(([x], [y]) => x - y), [[0, stack(COINS, 5)], [1, stack(BREAD, 1)], [2, stack(BREAD, 64)]]);
      assert.deepEqual([...afterB].sort(([x], [y]) => x - y), [[0, stack(SWORD, 1, 80)], [5, stack(COINS, 27)]]);
      for (const id of [COINS, BREAD, SWORD]) assert.equal(total(afterA, id) + total(afterB, id), total(a, id) + total(b, id), `item ${id}`);
    });

    it("never creates or destroys an item, whatever the inventories and offers (seeded random cases)", () => {
      const random = seededRandom(14);
      const int = (n: number) => Math.floor(random() * n);
      const randomInventory = (): Inventory => {
        const inventory: Inventory = new Map();
        for (let slot = 0; slot < SLOTS; slot++) {
          const roll = int(4);
          if (roll === 1) inventory.set(slot, stack(COINS, 1 + int(500)));
          else if (roll === 2) inventory.set(slot, stack(BREAD, 1 + int(64)));
          else if (roll === 3) inventory.set(slot, stack(SWORD, 1, 50 + int(3)));
        }
        return inventory;
      };
      const randomOffer = (inventory: Inventory): OfferEntry[] => {
        let offer: OfferEntry[] = [];
        for (let i = int(6); i > 0; i--) {
          const planned = planOffer(offer, inventory, int(SLOTS), undefined, SLOTS);
          if (planned.ok) offer = planned.data;
        }
        return offer;
      };
      let completed = 0;
      for (let round = 0; round < 300; round++) {
        const [a, b] = [randomInventory(), randomInventory()];
        const planned = planExchange([{ inventory: a, offer: randomOffer(a) }, { inventory: b, offer: randomOffer(b) }], maxStack, SLOTS);
        if (!planned.ok) continue;
        completed++;
        const [afterA, afterB] = [applySlotPlan(a, planned.plans[0]), applySlotPlan(b, planned.plans[1])];
        for (const id of [COINS, BREAD, SWORD]) assert.equal(total(afterA, id) + total(afterB, id), total(a, id) + total(b, id), `round ${round}, item ${id}`);
        for (const inventory of [afterA, afterB]) {
          for (const [slot, s] of inventory) assert.ok(slot < SLOTS && s.quantity >= 1 && s.quantity <= maxStack(s.itemId), `round ${round}: slot ${slot}`);
        }
      }
      assert.ok(completed > 50, `${completed} exchanges planned`);
    });

    it("refuses with ITEM_GONE, naming the side, when an offered item left its slot, changed durability, or shrank", () => {
      const offer: OfferEntry[] = [{ slot: 1, itemId: SWORD, quantity: 1, durability: 80 }];
      const other = { inventory: inv([]), offer: [] };
      for (const moved of [inv([]), inv([[2, stack(SWORD, 1, 80)]]), inv([[1, stack(SWORD, 1, 79)]]), inv([[1, stack(BREAD, 1)]])]) {
        assert.deepEqual(planExchange([other, { inventory: moved, offer }], maxStack, SLOTS), { ok: false, code: "ITEM_GONE", side: 1 });
      }
      const coins: OfferEntry[] = [{ slot: 0, itemId: COINS, quantity: 20, durability: null }];
      assert.deepEqual(planExchange([{ inventory: inv([[0, stack(COINS, 19)]]), offer: coins }, other], maxStack, SLOTS), { ok: false, code: "ITEM_GONE", side: 0 });
    });

    it("refuses with INVENTORY_FULL, naming the side, when an inventory cannot take all it receives", () => {
      const full = inv(Array.from({ length: SLOTS }, (_, i): [number, ItemStack] => [i, stack(SWORD, 1, 100)]));
      const giver = inv([[0, stack(BREAD, 3)]]);
      const sides = [
        { inventory: giver, offer: [{ slot: 0, itemId: BREAD, quantity: 3, durability: null }] },
        { inventory: full, offer: [] },
      ] as const;
      assert.deepEqual(planExchange(sides, maxStack, SLOTS), { ok: false, code: "INVENTORY_FULL", side: 1 });
      // What leaves a full inventory frees the slot for what it receives.
      const swap = planExchange([sides[0], { inventory: full, offer: [{ slot: 4, itemId: SWORD, quantity: 1, durability: 100 }] }], maxStack, SLOTS);
      assert.ok(swap.ok);
    });
  });
});
