import assert from "node:assert/strict";
import type { GameServices } from "../../src/services/createServices.js";
import type { GameStateManager } from "../../src/state/GameStateManager.js";
import {
  createAccount, createOnlinePlayer, fillInventory, itemNamed, putInSlot, serviceTestRules, servicesFor,
} from "../support/factories.js";
import { openTestStores, type TestStores } from "../support/stores.js";

describe("InventoryService", () => {
  let stores: TestStores;
  let gsm: GameStateManager;
  let services: GameServices;
  let playerId: number;
  const rules = serviceTestRules();
  const bread = itemNamed("bread");
  const coins = itemNamed("coins");
  const dagger = itemNamed("copper_dagger");

  beforeEach(async () => {
    stores = await openTestStores();
    gsm = stores.newGsm();
    services = servicesFor(gsm, rules);
    playerId = (await createOnlinePlayer(gsm)).id;
  });
  afterEach(async () => stores.close());

  const inventory = async () => Object.fromEntries(await gsm.fields.getInventory(playerId));
  const kill = async () => assert.equal((await services.hp.dealDamage(playerId, 100)).ok, true);

  describe("addItem", () => {
    it("tops up existing stacks, then fills the lowest free slots, with the item's durability", async () => {
      await putInSlot(gsm, playerId, 1, "bread", 60);
      assert.deepEqual(await services.inventory.addItem(playerId, bread.id, 10), { ok: true, data: { placed: 10, remaining: 0 } });
      assert.deepEqual(await services.inventory.addItem(playerId, dagger.id, 1), { ok: true, data: { placed: 1, remaining: 0 } });
      assert.deepEqual(await inventory(), {
        0: { itemId: bread.id, quantity: 6, durability: null },
        1: { itemId: bread.id, quantity: 64, durability: null },
        2: { itemId: dagger.id, quantity: 1, durability: dagger.maxDurability },
      });
    });

    it("refuses a grant that does not fit whole with INVENTORY_FULL, changing nothing", async () => {
      await fillInventory(gsm, playerId, "wooden_helm", rules.inventorySlots - 1);
      const before = await inventory();
      const result = await services.inventory.addItem(playerId, bread.id, 65);
      assert.equal(result.ok || result.code, "INVENTORY_FULL");
      assert.deepEqual(await inventory(), before);
    });

    it("places what fits in partial mode and reports the remainder", async () => {
      await fillInventory(gsm, playerId, "wooden_helm", rules.inventorySlots - 1);
      const result = await services.inventory.addItem(playerId, bread.id, 70, { mode: "partial" });
      assert.deepEqual(result, { ok: true, data: { placed: 64, remaining: 6 } });
      const full = await services.inventory.addItem(playerId, bread.id, 1, { mode: "partial" });
      assert.equal(full.ok || full.code, "INVENTORY_FULL");
    });

    it("refuses unknown items, bad quantities, unknown players and dead players", async () => {
      const offline = await createAccount(gsm);
      const cases = [
        [await services.inventory.addItem(playerId, 999_999, 1), "NOT_FOUND"],
        [await services.inventory.addItem(playerId, bread.id, 0), "INVALID_PAYLOAD"],
        [await services.inventory.addItem(playerId, bread.id, 1.5), "INVALID_PAYLOAD"],
        [await services.inventory.addItem(offline.id, bread.id, 1), "NOT_FOUND"],
      ] as const;
      for (const [result, code] of cases) assert.equal(result.ok || result.code, code);
      await kill();
      const dead = await services.inventory.addItem(playerId, bread.id, 1);
      assert.equal(dead.ok || dead.code, "DEAD");
    });

    it("loses no add when two processes add to one player at the same time (re-reading on a moved version)", async () => {
      const other = servicesFor(stores.newGsm(), rules);
      for (let round = 0; round < 4; round++) {
        const adds = Array.from({ length: 10 }, (_, i) => (i % 2 ? services : other).inventory.addItem(playerId, coins.id, 5));
        const results = await Promise.all(adds);
        assert.ok(results.every((r) => r.ok), JSON.stringify(results.find((r) => !r.ok)));
      }
      assert.deepEqual(await services.inventory.countItem(playerId, coins.id), { ok: true, data: 200 });
    });
  });

  describe("grants", () => {
    it("grants several items at once, all or nothing", async () => {
      const granted = await services.inventory.grantMany(playerId, [{ itemId: coins.id, quantity: 5 }, { itemId: dagger.id, quantity: 2 }]);
      assert.deepEqual(granted, { ok: true, data: { placed: [5, 2] } });
      await fillInventory(gsm, playerId, "wooden_helm", rules.inventorySlots - 1);
      const before = await inventory();
      const refused = await services.inventory.grantMany(playerId, [{ itemId: coins.id, quantity: 5 }, { itemId: dagger.id, quantity: 1 }, { itemId: bread.id, quantity: 1 }]);
      assert.equal(refused.ok || refused.code, "INVENTORY_FULL");
      assert.deepEqual(await inventory(), before);
    });

    it("grants the configured starter kit", async () => {
      assert.equal((await services.inventory.grantStarterKit(playerId)).ok, true);
      for (const { itemName, quantity } of rules.starterKit) {
        assert.deepEqual(await services.inventory.countItem(playerId, itemNamed(itemName).id), { ok: true, data: quantity });
      }
    });

    it("refuses a starter kit naming an item that is not in the catalogue", async () => {
      const broken = servicesFor(gsm, serviceTestRules({ STARTER_KIT: "bread:1,excalibur:1" }));
      const result = await broken.inventory.grantStarterKit(playerId);
      assert.equal(result.ok || result.code, "NOT_FOUND");
      assert.deepEqual(await inventory(), {});
    });
  });

  describe("removeItem", () => {
    it("removes part of a stack or all of it", async () => {
      await putInSlot(gsm, playerId, 3, "bread", 5);
      assert.deepEqual(await services.inventory.removeItem(playerId, 3, 2), { ok: true, data: { itemId: bread.id, quantity: 2, durability: null } });
      assert.deepEqual(await services.inventory.removeItem(playerId, 3), { ok: true, data: { itemId: bread.id, quantity: 3, durability: null } });
      assert.deepEqual(await inventory(), {});
    });

    it("refuses bad slots, empty slots and quantities beyond the stack", async () => {
      await putInSlot(gsm, playerId, 0, "bread", 5);
      const cases = [
        [await services.inventory.removeItem(playerId, rules.inventorySlots), "INVALID_SLOT"],
        [await services.inventory.removeItem(playerId, -1), "INVALID_SLOT"],
        [await services.inventory.removeItem(playerId, 1), "SLOT_EMPTY"],
        [await services.inventory.removeItem(playerId, 0, 6), "INVALID_PAYLOAD"],
        [await services.inventory.removeItem(playerId, 0, 0), "INVALID_PAYLOAD"],
      ] as const;
      for (const [result, code] of cases) assert.equal(result.ok || result.code, code);
      assert.equal((await inventory())[0]?.quantity, 5);
    });
  });

  describe("moveItem", () => {
    it("moves into an empty slot, merges onto the same item up to the stack size, and swaps otherwise", async () => {
      await putInSlot(gsm, playerId, 0, "bread", 60);
      await putInSlot(gsm, playerId, 1, "bread", 10);
      await putInSlot(gsm, playerId, 2, "copper_dagger");
      assert.equal((await services.inventory.moveItem(playerId, 1, 0)).ok, true);
      assert.deepEqual([(await inventory())[0]?.quantity, (await inventory())[1]?.quantity], [64, 6]);
      assert.equal((await services.inventory.moveItem(playerId, 2, 1)).ok, true);
      assert.deepEqual((await inventory())[1], { itemId: dagger.id, quantity: 1, durability: dagger.maxDurability });
      assert.deepEqual((await inventory())[2], { itemId: bread.id, quantity: 6, durability: null });
      assert.equal((await services.inventory.moveItem(playerId, 5, 27)).ok || "refused", "refused");
      assert.equal((await services.inventory.moveItem(playerId, 1, 1)).ok, true);
    });

    it("refuses slots outside the inventory and an empty source", async () => {
      await putInSlot(gsm, playerId, 0, "bread", 1);
      const cases = [
        [await services.inventory.moveItem(playerId, 0, rules.inventorySlots), "INVALID_SLOT"],
        [await services.inventory.moveItem(playerId, 0.5, 1), "INVALID_SLOT"],
        [await services.inventory.moveItem(playerId, 4, 0), "SLOT_EMPTY"],
      ] as const;
      for (const [result, code] of cases) assert.equal(result.ok || result.code, code);
    });
  });

  it("refuses every change for a player who is not loaded (NOT_FOUND) or dead (DEAD), changing nothing", async () => {
    const offline = (await createAccount(gsm)).id;
    await putInSlot(gsm, playerId, 0, "bread", 3);
    const changes = (id: number) => [
      services.inventory.removeItem(id, 0), services.inventory.moveItem(id, 0, 1),
      services.inventory.grantMany(id, [{ itemId: bread.id, quantity: 1 }]), services.inventory.grantStarterKit(id),
    ];
    for (const result of await Promise.all(changes(offline))) assert.equal(result.ok || result.code, "NOT_FOUND");
    await kill();
    await putInSlot(gsm, playerId, 0, "bread", 3);
    for (const result of await Promise.all(changes(playerId))) assert.equal(result.ok || result.code, "DEAD");
    assert.deepEqual(await inventory(), { 0: { itemId: bread.id, quantity: 3, durability: null } });
  });

  describe("queries", () => {
    it("finds the lowest free slot, counts items and tells whether there are enough", async () => {
      await putInSlot(gsm, playerId, 0, "coins", 10);
      await putInSlot(gsm, playerId, 2, "coins", 5);
      assert.deepEqual(await services.inventory.getFreeSlot(playerId), { ok: true, data: 1 });
      assert.deepEqual(await services.inventory.countItem(playerId, coins.id), { ok: true, data: 15 });
      assert.deepEqual(await services.inventory.hasItem(playerId, coins.id, 15), { ok: true, data: true });
      assert.deepEqual(await services.inventory.hasItem(playerId, coins.id, 16), { ok: true, data: false });
      await fillInventory(gsm, playerId);
      assert.deepEqual(await services.inventory.getFreeSlot(playerId), { ok: true, data: null });
      const offline = await createAccount(gsm);
      assert.equal((await services.inventory.getFreeSlot(offline.id)).ok || "refused", "refused");
    });
  });
});
