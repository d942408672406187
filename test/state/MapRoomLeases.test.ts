import assert from "node:assert/strict";
import type { GameStateManager } from "../../src/state/GameStateManager.js";
import { openTestStores, type TestStores } from "../support/stores.js";

describe("MapRoomLeases", () => {
  let stores: TestStores;
  let gsm: GameStateManager;

  beforeEach(async () => {
    stores = await openTestStores();
    gsm = stores.newGsm();
  });
  afterEach(async () => stores.close());

  it("gives a map's lease to one room of all processes, and lets its holder extend it", async () => {
    const other = stores.newGsm();
    const claims = await Promise.all([gsm.mapRooms.claim("town", "room-a", 30_000), other.mapRooms.claim("town", "room-b", 30_000)]);
    assert.equal(claims.filter((c) => c.ok).length, 1);
    const [winner, loser] = claims[0].ok ? ["room-a", claims[1]] : ["room-b", claims[0]];
    assert.ok(!loser.ok && loser.holder === winner && loser.remainingMs > 29_000 && loser.remainingMs <= 30_000);
    assert.deepEqual(await gsm.mapRooms.claim("town", winner, 30_000), { ok: true });
    assert.deepEqual(await gsm.mapRooms.claim("forest", "room-c", 30_000), { ok: true }, "another map is another lease");
  });

  it("hands the lease over only from the holder the claimant names", async () => {
    await gsm.mapRooms.claim("town", "old", 30_000);
    assert.equal((await gsm.mapRooms.claim("town", "new", 30_000, "someone-else")).ok, false);
    assert.deepEqual(await gsm.mapRooms.claim("town", "new", 30_000, "old"), { ok: true });
    const back = await gsm.mapRooms.claim("town", "old", 30_000);
    assert.ok(!back.ok && back.holder === "new", "the replaced room cannot take it back");
  });

  it("lets only the holder release the lease", async () => {
    await gsm.mapRooms.claim("town", "holder", 30_000);
    assert.equal(await gsm.mapRooms.release("town", "intruder"), false);
    assert.equal((await gsm.mapRooms.claim("town", "intruder", 30_000)).ok, false);
    assert.equal(await gsm.mapRooms.release("town", "holder"), true);
    assert.deepEqual(await gsm.mapRooms.claim("town", "next", 30_000), { ok: true });
  });

  it("frees the lease of a holder that stops renewing it", async () => {
    await gsm.mapRooms.claim("town", "dead-process-room", 50);
    await new Promise((r) => setTimeout(r, 120));
    assert.deepEqual(await gsm.mapRooms.claim("town", "next", 30_000), { ok: true });
  });
});
