import assert from "node:assert/strict";
import { loadConfig } from "../../../src/config/config.js";
import {
  addToBank,
  BANK_STACK_MAX,
  planBankMove,
  planDeposit,
  planDepositAll,
  planWithdraw,
  type BankLimits,
  type TransferPlan,
} from "../../../src/services/rules/bankRules.js";
import { countItem, takeItems } from "../../../src/services/rules/inventoryRules.js";
import { applySlotPlan } from "../../../src/services/rules/slotPlan.js";
import type { Bank, Inventory, ItemStack } from "../../../src/state/types.js";

const rules = loadConfig({ NODE_ENV: "test" }).rules;
const COINS = 1;
const ARROWS = 10;
const SWORD = 20;
const SIZES = new Map([[COINS, 2_147_483_647], [ARROWS, 100], [SWORD, 1]]);
const LIMITS: BankLimits = { inventorySlots: rules.inventorySlots, bankSlots: rules.bankSlots, maxStack: (id) => SIZES.get(id) ?? 1 };

const stack = (itemId: number, quantity = 1, durability: number | null = null): ItemStack => ({ itemId, quantity, durability });
const slots = <T>(entries: Array<[number, T]>) => new Map(entries);

/** The inventory and bank after a plan, and the total of every item over both (which a plan never changes). */
function apply(inventory: Inventory, bank: Bank, plan: TransferPlan) {
  const inv = applySlotPlan(inventory, plan.inventory);
  const bk = applySlotPlan(bank, plan.bank);
  return { inventory: inv, bank: bk, total: (id: number) => countItem(inv, id) + countItem(bk, id) };
}

