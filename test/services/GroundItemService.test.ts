import assert from "node:assert/strict";
import type { GameServices } from "../../src/services/createServices.js";
import { groundItemTimers } from "../../src/services/rules/groundItemTimers.js";
import type { GameStateManager } from "../../src/state/GameStateManager.js";
import type { GroundItem } from "../../src/state/types.js";
import {
  createAccount, createOnlinePlayer, fillInventory, itemNamed, putInSlot, serviceTestRules, servicesFor, testClock,
  type TestClock,
} from "../support/factories.js";
import { openTestStores, type TestStores } from "../support/stores.js";

describe("GroundItemService", () => {
  let stores: TestStores;
  let gsm: GameStateManager;
  let services: GameServices;
  let clock: TestClock;
  let playerId: number;
  let otherId: number;
  const rules = serviceTestRules();
  const bread = itemNamed("bread");
  const codeOf = (result: { ok: boolean; code?: string }) => (result.ok ? "ok" : result.code);

  beforeEach(async () => {
    stores = await openTestStores();
    clock = testClock();
    gsm = stores.newGsm({ now: clock.now });
    services = servicesFor(gsm, rules);
    playerId = (await createOnlinePlayer(gsm, { x: 5, y: 5 })).id;
    otherId = (await createOnlinePlayer(gsm, { x: 5, y: 5 })).id;
  });
  afterEach(async () => stores.close());

  const publicItem = (overrides: Partial<Omit<GroundItem, "id">> = {}) =>
    gsm.addGroundItem({
      itemId: bread.id, mapId: "town", x: 5, y: 5, quantity: 10, durability: null, droppedBy: null,
      droppedAtMs: clock.nowMs, publicAtMs: clock.nowMs, despawnAtMs: clock.nowMs + 60_000, ...overrides,
    });
  const visibleIds = async (id: number) => (await services.groundItems.visibleAround("town", 5, 5, id)).map((g) => g.id);

  describe("drop", () => {
    it("drops the whole stack on the player's tile, protected for the dropper until its rarity's time", async () => {
      await putInSlot(gsm, playerId, 2, "bread", 7);
      const result = await services.groundItems.drop(playerId, 2);
      assert.ok(result.ok);
      const item = (await gsm.getGroundItem(result.data.groundItemId))!;
      const timers = groundItemTimers(bread.rarity, clock.nowMs, rules.groundItemTimerScale);
      assert.deepEqual(
        [item.itemId, item.quantity, item.mapId, item.x, item.y, item.droppedBy, item.publicAtMs, item.despawnAtMs],
        [bread.id, 7, "town", 5, 5, playerId, timers.publicAtMs, timers.despawnAtMs],
      );
      assert.equal(await gsm.fields.getInventorySlot(playerId, 2), null);
      assert.deepEqual(await visibleIds(playerId), [item.id]);
      assert.deepEqual(await visibleIds(otherId), []);
      clock.nowMs = timers.publicAtMs;
      assert.deepEqual(await visibleIds(otherId), [item.id]);
    });

    it("drops part of a stack, keeping durability on the ground", async () => {
      await putInSlot(gsm, playerId, 0, "bread", 7);
      const dropped = await services.groundItems.drop(playerId, 0, 3);
      assert.ok(dropped.ok);
      assert.equal((await gsm.getGroundItem(dropped.data.groundItemId))?.quantity, 3);
      assert.equal((await gsm.fields.getInventorySlot(playerId, 0))?.quantity, 4);
      await gsm.fields.setInventorySlot(playerId, 1, itemNamed("copper_dagger").id, 1, 42);
      const dagger = await services.groundItems.drop(playerId, 1);
      assert.equal(dagger.ok && (await gsm.getGroundItem(dagger.data.groundItemId))?.durability, 42);
    });

    it("refuses bad slots, empty slots, bad quantities, unknown and dead players", async () => {
      await putInSlot(gsm, playerId, 0, "bread", 7);
      const offline = await createAccount(gsm);
      assert.equal(codeOf(await services.groundItems.drop(playerId, rules.inventorySlots)), "INVALID_SLOT");
      assert.equal(codeOf(await services.groundItems.drop(playerId, 1)), "SLOT_EMPTY");
      assert.equal(codeOf(await services.groundItems.drop(playerId, 0, 0)), "INVALID_PAYLOAD");
      assert.equal(codeOf(await services.groundItems.drop(playerId, 0, 8)), "INVALID_PAYLOAD");
      assert.equal(codeOf(await services.groundItems.drop(offline.id, 0)), "NOT_FOUND");
      assert.equal((await gsm.fields.getInventorySlot(playerId, 0))?.quantity, 7);
      assert.equal((await gsm.getMapGroundItems("town")).length, 0);
      await services.hp.dealDamage(otherId, 100);
      await putInSlot(gsm, otherId, 0, "bread");
      assert.equal(codeOf(await services.groundItems.drop(otherId, 0)), "DEAD");
    });
  });

  describe("pickup", () => {
    it("moves a public item into the inventory and off the ground", async () => {
      const id = await publicItem();
      assert.deepEqual(await services.groundItems.pickup(playerId, id), { ok: true, data: { quantity: 10, remaining: 0, groundItemVersion: 2 } });
      assert.deepEqual(await gsm.fields.getInventorySlot(playerId, 0), { itemId: bread.id, quantity: 10, durability: null });
      assert.equal(await gsm.getGroundItem(id), null);
      assert.equal(codeOf(await services.groundItems.pickup(otherId, id)), "NOT_FOUND");
    });

    it("leaves what does not fit on the ground", async () => {
      await fillInventory(gsm, playerId, "wooden_helm", rules.inventorySlots - 1);
      await putInSlot(gsm, playerId, rules.inventorySlots - 1, "bread", 60);
      const id = await publicItem();
      assert.deepEqual(await services.groundItems.pickup(playerId, id), { ok: true, data: { quantity: 4, remaining: 6, groundItemVersion: 2 } });
      assert.deepEqual(await gsm.getGroundItem(id).then((g) => [g?.quantity, g?.version]), [6, 2]);
      assert.equal(codeOf(await services.groundItems.pickup(playerId, id)), "INVENTORY_FULL");
      assert.equal((await gsm.getGroundItem(id))?.quantity, 6);
    });

    it("reads the item again when the caller's copy of it is out of date", async () => {
      const id2 = await publicItem({ quantity: 10 });
      const stale = (await gsm.getGroundItem(id2))!;
      await gsm.commit(gsm.transaction().setGroundItemQuantity(id2, "town", 6));
      assert.deepEqual(await services.groundItems.pickup(playerId, id2, stale), { ok: true, data: { quantity: 6, remaining: 0, groundItemVersion: 3 } });
      assert.equal(await gsm.getGroundItem(id2), null);
    });

    it("answers NOT_FOUND for items gone, on another map, despawned or protected for someone else", async () => {
      const forest = await publicItem({ mapId: "forest" });
      const despawned = await publicItem({ despawnAtMs: clock.nowMs });
      const theirs = await publicItem({ droppedBy: otherId, publicAtMs: clock.nowMs + 1 });
      for (const id of [forest, despawned, theirs, 999_999, 1.5]) {
        assert.equal(codeOf(await services.groundItems.pickup(playerId, id)), "NOT_FOUND", `item ${id}`);
      }
      assert.equal(codeOf(await services.groundItems.pickup(otherId, theirs)), "ok");
    });

    it("refuses an item on another tile with NOT_ON_TILE, and unknown and dead players", async () => {
      const id = await publicItem({ x: 6 });
      assert.equal(codeOf(await services.groundItems.pickup(playerId, id)), "NOT_ON_TILE");
      assert.equal(codeOf(await services.groundItems.pickup(999_999, id)), "NOT_FOUND");
      await services.hp.dealDamage(playerId, 100);
      await gsm.fields.setPlayerPosition(playerId, 6, 5, "town");
      assert.equal(codeOf(await services.groundItems.pickup(playerId, id)), "DEAD");
      assert.equal((await gsm.getGroundItem(id))?.quantity, 10);
    });
  });

  describe("visibility and cleanup", () => {
    it("shows items within the configured area of interest only", async () => {
      const near = await publicItem({ x: 5 + rules.areaOfInterestTiles });
      await publicItem({ x: 6 + rules.areaOfInterestTiles });
      assert.deepEqual(await visibleIds(playerId), [near]);
    });

    it("removes despawned items only", async () => {
      const gone = await publicItem({ despawnAtMs: clock.nowMs + 10 });
      const kept = await publicItem({ despawnAtMs: clock.nowMs + 11 });
      clock.advance(10);
      assert.deepEqual(await services.groundItems.cleanupExpired("town"), [gone]);
      assert.deepEqual((await gsm.getMapGroundItems("town")).map((g) => g.id), [kept]);
    });
  });
});
