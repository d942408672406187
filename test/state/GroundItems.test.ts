import assert from "node:assert/strict";
import type { GameStateManager } from "../../src/state/GameStateManager.js";
import { keys } from "../../src/state/keys.js";
import type { GroundItem } from "../../src/state/types.js";
import { createOnlinePlayer, itemNamed } from "../support/factories.js";
import { openTestStores, type TestStores } from "../support/stores.js";

describe("GameStateManager ground items", () => {
  let stores: TestStores;
  let gsm: GameStateManager;
  let nowMs: number;
  const bread = itemNamed("bread");

  beforeEach(async () => {
    stores = await openTestStores();
    nowMs = 1_000_000;
    gsm = stores.newGsm({ now: () => nowMs });
  });
  afterEach(async () => stores.close());

  const drop = (overrides: Partial<Omit<GroundItem, "id">> = {}) =>
    gsm.addGroundItem({
      itemId: bread.id, mapId: "town", x: 10, y: 10, quantity: 1, durability: null, droppedBy: null,
      droppedAtMs: nowMs, publicAtMs: nowMs, despawnAtMs: nowMs + 60_000, ...overrides,
    });

  it("gives every ground item a fresh id from the shared counter", async () => {
    const ids = [await drop(), await drop(), await stores.newGsm().addGroundItem({
      itemId: bread.id, mapId: "town", x: 0, y: 0, quantity: 2, durability: null, droppedBy: null,
      droppedAtMs: 0, publicAtMs: 0, despawnAtMs: nowMs + 1,
    })];
    assert.equal(new Set(ids).size, 3);
    assert.equal(await stores.valkey.get("ground_items:next_id"), String(Math.max(...ids)));
    const item = await gsm.getGroundItem(ids[0]!);
    assert.equal(item?.quantity, 1);
    assert.equal(item?.mapId, "town");
  });

  it("hands out ids in the order they were asked for, also while the counter is being seeded", async () => {
    const ids = await Promise.all(Array.from({ length: 20 }, () => gsm.allocateGroundItemId()));
    assert.deepEqual(ids, [...ids].sort((a, b) => a - b));
    assert.equal(new Set(ids).size, 20);
  });

  it("removes an item for exactly one caller, and only from its own map", async () => {
    const id = await drop();
    assert.equal(await gsm.removeGroundItem(id, "forest"), false);
    assert.equal(await gsm.removeGroundItem(id, "town"), true);
    assert.equal(await gsm.removeGroundItem(id, "town"), false);
    assert.equal(await gsm.getGroundItem(id), null);
  });

  it("lets exactly one of two processes win each of 200 races for the same item", async () => {
    const a = stores.newGsm();
    const b = stores.newGsm();
    for (let round = 0; round < 200; round++) {
      const id = await drop();
      const wins = await Promise.all([a.removeGroundItem(id, "town"), b.removeGroundItem(id, "town")]);
      assert.equal(wins.filter(Boolean).length, 1, `round ${round}: ${wins.join(",")}`);
    }
    assert.equal((await gsm.getMapGroundItems("town")).length, 0);
  });

  it("shows items within the radius that the player may see: protection and despawn honoured", async () => {
    const p = await createOnlinePlayer(gsm);
    const near = await drop({ x: 10, y: 42 });
    const far = await drop({ x: 10, y: 43 });
    const mine = await drop({ droppedBy: p.id, publicAtMs: nowMs + 30_000 });
    const theirs = await drop({ droppedBy: p.id + 1, publicAtMs: nowMs + 30_000 });
    const expired = await drop({ despawnAtMs: nowMs });
    await drop({ mapId: "forest" });
    const visible = async (playerId: number | null) =>
      (await gsm.getVisibleGroundItems("town", 10, 10, playerId, 32)).map((g) => g.id).sort((x, y) => x - y);

    assert.deepEqual(await visible(p.id), [near, mine]);
    assert.deepEqual(await visible(null), [near]);
    assert.ok(!(await visible(p.id)).includes(far));
    nowMs += 30_000;
    assert.deepEqual(await visible(p.id), [near, mine, theirs]);
    assert.ok(!(await visible(p.id)).includes(expired));
  });

  it("keeps a map's items in a sorted set by despawn time, and the clock's cleanup leaves the rest untouched", async () => {
    const soon = await drop({ despawnAtMs: nowMs + 5 });
    const later = await drop({ despawnAtMs: nowMs + 90_000 });
    const other = await drop({ mapId: "forest", despawnAtMs: nowMs + 1 });
    assert.deepEqual(await stores.valkey.zrange(keys.groundItemsOfMap("town"), 0, -1, "WITHSCORES"), [
      String(soon), String(nowMs + 5), String(later), String(nowMs + 90_000),
    ]);
    nowMs += 10;
    const versionBefore = await stores.valkey.get(keys.groundItemsVersion("town"));
    assert.deepEqual((await gsm.cleanupExpiredGroundItems("town")).map((g) => [g.id, g.quantity]), [[soon, 1]]);
    assert.equal(Number(await stores.valkey.get(keys.groundItemsVersion("town"))), Number(versionBefore) + 1);
    assert.equal((await gsm.getGroundItem(later))?.version, 1, "an item not due is not written");
    assert.deepEqual(await gsm.cleanupExpiredGroundItems("town"), [], "nothing due: nothing removed");
    assert.equal(Number(await stores.valkey.get(keys.groundItemsVersion("town"))), Number(versionBefore) + 1, "nothing due: the map's version stays");
    assert.notEqual(await gsm.getGroundItem(other), null, "another map's items are its own");
  });

  it("cleans up despawned items only", async () => {
    const first = await drop({ despawnAtMs: nowMs - 1 });
    const second = await drop({ despawnAtMs: nowMs });
    const alive = await drop({ despawnAtMs: nowMs + 1 });
    assert.deepEqual((await gsm.cleanupExpiredGroundItems("town")).map((g) => g.id).sort((a, b) => a - b), [first, second].sort((a, b) => a - b));
    assert.deepEqual((await gsm.getMapGroundItems("town")).map((g) => g.id), [alive]);
  });

  it("survives a Valkey loss: saved items come back with their timers, and new ids do not collide", async () => {
    const id = await drop({ x: 3, y: 4, quantity: 7, despawnAtMs: nowMs + 5_000 });
    await gsm.syncAll();
    await stores.valkey.del(`ground_item:${id}`, "ground_items:map:town", "ground_items:next_id", "ground_items:loaded_maps");

    const restarted = stores.newGsm({ now: () => nowMs });
    await restarted.ensureGroundItemsLoaded("town");
    const back = await restarted.getGroundItem(id);
    assert.deepEqual([back?.x, back?.y, back?.quantity, back?.despawnAtMs], [3, 4, 7, nowMs + 5_000]);
    assert.ok((await restarted.allocateGroundItemId()) > id);
    await restarted.ensureGroundItemsLoaded("town");
    assert.equal((await restarted.getMapGroundItems("town")).length, 1);
  });

  it("saves a picked-up item's removal, so it does not come back after a reload", async () => {
    const id = await drop();
    await gsm.syncAll();
    await gsm.removeGroundItem(id, "town");
    await gsm.syncAll();
    assert.equal(await stores.prisma.groundItem.count(), 0);
  });
});