describe("bankRules", () => {
  it("uses 400 slots by default (BANK_SLOTS)", () => {
    assert.equal(rules.bankSlots, 400);
  });

  describe("addToBank", () => {
    it("stacks every item whatever its stack size, and takes the lowest free slot for a new one", () => {
      const bank = slots([[0, stack(SWORD, 3, 50)], [2, stack(ARROWS, 10)]]);
      const { after, remaining } = addToBank(bank, [stack(SWORD, 1, 50), stack(ARROWS, 500), stack(COINS, 7)], 400);
      assert.equal(remaining, 0);
      assert.deepEqual(after, slots([[0, stack(SWORD, 4, 50)], [1, stack(COINS, 7)], [2, stack(ARROWS, 510)]]));
    });

    it("keeps items of one kind with different durability in separate slots", () => {
      const { after } = addToBank(slots([[0, stack(SWORD, 1, 50)]]), [stack(SWORD, 1, 49), stack(SWORD, 1, 50)], 400);
      assert.deepEqual(after, slots([[0, stack(SWORD, 2, 50)], [1, stack(SWORD, 1, 49)]]));
    });

    it("fills a slot up to 2,147,483,647 and carries the rest to another slot", () => {
      const { after } = addToBank(slots([[0, stack(COINS, BANK_STACK_MAX - 5)]]), [stack(COINS, 8)], 400);
      assert.deepEqual(after, slots([[0, stack(COINS, BANK_STACK_MAX)], [1, stack(COINS, 3)]]));
    });

    it("reports what finds no room in a full bank", () => {
      const full = slots(Array.from({ length: 3 }, (_, i) => [i, stack(100 + i)] as [number, ItemStack]));
      assert.deepEqual(addToBank(full, [stack(ARROWS, 5), stack(100, 2)], 3).remaining, 5);
    });
  });

  describe("planDeposit", () => {
    it("deposits every one the inventory holds of the slot's item by default, from that slot first", () => {
      const inventory = slots([[0, stack(ARROWS, 40)], [3, stack(SWORD, 1, 50)], [5, stack(ARROWS, 100)]]);
      const planned = planDeposit(inventory, new Map(), 5, undefined, LIMITS);
      assert.ok(planned.ok);
      assert.equal(planned.data.deposited, 140);
      const after = apply(inventory, new Map(), planned.data);
      assert.deepEqual(after.inventory, slots([[3, stack(SWORD, 1, 50)]]));
      assert.deepEqual(after.bank, slots([[0, stack(ARROWS, 140)]]));
    });

    it("deposits a quantity from the slot first, then from the other slots holding the item", () => {
      const inventory = slots([[1, stack(SWORD, 1, 50)], [2, stack(SWORD, 1, 10)], [7, stack(SWORD, 1, 50)]]);
      const planned = planDeposit(inventory, new Map(), 7, 2, LIMITS);
      assert.ok(planned.ok);
      const after = apply(inventory, new Map(), planned.data);
      assert.deepEqual(after.inventory, slots([[2, stack(SWORD, 1, 10)]]));
      assert.deepEqual(after.bank, slots([[0, stack(SWORD, 2, 50)]]));
    });

    it("deposits what the inventory holds when asked for more", () => {
      const inventory = slots([[0, stack(ARROWS, 4)]]);
      const planned = planDeposit(inventory, new Map(), 0, 1_000, LIMITS);
      assert.ok(planned.ok);
      assert.equal(planned.data.deposited, 4);
    });

    it("refuses a slot outside the inventory, a quantity below 1 and an empty slot, in that order", () => {
      const inventory = slots([[0, stack(ARROWS, 4)]]);
      assert.equal((planDeposit(inventory, new Map(), 28, undefined, LIMITS) as { code: string }).code, "INVALID_SLOT");
      assert.equal((planDeposit(inventory, new Map(), -1, 0, LIMITS) as { code: string }).code, "INVALID_SLOT");
      assert.equal((planDeposit(inventory, new Map(), 1, 0, LIMITS) as { code: string }).code, "INVALID_PAYLOAD");
      assert.equal((planDeposit(inventory, new Map(), 1, undefined, LIMITS) as { code: string }).code, "SLOT_EMPTY");
    });

    it("moves nothing when the bank cannot take all of it (BANK_FULL)", () => {
      const bank = slots([[0, stack(SWORD, 1, 50)]]);
      const inventory = slots([[0, stack(SWORD, 1, 50)], [1, stack(SWORD, 1, 20)]]);
      const planned = planDeposit(inventory, bank, 0, undefined, { ...LIMITS, bankSlots: 1 });
      assert.deepEqual(planned, { ok: false, code: "BANK_FULL", message: "the bank has no room for the items" });
    });
  });

  describe("planDepositAll", () => {
    it("empties the inventory into the bank, conserving every item", () => {
      const inventory = slots([[0, stack(COINS, 25)], [1, stack(SWORD, 1, 50)], [4, stack(ARROWS, 90)], [9, stack(ARROWS, 30)]]);
      const bank = slots([[3, stack(ARROWS, 5)]]);
      const planned = planDepositAll(inventory, bank, LIMITS);
      assert.ok(planned.ok);
      const after = apply(inventory, bank, planned.data);
      assert.equal(after.inventory.size, 0);
      assert.deepEqual(after.bank, slots([[0, stack(COINS, 25)], [1, stack(SWORD, 1, 50)], [3, stack(ARROWS, 125)]]));
    });

    it("moves nothing when the bank cannot take the whole inventory", () => {
      const inventory = slots([[0, stack(COINS, 25)], [1, stack(SWORD, 1, 50)]]);
      const planned = planDepositAll(inventory, slots([[0, stack(ARROWS, 1)]]), { ...LIMITS, bankSlots: 2 });
      assert.equal(planned.ok, false);
      assert.equal((planned as { code: string }).code, "BANK_FULL");
    });
  });

  describe("planWithdraw", () => {
    it("withdraws the whole slot by default, by the inventory's stack sizes and keeping durability", () => {
      const bank = slots([[7, stack(SWORD, 3, 42)]]);
      const planned = planWithdraw(new Map(), bank, 7, undefined, LIMITS);
      assert.ok(planned.ok);
      assert.equal(planned.data.withdrawn, 3);
      const after = apply(new Map(), bank, planned.data);
      assert.deepEqual(after.inventory, slots([[0, stack(SWORD, 1, 42)], [1, stack(SWORD, 1, 42)], [2, stack(SWORD, 1, 42)]]));
      assert.equal(after.bank.size, 0);
    });

    it("withdraws what fits and leaves the rest in the bank", () => {
      const inventory: Inventory = new Map(Array.from({ length: 26 }, (_, i) => [i, stack(SWORD, 1, 50)] as [number, ItemStack]));
      const bank = slots([[0, stack(ARROWS, 500)]]);
      const planned = planWithdraw(inventory, bank, 0, 300, LIMITS);
      assert.ok(planned.ok);
      assert.equal(planned.data.withdrawn, 200);
      const after = apply(inventory, bank, planned.data);
      assert.deepEqual(after.bank, slots([[0, stack(ARROWS, 300)]]));
      assert.equal(after.total(ARROWS), 500);
    });

    it("takes no more than the slot holds", () => {
      const planned = planWithdraw(new Map(), slots([[0, stack(COINS, 10)]]), 0, 50, LIMITS);
      assert.ok(planned.ok);
      assert.equal(planned.data.withdrawn, 10);
    });

    it("refuses a slot outside the bank, a quantity below 1, an empty slot and a full inventory", () => {
      const bank = slots([[0, stack(ARROWS, 5)]]);
      assert.equal((planWithdraw(new Map(), bank, 400, undefined, LIMITS) as { code: string }).code, "INVALID_SLOT");
      assert.equal((planWithdraw(new Map(), bank, 0, 0, LIMITS) as { code: string }).code, "INVALID_PAYLOAD");
      assert.equal((planWithdraw(new Map(), bank, 1, undefined, LIMITS) as { code: string }).code, "SLOT_EMPTY");
      const full: Inventory = new Map(Array.from({ length: 28 }, (_, i) => [i, stack(SWORD, 1, 50)] as [number, ItemStack]));
      assert.equal((planWithdraw(full, bank, 0, undefined, LIMITS) as { code: string }).code, "INVENTORY_FULL");
    });
  });

  describe("planBankMove", () => {
    const bank = slots([[0, stack(SWORD, 1, 50)], [1, stack(ARROWS, 5)], [2, stack(ARROWS, 7)], [3, stack(COINS, BANK_STACK_MAX - 1)], [4, stack(COINS, 5)]]);
    const moved = (from: number, to: number) => {
      const plan = planBankMove(bank, from, to, 400);
      assert.ok(plan.ok);
      return applySlotPlan(bank, plan.data);
    };

    it("moves to an empty slot, swaps different items, merges the same item and durability", () => {
      assert.deepEqual(moved(0, 10).get(10), stack(SWORD, 1, 50));
      assert.equal(moved(0, 10).has(0), false);
      assert.deepEqual([moved(0, 1).get(0), moved(0, 1).get(1)], [stack(ARROWS, 5), stack(SWORD, 1, 50)]);
      assert.deepEqual([moved(1, 2).get(1), moved(1, 2).get(2)], [undefined, stack(ARROWS, 12)]);
    });

    it("merges up to 2,147,483,647 and leaves the rest", () => {
      assert.deepEqual([moved(4, 3).get(3), moved(4, 3).get(4)], [stack(COINS, BANK_STACK_MAX), stack(COINS, 4)]);
    });

    it("refuses slots outside the bank and an empty source; a move onto itself changes nothing", () => {
      assert.equal((planBankMove(bank, 0, 400, 400) as { code: string }).code, "INVALID_SLOT");
      assert.equal((planBankMove(bank, 9, 0, 400) as { code: string }).code, "SLOT_EMPTY");
      assert.deepEqual(planBankMove(bank, 0, 0, 400), { ok: true, data: { set: [], delete: [] } });
    });
  });

  describe("takeItems (inventory rule)", () => {
    it("takes from the given slot first, then the lowest, keeping each part's durability", () => {
      const inventory = slots([[0, stack(SWORD, 1, 9)], [4, stack(SWORD, 1, 8)], [6, stack(SWORD, 1, 7)]]);
      const { after, taken } = takeItems(inventory, SWORD, 2, 6);
      assert.deepEqual(taken, [stack(SWORD, 1, 7), stack(SWORD, 1, 9)]);
      assert.deepEqual(after, slots([[4, stack(SWORD, 1, 8)]]));
    });

    it("throws when the inventory holds too few", () => {
      assert.throws(() => takeItems(slots([[0, stack(ARROWS, 3)]]), ARROWS, 4), RangeError);
    });
  });
});
