import assert from "node:assert/strict";
import pg from "pg";
import type { GameStateManager } from "../../src/state/GameStateManager.js";
import { playerKeys } from "../../src/state/keys.js";
import { createOnlinePlayer, itemNamed } from "../support/factories.js";
import { openTestStores, TEST_DATABASE_URL, type TestStores } from "../support/stores.js";
import { afterNextDrain, beforeNextCheck } from "../support/syncRuns.js";

/** How long a test waits for another connection to reach a lock before it fails. */
const LOCK_WAIT_MS = 10_000;

describe("A sync run that writes while it reads (SyncWriteSession)", () => {
  let stores: TestStores;
  let gsm: GameStateManager;
  const clients: pg.Client[] = [];
  const bread = itemNamed("bread");
  const coins = itemNamed("coins");

  beforeEach(async () => {
    stores = await openTestStores();
    gsm = stores.newGsm({ syncOverlapFromPlayers: 1 });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.end().catch(() => undefined)));
    await stores.close();
  });

  const connect = async () => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    clients.push(client);
    return client;
  };
  const until = async (what: string, condition: () => Promise<boolean>) => {
    const deadline = Date.now() + LOCK_WAIT_MS;
    while (!(await condition())) {
      if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  /** True while another transaction holds the player's row (tried from a connection of the test's own). */
  const rowHeld = async (probe: pg.Client, playerId: number) => {
    await probe.query("BEGIN");
    try {
      await probe.query("SELECT id FROM players WHERE id = $1 FOR NO KEY UPDATE NOWAIT", [playerId]);
      return false;
    } catch (err) {
      if ((err as { code?: string }).code === "55P03") return true;
      throw err;
    } finally {
      await probe.query("ROLLBACK");
    }
  };
  const savedInventory = async (playerId: number) =>
    (await stores.prisma.playerInventorySlot.findMany({ where: { playerId }, orderBy: { slot: "asc" } })).map((r) => [r.slot, r.itemId, r.quantity]);
  const hotInventory = async (playerId: number) =>
    [...(await gsm.readPlayer(playerId))!.inventory].sort(([a], [b]) => a - b).map(([slot, s]) => [slot, s.itemId, s.quantity]);

  it("writes the players it has read before its check, and writes again, in the same transaction, one who changed before the check", async function () {
    this.timeout(60_000);
    // More than one read script's worth (200 players), so the run writes in more than one piece.
    const players = [];
    for (let i = 0; i < 250; i++) players.push(await createOnlinePlayer(gsm));
    await gsm.syncAll();
    for (const [i, p] of players.entries()) {
      const tx = gsm.transaction().setPosition(p.id, { mapId: "town", x: 5 + (i % 20), y: 7 })
        .setInventorySlot(p.id, i % 28, { itemId: bread.id, quantity: 1 + (i % 9), durability: null })
        .setSkill(p.id, "cooking", { level: 2, xp: 100 + i });
      assert.deepEqual(await gsm.commit(tx), { ok: true });
    }
    const first = players[0]!;
    const last = players[players.length - 1]!;
    const probe = await connect();
    beforeNextCheck(gsm, async () => {
      // Read and, in id order, written: the last player's row is held by the run before its check.
      await until("the run holds the last player's row", () => rowHeld(probe, last.id));
      await gsm.fields.setInventorySlot(first.id, 27, coins.id, 50, null);
    });
    const outcome = await gsm.syncAll();

    assert.equal(outcome.players, 250);
    assert.deepEqual(await savedInventory(first.id), [[0, bread.id, 1], [27, coins.id, 50]], "saved as it was at the check");
    for (const p of players) {
      assert.deepEqual(await savedInventory(p.id), await hotInventory(p.id), `player ${p.id}'s inventory`);
      const row = (await stores.prisma.player.findUnique({ where: { id: p.id } }))!;
      const hot = (await gsm.readPlayer(p.id))!;
      assert.deepEqual([row.mapId, row.x, row.y], [hot.position.mapId, hot.position.x, hot.position.y]);
      const cooking = await stores.prisma.playerSkill.findFirst({ where: { playerId: p.id, skill: "cooking" } });
      assert.equal(cooking?.xp, hot.skills.get("cooking")?.xp);
    }
  });

  it("starts its write over when a player the check adds sorts below one it holds and another transaction holds that one", async function () {
    this.timeout(30_000);
    // `low` sorts below `high`: the run locks `high` while it reads, and the check adds `low`.
    const low = await createOnlinePlayer(gsm);
    const high = await createOnlinePlayer(gsm);
    await gsm.syncAll();
    await gsm.fields.setInventorySlot(high.id, 0, bread.id, 2, null);
    const locker = await connect();
    const lockerPid = (await locker.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
    const probe = await connect();
    let armed!: (lockerTakesHigh: Promise<unknown>) => void;
    const lockerWaits = new Promise<Promise<unknown>>((resolve) => (armed = resolve));
    afterNextDrain(gsm, async () => {
      await gsm.fields.setInventorySlot(low.id, 0, bread.id, 3, null);
      await locker.query("BEGIN");
      await locker.query("SELECT id FROM players WHERE id = $1 FOR NO KEY UPDATE", [low.id]);
    });
    beforeNextCheck(gsm, async () => {
      await until("the run holds the later player's row", () => rowHeld(probe, high.id));
      // The other transaction now waits for the run's row while holding the one the run is about to want:
      // waiting for it, the run would close a cycle.
      armed(locker.query("SELECT id FROM players WHERE id = $1 FOR NO KEY UPDATE", [high.id]));
      await until("the other transaction waits for the run", async () =>
        (await probe.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'", [lockerPid])).rowCount === 1);
    });
    const run = gsm.syncAll();
    // The run gives way: it lets go of its rows, the other transaction gets them and ends, and the run
    // writes again, waiting for the rows in order.
    await (await lockerWaits);
    await locker.query("COMMIT");
    const outcome = await run;

    assert.equal(outcome.players, 2, "both players saved, by the write started over");
    assert.deepEqual(await savedInventory(low.id), [[0, bread.id, 3]]);
    assert.deepEqual(await savedInventory(high.id), [[0, bread.id, 2]]);
  });

  it("starts its write over, without the early write, when a player it wrote early is gone by its check", async () => {
    const gone = await createOnlinePlayer(gsm);
    const stays = await createOnlinePlayer(gsm);
    await gsm.fields.setInventorySlot(gone.id, 0, bread.id, 1, null);
    await gsm.syncAll();
    await gsm.fields.setInventorySlot(gone.id, 0, bread.id, 8, null);
    await gsm.fields.setInventorySlot(stays.id, 0, bread.id, 4, null);
    const probe = await connect();
    beforeNextCheck(gsm, async () => {
      await until("the run holds the player's row", () => rowHeld(probe, gone.id));
      // Its hot state is gone before the run's moment (deleted without saving): the run must not save it.
      await stores.valkey.del(...playerKeys(gone.id));
    });
    await gsm.syncAll();

    assert.deepEqual(await savedInventory(gone.id), [[0, bread.id, 1]], "what was saved before the run");
    assert.deepEqual(await savedInventory(stays.id), [[0, bread.id, 4]]);
  });
});
