import assert from "node:assert/strict";
import { atomically, commitThen, groundItemIdReserve, MAX_COMMIT_ATTEMPTS, nothingToWrite } from "../../src/services/atomically.js";
import { fail } from "../../src/services/results.js";
import type { GameStateManager } from "../../src/state/GameStateManager.js";
import { createOnlinePlayer, itemNamed } from "../support/factories.js";
import { openTestStores, type TestStores } from "../support/stores.js";

describe("atomically", () => {
  let stores: TestStores;
  let gsm: GameStateManager;
  let other: GameStateManager;
  let playerId: number;
  const bread = itemNamed("bread");

  beforeEach(async () => {
    stores = await openTestStores();
    gsm = stores.newGsm();
    other = stores.newGsm();
    playerId = (await createOnlinePlayer(gsm)).id;
  });
  afterEach(async () => stores.close());

  const version = async () => (await gsm.readPlayer(playerId))!.version;
  const addBread = async (beforeCommit?: () => Promise<void>) => {
    const snapshot = (await gsm.readPlayer(playerId))!;
    const tx = gsm.transaction().expectPlayer(playerId, snapshot.version);
    tx.setInventorySlot(playerId, 0, { itemId: bread.id, quantity: 1, durability: null });
    await beforeCommit?.();
    return commitThen(tx, snapshot.version);
  };

  it("commits the planned transaction and answers its value", async () => {
    const before = await version();
    const result = await atomically(gsm, () => addBread());
    assert.deepEqual(result, { ok: true, data: before });
    assert.equal(await version(), before + 1);
    assert.equal((await gsm.fields.getInventorySlot(playerId, 0))?.quantity, 1);
  });

  it("passes a refusal through and writes nothing", async () => {
    const before = await version();
    assert.deepEqual(await atomically(gsm, () => Promise.resolve(fail("SLOT_EMPTY", "x"))), fail("SLOT_EMPTY", "x"));
    assert.deepEqual(await atomically(gsm, () => Promise.resolve(nothingToWrite("same"))), { ok: true, data: "same" });
    assert.equal(await version(), before);
  });

  it("re-reads and re-plans when another process moved the version, and commits once", async () => {
    const before = await version();
    let attempts = 0;
    const result = await atomically(gsm, () =>
      addBread(async () => {
        if (attempts++ === 0) await other.fields.setPlayerHp(playerId, 5);
      }),
    );
    assert.equal(attempts, 2);
    assert.deepEqual(result, { ok: true, data: before + 1 });
    assert.equal(await version(), before + 2);
    assert.equal((await gsm.fields.getInventorySlot(playerId, 0))?.quantity, 1);
  });

  it("gives up with UNAVAILABLE after a bounded number of attempts, having changed nothing of its own", async () => {
    let attempts = 0;
    const result = await atomically(gsm, () => addBread(async () => {
      attempts++;
      await other.fields.setPlayerHp(playerId, attempts);
    }));
    assert.equal(result.ok || result.code, "UNAVAILABLE");
    assert.equal(attempts, MAX_COMMIT_ATTEMPTS);
    assert.equal(await gsm.fields.getInventorySlot(playerId, 0), null);
  });

  it("answers NOT_FOUND when a guarded ground item is gone", async () => {
    const id = await gsm.addGroundItem({
      itemId: bread.id, mapId: "town", x: 1, y: 1, quantity: 1, durability: null, droppedBy: null,
      droppedAtMs: 0, publicAtMs: 0, despawnAtMs: Number.MAX_SAFE_INTEGER,
    });
    const result = await atomically(gsm, async () => {
      const item = (await gsm.getGroundItem(id))!;
      await other.removeGroundItem(id, "town");
      return commitThen(gsm.transaction().expectGroundItem(id, item.version).removeGroundItem(id, "town"), null);
    });
    assert.equal(result.ok || result.code, "NOT_FOUND");
  });

  it("allocates ground item ids once and hands the same ones to every attempt", async () => {
    const reserve = groundItemIdReserve(gsm);
    const first = await reserve(2);
    assert.deepEqual(await reserve(1), first.slice(0, 1));
    const more = await reserve(3);
    assert.deepEqual(more.slice(0, 2), first);
    assert.equal(new Set(more).size, 3);
  });
});
