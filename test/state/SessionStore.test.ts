import assert from "node:assert/strict";
import { createLogger } from "../../src/logger.js";
import { createPrismaClient } from "../../src/state/db/createPrismaClient.js";
import type { GameStateManager } from "../../src/state/GameStateManager.js";
import { SyncScheduler } from "../../src/state/SyncScheduler.js";
import { createOnlinePlayer, itemNamed } from "../support/factories.js";
import { waitFor } from "../support/server.js";
import { openTestStores, type TestStores } from "../support/stores.js";

describe("GameStateManager sessions and fencing", () => {
  let stores: TestStores;
  let gsm: GameStateManager;
  const bread = itemNamed("bread");

  beforeEach(async () => {
    stores = await openTestStores();
    gsm = stores.newGsm();
  });
  afterEach(async () => stores.close());

  it("hands out increasing fencing tokens and reports the session each claim replaced", async () => {
    const other = stores.newGsm();
    const first = await gsm.sessions.claim(1, "s1", "proc-a", 30_000);
    const second = await other.sessions.claim(1, "s2", "proc-b", 30_000);
    assert.equal(first.previous, null);
    assert.ok(second.token > first.token);
    assert.deepEqual(second.previous, { id: "s1", owner: "proc-a" });
    assert.deepEqual(await gsm.sessions.current(1), { id: "s2", owner: "proc-b", token: second.token });
  });

  it("reads the account's latest token revocation with the claim, for a join's session check", async () => {
    assert.equal((await gsm.sessions.claim(1, "s1", "proc-a", 30_000)).revocation, null);
    await stores.newGsm().sessions.revokeTokens(1, { belowVersion: 3, code: "BANNED", message: "botting" });
    const claim = await gsm.sessions.claim(1, "s2", "proc-a", 30_000);
    assert.deepEqual(claim.revocation, { belowVersion: 3, code: "BANNED", message: "botting" });
    assert.deepEqual(await gsm.sessions.current(1), { id: "s2", owner: "proc-a", token: claim.token });
    assert.ok((await stores.valkey.ttl("revoked_tokens:1")) > 0, "a revocation expires");
  });

  it("lets only the live session renew or release its lease", async () => {
    await gsm.sessions.claim(1, "old", "a", 30_000);
    await gsm.sessions.claim(1, "new", "b", 30_000);
    assert.equal(await gsm.sessions.renew(1, "old", 30_000), false);
    assert.equal(await gsm.sessions.release(1, "old"), false);
    assert.equal(await gsm.sessions.renew(1, "new", 30_000), true);
    assert.equal(await gsm.sessions.release(1, "new"), true);
    assert.equal(await gsm.sessions.current(1), null);
  });

  it("lets a lease expire when its owner stops renewing it", async () => {
    await gsm.sessions.claim(1, "s", "dead-process", 50);
    await new Promise((r) => setTimeout(r, 120));
    assert.equal(await gsm.sessions.current(1), null);
  });

  it("refuses the save of a replaced session and keeps the state for the new one", async () => {
    const p = await createOnlinePlayer(gsm);
    const old = await gsm.sessions.claim(p.id, "old", "a", 30_000);
    await gsm.fields.setInventorySlot(p.id, 0, bread.id, 3, null);
    await stores.newGsm().sessions.claim(p.id, "new", "b", 30_000);

    assert.equal(await gsm.syncPlayerToDb(p.id, old.token), false, "stale save refused");
    assert.equal(await stores.prisma.playerInventorySlot.count({ where: { playerId: p.id } }), 0);
    assert.deepEqual(await stores.valkey.smembers("dirty:inventory"), [String(p.id)], "still dirty for the new owner");
    assert.equal(await gsm.endSession(p.id, "old", old.token), "taken-over");
    assert.ok(await gsm.readPlayer(p.id), "the new session's state stays hot");
  });

  it("saves, unloads and releases the lease when the live session ends", async () => {
    const p = await createOnlinePlayer(gsm);
    const live = await gsm.sessions.claim(p.id, "s", "a", 30_000);
    await gsm.fields.setInventorySlot(p.id, 0, bread.id, 2, null);
    assert.equal(await gsm.endSession(p.id, "s", live.token), "unloaded");
    assert.equal(await gsm.readPlayer(p.id), null);
    assert.equal(await gsm.sessions.current(p.id), null);
    assert.equal(await stores.prisma.playerInventorySlot.count({ where: { playerId: p.id } }), 1);
  });

  it("saves and unloads, at the next batch sync, a player whose leave could not save, once no session holds it", async () => {
    const p = await createOnlinePlayer(gsm);
    const staying = await createOnlinePlayer(gsm);
    const live = await gsm.sessions.claim(p.id, "s", "a", 200);
    await gsm.sessions.claim(staying.id, "t", "a", 30_000);
    await gsm.fields.setInventorySlot(p.id, 0, bread.id, 2, null);
    const unreachable = createPrismaClient("postgresql://postgres@127.0.0.1:1/rpg_test");
    try {
      await assert.rejects(stores.newGsm({ prisma: unreachable }).endSession(p.id, "s", live.token), "the leave's save fails");
    } finally {
      await unreachable.$disconnect();
    }
    assert.ok(await gsm.readPlayer(p.id), "still loaded and dirty");
    await waitFor(async () => (await gsm.sessions.current(p.id)) === null, "the lease expired");

    await new SyncScheduler(gsm, 3_600_000, createLogger("silent")).runOnce();
    assert.equal(await gsm.readPlayer(p.id), null);
    assert.equal(await gsm.isOnline(p.id), false);
    assert.equal(await stores.prisma.playerInventorySlot.count({ where: { playerId: p.id } }), 1);
    assert.ok(await gsm.readPlayer(staying.id), "a player whose session lives stays loaded");
  });

  it("on shutdown unloads only the players whose session this process still holds", async () => {
    const other = stores.newGsm();
    const mine = await createOnlinePlayer(gsm);
    const takenOver = await createOnlinePlayer(gsm);
    const neverClaimed = await createOnlinePlayer(gsm);
    await gsm.sessions.claim(mine.id, "mine", "a", 30_000);
    await gsm.sessions.claim(takenOver.id, "old", "a", 30_000);
    for (const [p, sessionId] of [[takenOver, "new"], [neverClaimed, "elsewhere"]] as const) {
      await other.sessions.claim(p.id, sessionId, "b", 30_000);
      await other.loadPlayerState(p.id, p.username);
    }
    await other.fields.setInventorySlot(takenOver.id, 0, bread.id, 6, null);

    assert.equal(await gsm.syncAllOnShutdown(), 3);
    assert.deepEqual(gsm.getLocalOnlinePlayerIds(), new Set());
    assert.equal(await gsm.readPlayer(mine.id), null);
    assert.equal(await gsm.sessions.current(mine.id), null);
    assert.deepEqual((await other.readPlayer(takenOver.id))?.inventory.get(0)?.quantity, 6, "the other process's state stays");
    assert.ok(await other.readPlayer(neverClaimed.id));
    assert.equal((await gsm.sessions.current(takenOver.id))?.id, "new");
  });
});
