import assert from "node:assert/strict";
import { createPrismaClient } from "../../src/state/db/createPrismaClient.js";
import type { GameStateManager, GameStateManagerOptions } from "../../src/state/GameStateManager.js";
import { createOnlinePlayer, itemNamed } from "../support/factories.js";
import { gatedPrisma } from "../support/gatedPrisma.js";
import { openTestStores, type TestStores } from "../support/stores.js";
import { afterNextCheck, SYNC_MODES } from "../support/syncRuns.js";

for (const mode of SYNC_MODES) describe(`GameStateManager batch sync, ${mode.name}`, () => {
  let stores: TestStores;
  let gsm: GameStateManager;
  const bread = itemNamed("bread");
  /** Another process's GameStateManager, syncing the same way. */
  const newGsm = (options: Partial<GameStateManagerOptions> = {}) => stores.newGsm({ ...mode.options, ...options });

  beforeEach(async () => {
    stores = await openTestStores();
    gsm = newGsm();
  });
  afterEach(async () => stores.close());

  const savedInventory = async (playerId: number) =>
    (await stores.prisma.playerInventorySlot.findMany({ where: { playerId }, orderBy: { slot: "asc" } })).map(
      (r) => [r.slot, r.itemId, r.quantity],
    );
  const dirtyMembers = async (type: string) => (await stores.valkey.smembers(`dirty:${type}`)).map(Number).sort();

  it("writes every dirty player and map and returns counts by type", async () => {
    const a = await createOnlinePlayer(gsm);
    const b = await createOnlinePlayer(gsm);
    await gsm.fields.setInventorySlot(a.id, 0, bread.id, 3, null);
    await gsm.fields.setPlayerPosition(b.id, 30, 31, "town");
    await gsm.fields.setSkill(b.id, "cooking", 2, 100);
    await gsm.addGroundItem({
      itemId: bread.id, mapId: "town", x: 1, y: 1, quantity: 1, durability: null, droppedBy: a.id,
      droppedAtMs: 0, publicAtMs: 1, despawnAtMs: Date.now() + 60_000,
    });

    const counts = await gsm.syncAll();
    assert.equal(counts.inventory, 1);
    assert.equal(counts.position, 1);
    assert.equal(counts.skills, 1);
    assert.equal(counts.ground_items, 1);
    assert.equal(counts.players, 2);
    assert.deepEqual(await savedInventory(a.id), [[0, bread.id, 3]]);
    const skill = await stores.prisma.playerSkill.findUnique({ where: { playerId_skill: { playerId: b.id, skill: "cooking" } } });
    assert.deepEqual([skill?.level, skill?.xp], [2, 100]);
    assert.equal(await stores.prisma.groundItem.count({ where: { mapId: "town" } }), 1);

    const again = await gsm.syncAll();
    assert.deepEqual([again.players, again.ground_items], [0, 0]);
  });

  it("writes each table only for the players dirty in its category", async () => {
    const p = await createOnlinePlayer(gsm);
    await gsm.fields.setInventorySlot(p.id, 0, bread.id, 3, null);
    await gsm.syncAll();
    await gsm.fields.setPlayerPosition(p.id, 12, 13, "town");
    const counts = await gsm.syncAll();
    assert.deepEqual([counts.rows.players, counts.rows.inventory, counts.rows.equipment, counts.rows.skills], [1, 0, 0, 0]);
    const row = await stores.prisma.player.findUnique({ where: { id: p.id } });
    assert.deepEqual([row?.x, row?.y], [12, 13]);
    assert.deepEqual(await savedInventory(p.id), [[0, bread.id, 3]]);
    // A reload takes each table's newest copy.
    assert.equal(await gsm.saveAndUnloadPlayer(p.id), true);
    await gsm.loadPlayerState(p.id, p.username);
    const back = await gsm.readPlayer(p.id);
    assert.deepEqual([back?.position.x, back?.inventory.get(0)?.quantity], [12, 3]);
  });

  it("deletes the rows of emptied slots, at either end of the inventory and in equipment, and keeps the others", async () => {
    const p = await createOnlinePlayer(gsm);
    const arrows = itemNamed("copper_arrows");
    await gsm.fields.setInventorySlot(p.id, 0, bread.id, 1, null);
    await gsm.fields.setInventorySlot(p.id, 13, bread.id, 2, null);
    await gsm.fields.setInventorySlot(p.id, 27, bread.id, 3, null);
    await gsm.fields.setEquipmentSlot(p.id, "ammo", arrows.id, 40, null);
    await gsm.syncAll();
    const savedAmmo = () => stores.prisma.playerEquipmentSlot.count({ where: { playerId: p.id, slot: "ammo" } });
    assert.equal(await savedAmmo(), 1);
    await gsm.fields.deleteInventorySlot(p.id, 0);
    await gsm.fields.deleteInventorySlot(p.id, 27);
    await gsm.fields.deleteEquipmentSlot(p.id, "ammo");
    const counts = await gsm.syncAll();
    assert.deepEqual(await savedInventory(p.id), [[13, bread.id, 2]]);
    assert.equal(await savedAmmo(), 0);
    assert.deepEqual([counts.rows.inventory, counts.rows.equipment], [2, 1], "the deleted rows, and no unchanged one");
  });

  it("does not lose a write that lands while a sync is running", async () => {
    const p = await createOnlinePlayer(gsm);
    await gsm.fields.setInventorySlot(p.id, 0, bread.id, 1, null);
    const syncing = newGsm();
    // After the run's check: what it saves is fixed, and its write is still to come (or to commit).
    afterNextCheck(syncing, () => gsm.fields.setInventorySlot(p.id, 1, bread.id, 2, null));
    await syncing.syncAll();
    assert.deepEqual(await savedInventory(p.id), [[0, bread.id, 1]], "the run saved what it read");
    assert.deepEqual(await dirtyMembers("inventory"), [p.id], "the late write marked the player dirty again");
    await gsm.syncAll();
    assert.deepEqual(await savedInventory(p.id), [[0, bread.id, 1], [1, bread.id, 2]]);
  });

  it("keeps the drained ids dirty when the database write fails", async () => {
    const p = await createOnlinePlayer(gsm);
    await gsm.fields.setInventorySlot(p.id, 0, bread.id, 4, null);
    await gsm.addGroundItem({
      itemId: bread.id, mapId: "forest", x: 1, y: 1, quantity: 1, durability: null, droppedBy: null,
      droppedAtMs: 0, publicAtMs: 0, despawnAtMs: Date.now() + 60_000,
    });
    const unreachable = createPrismaClient("postgresql://postgres@127.0.0.1:1/rpg_test");
    try {
      await assert.rejects(newGsm({ prisma: unreachable }).syncAll());
    } finally {
      await unreachable.$disconnect();
    }
    assert.deepEqual(await dirtyMembers("inventory"), [p.id]);
    assert.deepEqual(await stores.valkey.smembers("dirty:ground_items"), ["forest"]);
    assert.equal(await stores.valkey.zcard("sync:inflight_runs"), 0);
    await gsm.syncAll();
    assert.deepEqual(await savedInventory(p.id), [[0, bread.id, 4]]);
  });

  // A run that writes while it reads holds its players' rows from its first read on: a newer save of them
  // waits for it, so only a run that reads first can commit after a newer save.
  if (!mode.writesWhileReading) it("never lets an older snapshot overwrite a newer save, whatever the commit order", async () => {
    const p = await createOnlinePlayer(gsm);
    await gsm.fields.setInventorySlot(p.id, 0, bread.id, 1, null);
    const gated = gatedPrisma(stores.prisma);
    const slow = newGsm({ prisma: gated.prisma });
    const slowRun = slow.syncAll();
    await gated.reached;
    await gsm.fields.setInventorySlot(p.id, 0, bread.id, 5, null);
    await gsm.syncPlayerToDb(p.id);
    gated.open();
    await slowRun;
    assert.deepEqual(await savedInventory(p.id), [[0, bread.id, 5]]);
  });

  it("lets several processes sync at once without losing or reordering writes", async () => {
    const players = await Promise.all(Array.from({ length: 5 }, () => createOnlinePlayer(gsm)));
    const others = [newGsm(), newGsm(), newGsm()];
    for (let round = 1; round <= 10; round++) {
      await Promise.all(players.map((p) => gsm.fields.setInventorySlot(p.id, 0, bread.id, round, null)));
      await Promise.all(others.map((o) => o.syncAll()));
    }
    await gsm.syncAll();
    for (const p of players) assert.deepEqual(await savedInventory(p.id), [[0, bread.id, 10]]);
  });

  describe("recovery", () => {
    it("flushes dirty state left in Valkey by a process that died", async () => {
      const dead = newGsm();
      const p = await createOnlinePlayer(dead);
      await dead.fields.setInventorySlot(p.id, 2, bread.id, 8, null);
      await dead.fields.setPlayerPosition(p.id, 40, 41, "town");
      // The process dies here: no sync, no cleanup.
      const next = newGsm();
      const counts = await next.recover();
      assert.equal(counts.players, 1);
      assert.deepEqual(await savedInventory(p.id), [[2, bread.id, 8]]);
      const row = await stores.prisma.player.findUnique({ where: { id: p.id } });
      assert.deepEqual([row?.x, row?.y], [40, 41]);
    });

    it("puts back and flushes the ids of a sync run that died midway", async () => {
      const p = await createOnlinePlayer(gsm);
      await gsm.fields.setInventorySlot(p.id, 0, bread.id, 6, null);
      const gated = gatedPrisma(stores.prisma);
      const dying = newGsm({ prisma: gated.prisma });
      void dying.syncAll().catch(() => undefined);
      await gated.reached;
      // The run has drained the dirty sets; it never finishes.
      assert.deepEqual(await dirtyMembers("inventory"), []);
      assert.equal(await stores.valkey.zcard("sync:inflight_runs"), 1);

      const next = newGsm();
      await next.recover(0);
      assert.deepEqual(await savedInventory(p.id), [[0, bread.id, 6]]);
      assert.equal(await stores.valkey.zcard("sync:inflight_runs"), 0);
      gated.open();
    });
  });
});
