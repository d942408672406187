import assert from "node:assert/strict";
import { loadConfig } from "../../../src/config/config.js";
import { countItem } from "../../../src/services/rules/inventoryRules.js";
import {
  buyPrice,
  currentStock,
  planBuy,
  planSell,
  restockPeriods,
  sellPrice,
  shopBuys,
  stockFlow,
  storedStock,
  type Purse,
} from "../../../src/services/rules/shopRules.js";
import { applySlotPlan } from "../../../src/services/rules/slotPlan.js";
import type { Inventory, ItemStack } from "../../../src/state/types.js";

const rules = loadConfig({ NODE_ENV: "test" }).rules;
const R = rules.shopRestockMs;
const COINS = 1;
const NET = 30;
const SWORD = 20;
const FISH = 40;
const SIZES = new Map([[COINS, 2_147_483_647], [NET, 1], [SWORD, 1], [FISH, 64]]);
const PURSE: Purse = { coinsId: COINS, maxStack: (id) => SIZES.get(id) ?? 1, inventorySlots: rules.inventorySlots };
const normals = new Map([[NET, 5], [SWORD, 2]]);

const stack = (itemId: number, quantity = 1, durability: number | null = null): ItemStack => ({ itemId, quantity, durability });
const fullOf = (itemId: number, except: number[] = []): Inventory =>
  new Map(Array.from({ length: 28 }, (_, i) => i).filter((i) => !except.includes(i)).map((i) => [i, stack(itemId, 1, 50)] as [number, ItemStack]));

