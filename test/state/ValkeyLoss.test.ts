import assert from "node:assert/strict";
import { epochMarker, HOT_STATE_FORMAT } from "../../src/state/epochMarker.js";
import { HotStateLostError } from "../../src/state/errors.js";
import type { GameStateManager } from "../../src/state/GameStateManager.js";
import type { HeldSession } from "../../src/state/SessionStore.js";
import type { SyncSnapshotReader } from "../../src/state/SyncSnapshot.js";
import type { GroundItem } from "../../src/state/types.js";
import { createOnlinePlayer, itemNamed } from "../support/factories.js";
import { gatedPrisma } from "../support/gatedPrisma.js";
import { totalsInPostgres } from "../support/itemTotals.js";
import { deleteKeysWithPrefix, openTestStores, type TestStores } from "../support/stores.js";
import { afterNextDrain, beforeNextCheck, SYNC_MODES } from "../support/syncRuns.js";

describe("GameStateManager when Valkey loses its data", () => {
  let stores: TestStores;
  let gsm: GameStateManager;
  const bread = itemNamed("bread");
  const sword = itemNamed("bronze_sword");
  const coins = itemNamed("coins");

  beforeEach(async () => {
    stores = await openTestStores();
    gsm = stores.newGsm();
  });
  afterEach(async () => stores.close());

  /** Valkey loses every key of this data set (a restart without persistence, FLUSHDB). */
  const loseValkey = () => deleteKeysWithPrefix(stores.prefix);
  const drop = (on: GameStateManager, overrides: Partial<Omit<GroundItem, "id">> = {}) =>
    on.addGroundItem({
      itemId: bread.id, mapId: "town", x: 10, y: 10, quantity: 1, durability: null, droppedBy: null,
      droppedAtMs: Date.now(), publicAtMs: Date.now(), despawnAtMs: Date.now() + 600_000, ...overrides,
    });
  const savedGround = async () =>
    (await stores.prisma.groundItem.findMany({ orderBy: { id: "asc" } })).map((g) => [Number(g.id), g.mapId, g.itemId, g.quantity]);

  it("keeps saving a map's ground items after a loss: a pickup after the loss is saved, so the item cannot come back", async () => {
    await gsm.ensureGroundItemsLoaded("town");
    const kept = await drop(gsm);
    for (let i = 0; i < 3; i++) await gsm.removeGroundItem(await drop(gsm), "town");
    await gsm.syncAll();
    assert.deepEqual(await savedGround(), [[kept, "town", bread.id, 1]]);

    await loseValkey();
    const restarted = stores.newGsm();
    await restarted.ensureGroundItemsLoaded("town");
    assert.equal((await restarted.getGroundItem(kept))?.quantity, 1, "the saved item is back in Valkey");
    assert.equal(await restarted.removeGroundItem(kept, "town"), true, "picked up after the loss");
    await restarted.syncAll();
    assert.deepEqual(await savedGround(), [], "the pickup is saved: the item is gone from PostgreSQL too");
  });

  it("never hands out an id that PostgreSQL has seen, also of an item that is gone since", async () => {
    await gsm.ensureGroundItemsLoaded("town");
    const ids = [await drop(gsm), await drop(gsm), await drop(gsm)];
    await gsm.syncAll();
    await gsm.removeGroundItem(Math.max(...ids), "town");
    await gsm.syncAll();

    await loseValkey();
    const fresh = await stores.newGsm().allocateGroundItemId();
    assert.ok(fresh > Math.max(...ids), `new id ${fresh} after ${ids.join(", ")}`);
    assert.ok((await gsm.allocateGroundItemId()) > fresh);
  });

  it("never hands out an id that PostgreSQL has seen from a commit that allocates it, after a loss", async () => {
    await gsm.ensureGroundItemsLoaded("town");
    const ids = [await drop(gsm), await drop(gsm)];
    await gsm.syncAll();
    await gsm.removeGroundItem(Math.max(...ids), "town");
    await gsm.syncAll();

    await loseValkey();
    const restarted = stores.newGsm();
    const item = {
      itemId: bread.id, mapId: "town", x: 10, y: 10, quantity: 1, durability: null, droppedBy: null,
      droppedAtMs: Date.now(), publicAtMs: Date.now(), despawnAtMs: Date.now() + 600_000,
    };
    const add = () => restarted.commit(restarted.transaction().addNewGroundItem(item));
    // The first commits find neither the epoch marker nor the counter: refused, and the GSM restores both.
    let committed = await add();
    for (let attempt = 0; !committed.ok && attempt < 3; attempt++) committed = await add();
    assert.ok(committed.ok);
    const [fresh] = committed.newGroundItemIds ?? [];
    assert.ok(fresh! > Math.max(...ids), `new id ${fresh} after ${ids.join(", ")}`);
    assert.equal((await restarted.getGroundItem(fresh!))?.despawnAtMs, item.despawnAtMs);
  });

  it("never mixes two items into one row, even if an id came back", async () => {
    const swordId = await drop(gsm, { itemId: sword.id, mapId: "forest", x: 3, y: 3, quantity: 1 });
    await gsm.syncAll();
    // The forest item is not in Valkey (as after a loss, before the forest is loaded again) and a town drop
    // gets its id.
    await stores.valkey.del(`ground_item:${swordId}`);
    await stores.valkey.srem("ground_items:map:forest", String(swordId));
    const tx = gsm.transaction().addGroundItem({
      id: swordId, itemId: coins.id, mapId: "town", x: 7, y: 7, quantity: 50, durability: null, droppedBy: null,
      droppedAtMs: Date.now(), publicAtMs: Date.now(), despawnAtMs: Date.now() + 600_000,
    });
    assert.deepEqual(await gsm.commit(tx), { ok: true });
    await gsm.syncAll();
    assert.deepEqual(await savedGround(), [[swordId, "forest", sword.id, 1]]);
  });

  it("refuses to add an item under an id that a live item holds", async () => {
    const id = await drop(gsm);
    const tx = gsm.transaction().addGroundItem({
      id, itemId: coins.id, mapId: "town", x: 1, y: 1, quantity: 5, durability: null, droppedBy: null,
      droppedAtMs: 0, publicAtMs: 0, despawnAtMs: Date.now() + 60_000,
    });
    assert.deepEqual(await gsm.commit(tx), { ok: false, failed: { kind: "groundItem", groundItemId: id } });
    assert.equal((await gsm.getGroundItem(id))?.itemId, bread.id);
  });

  describe("a running process", () => {
    it("notices the loss, loads its maps again and ends only the sessions whose state was lost", async () => {
      const lostReports: HeldSession[][] = [];
      gsm.hotState.onLost((lost) => lostReports.push(lost));
      await gsm.ensureGroundItemsLoaded("town");
      const item = await drop(gsm);
      const p = await createOnlinePlayer(gsm);
      const session = await gsm.sessions.claim(p.id, "before-the-loss", "proc", 30_000);
      await gsm.syncAll();

      await loseValkey();
      // A player joins this process after the loss, before anyone noticed it.
      const q = await createOnlinePlayer(stores.newGsm());
      await gsm.sessions.claim(q.id, "after-the-loss", "proc", 30_000);
      assert.equal(await gsm.loadPlayerState(q.id, q.username), true);

      assert.deepEqual(lostReports, [[{ playerId: p.id, sessionId: "before-the-loss", token: session.token }]]);
      assert.equal((await gsm.getGroundItem(item))?.mapId, "town", "the map's items are loaded again");
      assert.deepEqual(gsm.getLocalOnlinePlayerIds(), new Set([q.id]));
      assert.equal(await gsm.sessions.renew(p.id, "before-the-loss", 30_000), true, "ended by the loss handling, not by renew");
      assert.equal(await gsm.sessions.renew(q.id, "after-the-loss", 30_000), true);
      assert.equal(await gsm.hotState.check(), false, "handled once");
    });

    it("notices the loss when a session's lease renewal finds no lease", async () => {
      const lostReports: HeldSession[][] = [];
      gsm.hotState.onLost((lost) => lostReports.push(lost));
      const p = await createOnlinePlayer(gsm);
      await gsm.sessions.claim(p.id, "s", "proc", 30_000);
      await loseValkey();
      assert.equal(await gsm.sessions.renew(p.id, "s", 30_000), true);
      assert.deepEqual(lostReports.map((l) => l.map((s) => s.sessionId)), [["s"]]);
    });

    it("applies nothing planned on the lost data, even where the versions happen to match", async () => {
      const p = await createOnlinePlayer(gsm);
      await gsm.sessions.claim(p.id, "s", "proc", 30_000);
      await gsm.fields.setInventorySlot(p.id, 0, bread.id, 3, null);
      await gsm.syncAll();
      const planned = (await gsm.readPlayer(p.id))!;

      await loseValkey();
      const other = stores.newGsm();
      await other.loadPlayerState(p.id, p.username);
      await stores.valkey.hset(`player:${p.id}`, "version", String(planned.version));
      const tx = gsm.transaction().expectPlayer(p.id, planned.version).setInventorySlot(p.id, 0, { itemId: bread.id, quantity: 30, durability: null });
      assert.deepEqual(await gsm.commit(tx), { ok: false, failed: { kind: "epoch" } });
      assert.equal((await other.readPlayer(p.id))?.inventory.get(0)?.quantity, 3);
      assert.deepEqual(gsm.getLocalOnlinePlayerIds(), new Set(), "the refusal made the process handle the loss");
    });

    it("writes nothing a sync read before the loss once the loss was noticed", async () => {
      const p = await createOnlinePlayer(gsm);
      await gsm.fields.setInventorySlot(p.id, 0, bread.id, 3, null);
      const gated = gatedPrisma(stores.prisma);
      const slow = stores.newGsm({ prisma: gated.prisma });
      const run = slow.syncAll();
      await gated.reached;

      await loseValkey();
      await gsm.hotState.check();
      gated.open();
      await assert.rejects(run, HotStateLostError);
      assert.equal(await stores.prisma.playerInventorySlot.count({ where: { playerId: p.id } }), 0);
    });
  });

  describe("data of another format", () => {
    it("empties Valkey data an older server wrote and loads everything again from PostgreSQL", async () => {
      await gsm.ensureGroundItemsLoaded("town");
      const kept = await drop(gsm, { itemId: coins.id, quantity: 5 });
      await gsm.syncAll();
      const epoch = gsm.hotState.current;
      // What a server of format 1 left: a bare epoch marker, and the map's items in a set it reads as loaded.
      await loseValkey();
      await stores.valkey.set("state:epoch", String(epoch));
      await stores.valkey.sadd("ground_items:loaded_maps", "town");
      await stores.valkey.sadd("ground_items:map:town", String(kept));
      await stores.valkey.hset(`ground_item:${kept}`, "id", String(kept), "map_id", "town", "item_id", String(coins.id), "quantity", "5");

      const upgraded = stores.newGsm();
      await upgraded.ensureGroundItemsLoaded("town");
      assert.deepEqual((await upgraded.getMapGroundItems("town")).map((g) => [g.id, g.quantity]), [[kept, 5]], "the item is there");
      assert.equal(await stores.valkey.exists("ground_items:map:town"), 0, "the older format's keys are gone");
      assert.equal(await stores.valkey.get("state:epoch"), epochMarker(epoch + 1), "a new epoch in this format");
    });

    it("refuses Valkey data of a newer format and leaves it alone", async () => {
      await stores.valkey.set("state:epoch", `7:v${HOT_STATE_FORMAT + 1}`);
      await assert.rejects(stores.newGsm().hotState.check(), HotStateLostError);
      assert.equal(await stores.valkey.get("state:epoch"), `7:v${HOT_STATE_FORMAT + 1}`);
    });
  });

  describe("fencing tokens", () => {
    it("come from one counter that never goes backwards, also after a loss", async () => {
      const before = [await gsm.sessions.claim(1, "a", "p", 30_000), await gsm.sessions.claim(2, "b", "p", 30_000)];
      assert.ok(before[1]!.token > before[0]!.token);
      await loseValkey();
      const after = await gsm.sessions.claim(1, "c", "p", 30_000);
      assert.ok(after.token > before[1]!.token, `${after.token} after ${before[1]!.token}`);
      assert.deepEqual(await stores.valkey.keys("session_fence:*"), [], "no key per player");
    });
  });

  for (const mode of SYNC_MODES) describe(`saves, ${mode.name}`, () => {
    beforeEach(() => {
      gsm = stores.newGsm(mode.options);
    });

    it("save a pickup and the leave that follows it in one transaction: the item is never in two tables", async () => {
      const p = await createOnlinePlayer(gsm);
      const item = await drop(gsm, { quantity: 4 });
      await gsm.syncAll();
      const session = await gsm.sessions.claim(p.id, "s", "proc", 30_000);
      const stored = (await gsm.getGroundItem(item))!;
      const snapshot = (await gsm.readPlayer(p.id))!;
      const pickup = gsm.transaction().expectPlayer(p.id, snapshot.version).expectGroundItem(item, stored.version)
        .setInventorySlot(p.id, 5, { itemId: bread.id, quantity: 4, durability: null }).removeGroundItem(item, "town");
      assert.deepEqual(await gsm.commit(pickup), { ok: true });

      assert.equal(await gsm.endSession(p.id, "s", session.token), "unloaded");
      assert.deepEqual(await savedGround(), []);
      assert.equal((await stores.prisma.playerInventorySlot.findUnique({ where: { playerId_slot: { playerId: p.id, slot: 5 } } }))?.quantity, 4);
    });

    /** Runs `between` right after `on`'s next sync run has drained the dirty sets, before it reads anything. */
    /** The player picks up the whole stack of 7 coins `item` into inventory slot 1. */
    const pickUp = async (playerId: number, item: number) => {
      const me = (await gsm.readPlayer(playerId))!;
      const stored = (await gsm.getGroundItem(item))!;
      const pickup = gsm.transaction().expectPlayer(playerId, me.version).expectGroundItem(item, stored.version)
        .setInventorySlot(playerId, 1, { itemId: coins.id, quantity: 7, durability: null }).removeGroundItem(item, "town");
      assert.deepEqual(await gsm.commit(pickup), { ok: true });
    };

    it("save one moment: a pickup between a run's drain and its read is saved on both sides or on neither", async () => {
      const p = await createOnlinePlayer(gsm);
      await gsm.fields.setInventorySlot(p.id, 0, bread.id, 3, null);
      await gsm.ensureGroundItemsLoaded("town");
      const item = await drop(gsm, { itemId: coins.id, quantity: 7 });
      await gsm.syncAll();
      const start = await totalsInPostgres(stores.prisma);
      // Only the player is dirty when the run drains; the pickup then also changes the map, which it did not drain.
      await stores.valkey.sadd("dirty:inventory", String(p.id));
      afterNextDrain(gsm, () => pickUp(p.id, item));
      await gsm.syncAll();
      assert.deepEqual(await totalsInPostgres(stores.prisma), start, "the run saved one moment");
    });

    it("save one moment: a run also saves what another process's run drained and has not saved yet", async () => {
      const p = await createOnlinePlayer(gsm);
      await gsm.ensureGroundItemsLoaded("town");
      const item = await drop(gsm, { itemId: coins.id, quantity: 7 });
      await gsm.syncAll();
      const start = await totalsInPostgres(stores.prisma);
      await stores.valkey.sadd("dirty:inventory", String(p.id));
      const gated = gatedPrisma(stores.prisma);
      const other = stores.newGsm({ prisma: gated.prisma });
      await other.hotState.check();
      let otherRun: Promise<unknown> = Promise.resolve();
      afterNextDrain(gsm, async () => {
        await pickUp(p.id, item);
        // The other process drains the map (and the player again), reads them, and is slow to write.
        otherRun = other.syncAll();
        await gated.reached;
      });
      await gsm.syncAll();

      await loseValkey();
      await gsm.hotState.check();
      gated.open();
      await assert.rejects(otherRun, HotStateLostError);
      assert.deepEqual(await totalsInPostgres(stores.prisma), start, "PostgreSQL holds one moment without the other run's write");
      assert.deepEqual(await savedGround(), [], "the ground under the pickup is saved with it");
    });

    describe("a player read position-only", () => {
      /** The players each snapshot `on`'s sync runs write was read position-only, one set per run. */
      const positionOnlyReads = (on: GameStateManager) => {
        const reader = (on as unknown as { batchSync: { reader: SyncSnapshotReader } }).batchSync.reader;
        const read = reader.read.bind(reader);
        const seen: number[][] = [];
        reader.read = async (run) => {
          const snapshot = await read(run);
          seen.push([...snapshot.positionOnly].sort((a, b) => a - b));
          return snapshot;
        };
        return seen;
      };
      const savedInventory = async (playerId: number) =>
        (await stores.prisma.playerInventorySlot.findMany({ where: { playerId }, orderBy: { slot: "asc" } })).map((r) => [r.slot, r.itemId, r.quantity]);

      /**
       * A player who only moved when the run drained (its inventory saved before) picks up 7 coins at
       * `when`; `idle` other players who only moved are dirty too (200 or more: the first check only checks,
       * and what changed is read again outside it; fewer: the check reads it itself).
       */
      const pickupOfAnOnlyMovedPlayer = async (when: "after the drain" | "after the read", idle: number) => {
        const p = await createOnlinePlayer(gsm);
        await gsm.fields.setInventorySlot(p.id, 0, bread.id, 3, null);
        const others: number[] = [];
        for (let i = 0; i < idle; i++) others.push((await createOnlinePlayer(gsm)).id);
        await gsm.ensureGroundItemsLoaded("town");
        const item = await drop(gsm, { itemId: coins.id, quantity: 7 });
        await gsm.syncAll();
        const start = await totalsInPostgres(stores.prisma);
        await stores.valkey.sadd("dirty:position", String(p.id), ...others.map(String));
        const reads = positionOnlyReads(gsm);
        (when === "after the drain" ? afterNextDrain : beforeNextCheck)(gsm, () => pickUp(p.id, item));
        await gsm.syncAll();

        assert.deepEqual(await totalsInPostgres(stores.prisma), start, "the run saved one moment");
        assert.deepEqual(await savedInventory(p.id), [[0, bread.id, 3], [1, coins.id, 7]], "its inventory saved whole, as it was at the check");
        assert.deepEqual(await savedGround(), [], "the ground under the pickup saved with it");
        assert.deepEqual(reads, [others.sort((a, b) => a - b)], "the others read position-only, the picker whole");
        // A loss now leaves PostgreSQL as the run saved it: the coins once, in the inventory.
        await loseValkey();
        await gsm.hotState.check();
        assert.deepEqual(await totalsInPostgres(stores.prisma), start);
      };

      it("is read whole when it picks up an item between the run's drain and its read (the check reads it)", () =>
        pickupOfAnOnlyMovedPlayer("after the drain", 0));

      it("is read whole when it picks up an item between the run's drain and its read (read again after the check)", async function () {
        this.timeout(60_000);
        await pickupOfAnOnlyMovedPlayer("after the drain", 250);
      });

      it("is read whole when it picks up an item between the run's read and its check (the check reads it)", () =>
        pickupOfAnOnlyMovedPlayer("after the read", 0));

      it("is read whole when it picks up an item between the run's read and its check (read again after the check)", async function () {
        this.timeout(60_000);
        await pickupOfAnOnlyMovedPlayer("after the read", 250);
      });

      it("is read whole when another process's run holds its pickup unsaved", async () => {
        const p = await createOnlinePlayer(gsm);
        await gsm.ensureGroundItemsLoaded("town");
        const item = await drop(gsm, { itemId: coins.id, quantity: 7 });
        await gsm.syncAll();
        const start = await totalsInPostgres(stores.prisma);
        await pickUp(p.id, item);
        // The other process drains the pickup (player and map), reads it and is slow to write it.
        const gated = gatedPrisma(stores.prisma);
        const other = stores.newGsm({ prisma: gated.prisma });
        await other.hotState.check();
        const otherRun = other.syncAll();
        await gated.reached;
        // The player moves: this process's run drains it as one who only moved.
        await gsm.fields.setPlayerPosition(p.id, 12, 12, "town");
        const reads = positionOnlyReads(gsm);
        await gsm.syncAll();
        assert.deepEqual(reads, [[]]);
        assert.deepEqual(await savedInventory(p.id), [[1, coins.id, 7]]);

        await loseValkey();
        await gsm.hotState.check();
        gated.open();
        await assert.rejects(otherRun, HotStateLostError);
        assert.deepEqual(await totalsInPostgres(stores.prisma), start, "PostgreSQL holds one moment without the other run's write");
      });

      it("keeps its saved items when only its position is saved", async () => {
        const p = await createOnlinePlayer(gsm);
        await gsm.fields.setInventorySlot(p.id, 0, bread.id, 3, null);
        await gsm.syncAll();
        await gsm.fields.setPlayerPosition(p.id, 20, 21, "town");
        const reads = positionOnlyReads(gsm);
        await gsm.syncAll();
        assert.deepEqual(reads, [[p.id]]);
        assert.deepEqual(await savedInventory(p.id), [[0, bread.id, 3]]);
        const row = await stores.prisma.player.findUnique({ where: { id: p.id } });
        assert.deepEqual([row?.x, row?.y], [20, 21]);
      });
    });

    const oneMoment = async (idle: number, runs: number) => {
      const players = await Promise.all(Array.from({ length: 4 }, () => createOnlinePlayer(gsm)));
      for (const p of players) await gsm.fields.setInventorySlot(p.id, 0, bread.id, 20, null);
      for (let i = 0; i < idle; i++) await gsm.fields.setPlayerPosition((await createOnlinePlayer(gsm)).id, 3, 3, "town");
      await gsm.ensureGroundItemsLoaded("town");
      await gsm.syncAll();
      const start = await totalsInPostgres(stores.prisma);
      let playing = true;
      const play = async (playerId: number) => {
        while (playing) {
          const id = await gsm.allocateGroundItemId();
          const me = (await gsm.readPlayer(playerId))!;
          const stack = me.inventory.get(0)!;
          await gsm.commit(gsm.transaction().expectPlayer(playerId, me.version)
            .setInventorySlot(playerId, 0, { ...stack, quantity: stack.quantity - 1 })
            .addGroundItem({ id, itemId: bread.id, mapId: "town", x: 1, y: 1, quantity: 1, durability: null, droppedBy: playerId,
              droppedAtMs: 0, publicAtMs: 0, despawnAtMs: Date.now() + 600_000 }));
          const after = (await gsm.readPlayer(playerId))!;
          const back = after.inventory.get(0)!;
          await gsm.commit(gsm.transaction().expectPlayer(playerId, after.version).setInventorySlot(playerId, 0, { ...back, quantity: back.quantity + 1 })
            .removeGroundItem(id, "town"));
        }
      };
      const playing$ = Promise.all(players.map((p) => play(p.id)));
      try {
        for (let run = 0; run < runs; run++) {
          // Idle players stay dirty, so that every run reads them too.
          if (idle > 0) await stores.valkey.sadd("dirty:position", ...(await gsm.getOnlinePlayerIds()));
          await gsm.syncAll();
          assert.deepEqual(await totalsInPostgres(stores.prisma), start, `after run ${run}`);
        }
      } finally {
        playing = false;
        await playing$;
      }
    };

    it("save one moment of the world: after every run PostgreSQL holds each item once while drops and pickups go on", () =>
      oneMoment(0, 60));

    it("save one moment of the world also when a run reads more than the atomic check reads at once", async function () {
      this.timeout(60_000);
      await oneMoment(250, 20);
    });
  });
});