describe("shopRules", () => {
  it("restocks one unit per item every 10 s by default (SHOP_RESTOCK_MS), sells at value and buys at 40% rounded down", () => {
    assert.equal(R, 10_000);
    assert.equal(buyPrice(37), 37);
    assert.equal(sellPrice(37, rules.shopBuyPercent), 14);
    assert.equal(sellPrice(1, rules.shopBuyPercent), 0);
  });

  describe("stock", () => {
    it("is the normal stock when nothing is stored", () => {
      assert.deepEqual(currentStock(normals, null, 123 * R, R), normals);
      assert.deepEqual(storedStock(normals, null), normals);
    });

    it("counts restock periods on one world clock, so a change never loses progress", () => {
      assert.equal(restockPeriods(10 * R + 1, 11 * R - 1, R), 0);
      assert.equal(restockPeriods(10 * R + R - 1, 11 * R, R), 1);
      assert.equal(restockPeriods(10 * R, 13 * R + 5, R), 3);
      assert.equal(restockPeriods(10 * R, 9 * R, R), 0, "a clock behind the last change restocks nothing");
    });

    it("moves every item one unit per period toward its normal level, and fades what the shop does not stock", () => {
      const stored = { stock: new Map([[NET, 0], [SWORD, 5], [FISH, 3]]), updatedAtMs: 100 * R };
      assert.deepEqual(currentStock(normals, stored, 100 * R + 1, R), new Map([[NET, 0], [SWORD, 5], [FISH, 3]]));
      assert.deepEqual(currentStock(normals, stored, 102 * R, R), new Map([[NET, 2], [SWORD, 3], [FISH, 1]]));
      assert.deepEqual(currentStock(normals, stored, 103 * R, R), new Map([[NET, 3], [SWORD, 2]]));
      assert.deepEqual(currentStock(normals, stored, 1_000 * R, R), normals);
    });

    it("takes a normal item missing from the stored stock to be at its normal level", () => {
      const stored = { stock: new Map([[SWORD, 0]]), updatedAtMs: R };
      assert.deepEqual(storedStock(normals, stored), new Map([[NET, 5], [SWORD, 0]]));
    });

    it("counts what restocking added and fading removed", () => {
      assert.deepEqual(stockFlow(new Map([[NET, 0], [FISH, 3]]), new Map([[NET, 2], [FISH, 1]])), { created: 2, destroyed: 2 });
      assert.deepEqual(stockFlow(new Map([[FISH, 3]]), new Map()), { created: 0, destroyed: 3 });
    });
  });

  it("buys coins and quest items never; a general store anything else; another shop only its own stock", () => {
    assert.equal(shopBuys({ general: true, normals }, { id: COINS, category: "currency" }), false);
    assert.equal(shopBuys({ general: true, normals }, { id: 99, category: "quest" }), false);
    assert.equal(shopBuys({ general: true, normals }, { id: FISH, category: "consumable" }), true);
    assert.equal(shopBuys({ general: false, normals }, { id: FISH, category: "consumable" }), false);
    assert.equal(shopBuys({ general: false, normals }, { id: SWORD, category: "weapon" }), true);
  });

  describe("planBuy", () => {
    const net = { itemId: NET, durability: 100, unitPrice: 10 };

    it("buys as many as asked when stock, coins and room allow, paying from the coin stacks", () => {
      const inventory: Inventory = new Map([[0, stack(COINS, 35)]]);
      const planned = planBuy(inventory, net, 3, 5, PURSE);
      assert.ok(planned.ok);
      assert.deepEqual([planned.data.quantity, planned.data.cost], [3, 30]);
      const after = applySlotPlan(inventory, planned.data.plan);
      assert.deepEqual([countItem(after, COINS), countItem(after, NET)], [5, 3]);
      assert.ok([...after.values()].filter((s) => s.itemId === NET).every((s) => s.durability === 100));
    });

    it("buys as many as the stock, the coins or the room allows, whichever is fewest", () => {
      assert.equal((planBuy(new Map([[0, stack(COINS, 1_000)]]), net, 9, 4, PURSE) as { data: { quantity: number } }).data.quantity, 4);
      assert.equal((planBuy(new Map([[0, stack(COINS, 25)]]), net, 9, 5, PURSE) as { data: { quantity: number } }).data.quantity, 2);
      const roomForTwo = new Map([...fullOf(SWORD, [5, 6, 7]), [7, stack(COINS, 1_000)]]);
      assert.equal((planBuy(roomForTwo, net, 9, 5, PURSE) as { data: { quantity: number } }).data.quantity, 2);
    });

    it("uses the slot that paying every coin frees", () => {
      const inventory = new Map([...fullOf(SWORD, [3]), [3, stack(COINS, 10)]]);
      const planned = planBuy(inventory, net, 1, 5, PURSE);
      assert.ok(planned.ok);
      assert.deepEqual(applySlotPlan(inventory, planned.data.plan).get(3), stack(NET, 1, 100));
    });

    it("keeps a coin slot that paying for fewer does not free", () => {
      // 25 coins pay for two nets (5 left, the slot stays) and there is one free slot: one net.
      const inventory = new Map([...fullOf(SWORD, [3, 4]), [3, stack(COINS, 25)]]);
      const planned = planBuy(inventory, net, 2, 5, PURSE);
      assert.ok(planned.ok);
      assert.deepEqual([planned.data.quantity, planned.data.cost], [1, 10]);
    });

    it("answers OUT_OF_STOCK, NOT_ENOUGH_COINS and INVENTORY_FULL when not even one can be bought, in that order", () => {
      assert.equal((planBuy(new Map(), net, 1, 0, PURSE) as { code: string }).code, "OUT_OF_STOCK");
      assert.equal((planBuy(new Map([[0, stack(COINS, 9)]]), net, 1, 5, PURSE) as { code: string }).code, "NOT_ENOUGH_COINS");
      const full = new Map([...fullOf(SWORD, [0]), [0, stack(COINS, 100)]]);
      assert.equal((planBuy(full, net, 1, 5, PURSE) as { code: string }).code, "INVENTORY_FULL");
    });
  });

  describe("planSell", () => {
    it("sells the slot's stack by default and pays onto the coin stack", () => {
      const inventory: Inventory = new Map([[0, stack(COINS, 5)], [4, stack(FISH, 10)]]);
      const planned = planSell(inventory, 4, undefined, 3, PURSE);
      assert.ok(planned.ok);
      assert.deepEqual([planned.data.quantity, planned.data.coins], [10, 30]);
      assert.deepEqual(applySlotPlan(inventory, planned.data.plan), new Map([[0, stack(COINS, 35)]]));
    });

    it("sells a quantity from the slot first, then from the other slots holding the item", () => {
      const inventory: Inventory = new Map([[1, stack(SWORD, 1, 9)], [2, stack(SWORD, 1, 8)], [3, stack(SWORD, 1, 7)]]);
      const planned = planSell(inventory, 3, 2, 4, PURSE);
      assert.ok(planned.ok);
      assert.deepEqual(applySlotPlan(inventory, planned.data.plan), new Map([[0, stack(COINS, 8)], [2, stack(SWORD, 1, 8)]]));
    });

    it("pays the coins into the slot the sale frees, and refuses when the coins fit nowhere", () => {
      const full = fullOf(SWORD);
      const planned = planSell(full, 27, undefined, 4, PURSE);
      assert.ok(planned.ok);
      assert.deepEqual(applySlotPlan(full, planned.data.plan).get(27), stack(COINS, 4));
      const fullWithFish = new Map([...fullOf(SWORD, [0]), [0, stack(FISH, 10)]]);
      assert.equal((planSell(fullWithFish, 0, 5, 4, PURSE) as { code: string }).code, "INVENTORY_FULL");
    });

    it("refuses a quantity below 1 or above what the inventory holds of the item", () => {
      const inventory: Inventory = new Map([[0, stack(FISH, 3)]]);
      assert.equal((planSell(inventory, 0, 0, 1, PURSE) as { code: string }).code, "INVALID_PAYLOAD");
      assert.equal((planSell(inventory, 0, 4, 1, PURSE) as { code: string }).code, "INVALID_PAYLOAD");
    });
  });
});
