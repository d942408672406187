import assert from "node:assert/strict";
import { getGameStateManager, initGameStateManager, type GameStateManager } from "../../src/state/GameStateManager.js";
import { PlayerNotLoadedError } from "../../src/state/errors.js";
import { createAccount, createOnlinePlayer, itemNamed } from "../support/factories.js";
import { openTestStores, type TestStores } from "../support/stores.js";

describe("GameStateManager", () => {
  let stores: TestStores;
  let gsm: GameStateManager;
  const bread = itemNamed("bread");
  const dagger = itemNamed("copper_dagger");

  beforeEach(async () => {
    stores = await openTestStores();
    gsm = stores.newGsm();
  });
  afterEach(async () => stores.close());

  describe("singleton", () => {
    it("returns the instance built by initGameStateManager", () => {
      const built = initGameStateManager({ valkey: stores.valkey, prisma: stores.prisma });
      assert.equal(getGameStateManager(), built);
    });
  });

  describe("registry", () => {
    it("registers and unregisters players visibly to another process", async () => {
      const other = stores.newGsm();
      await gsm.registerOnlinePlayer(7, "Alice");
      assert.equal(await other.isOnline(7), true);
      assert.deepEqual(await other.getOnlinePlayerIds(), new Set([7]));
      assert.equal(await other.getPlayerIdByUsername("ALICE"), 7);
      assert.deepEqual(gsm.getLocalOnlinePlayerIds(), new Set([7]));
      assert.deepEqual(other.getLocalOnlinePlayerIds(), new Set());
      await gsm.unregisterOnlinePlayer(7);
      assert.equal(await other.isOnline(7), false);
      assert.equal(await other.getPlayerIdByUsername("alice"), null);
    });

    it("finds offline players by username in PostgreSQL, case-insensitively", async () => {
      const account = await createAccount(gsm, { username: "Bob_1" });
      assert.equal(await gsm.getPlayerIdByUsername("bob_1"), account.id);
      assert.equal(await gsm.getPlayerIdByUsername("nobody"), null);
    });
  });

  describe("position and HP", () => {
    it("reads and writes an online player's position and HP", async () => {
      const p = await createOnlinePlayer(gsm, { x: 3, y: 4 });
      assert.deepEqual(await gsm.getPlayerPosition(p.id), { mapId: "town", x: 3, y: 4 });
      await gsm.fields.setPlayerPosition(p.id, 5, 6, "forest");
      assert.deepEqual(await gsm.getPlayerPosition(p.id), { mapId: "forest", x: 5, y: 6 });
      await gsm.fields.setPlayerHp(p.id, 7, 12);
      assert.deepEqual(await gsm.fields.getPlayerHp(p.id), { currentHp: 7, maxHp: 12 });
      await gsm.fields.setPlayerHp(p.id, 9);
      assert.deepEqual(await gsm.fields.getPlayerHp(p.id), { currentHp: 9, maxHp: 12 });
    });

    it("reads an offline player's position from PostgreSQL and refuses writes to it", async () => {
      const p = await createAccount(gsm, { x: 8, y: 9 });
      assert.deepEqual(await gsm.getPlayerPosition(p.id), { mapId: "town", x: 8, y: 9 });
      assert.equal(await gsm.fields.getPlayerHp(p.id), null);
      await assert.rejects(gsm.fields.setPlayerPosition(p.id, 1, 1, "town"), PlayerNotLoadedError);
      assert.equal(await gsm.getPlayerPosition(999_999), null);
    });
  });

  describe("inventory", () => {
    it("sets, reads, counts, frees and clears slots", async () => {
      const p = await createOnlinePlayer(gsm);
      assert.equal(await gsm.fields.getFreeInventorySlot(p.id), 0);
      await gsm.fields.setInventorySlot(p.id, 0, bread.id, 5, null);
      await gsm.fields.setInventorySlot(p.id, 2, dagger.id, 1, 100);
      assert.deepEqual(await gsm.fields.getInventorySlot(p.id, 2), { itemId: dagger.id, quantity: 1, durability: 100 });
      assert.equal(await gsm.fields.getInventorySlot(p.id, 1), null);
      assert.equal(await gsm.fields.getFreeInventorySlot(p.id), 1);
      assert.equal(await gsm.fields.getInventoryCount(p.id), 2);
      await gsm.fields.deleteInventorySlot(p.id, 0);
      assert.equal(await gsm.fields.getFreeInventorySlot(p.id), 0);
      await gsm.fields.clearInventory(p.id);
      assert.equal((await gsm.fields.getInventory(p.id)).size, 0);
    });

    it("reports a full inventory as having no free slot", async () => {
      const p = await createOnlinePlayer(gsm);
      for (let slot = 0; slot < 28; slot++) await gsm.fields.setInventorySlot(p.id, slot, bread.id, 1, null);
      assert.equal(await gsm.fields.getFreeInventorySlot(p.id), null);
      assert.equal(await gsm.fields.getFreeInventorySlot(p.id, 29), 28);
    });
  });

  describe("equipment", () => {
    it("sets, reads, deletes and clears slots", async () => {
      const p = await createOnlinePlayer(gsm);
      await gsm.fields.setEquipmentSlot(p.id, "weapon", dagger.id, 1, 50);
      assert.deepEqual(await gsm.fields.getEquipmentSlot(p.id, "weapon"), { itemId: dagger.id, quantity: 1, durability: 50 });
      assert.deepEqual([...(await gsm.fields.getEquipment(p.id)).keys()], ["weapon"]);
      await gsm.fields.deleteEquipmentSlot(p.id, "weapon");
      assert.equal(await gsm.fields.getEquipmentSlot(p.id, "weapon"), null);
      await gsm.fields.setEquipmentSlot(p.id, "shield", itemNamed("wooden_shield").id, 1, null);
      await gsm.fields.clearEquipment(p.id);
      assert.equal((await gsm.fields.getEquipment(p.id)).size, 0);
    });
  });

  describe("skills", () => {
    it("reads the loaded skills and writes one", async () => {
      const p = await createOnlinePlayer(gsm);
      assert.deepEqual(await gsm.fields.getSkill(p.id, "hitpoints"), { level: 10, xp: 1154 });
      assert.equal((await gsm.fields.getAllSkills(p.id)).size, 11);
      await gsm.fields.setSkill(p.id, "attack", 2, 90);
      assert.deepEqual(await gsm.fields.getSkill(p.id, "attack"), { level: 2, xp: 90 });
    });
  });

  describe("transactions", () => {
    it("applies every change of a transaction, or none when a guard fails", async () => {
      const p = await createOnlinePlayer(gsm);
      const snapshot = await gsm.readPlayer(p.id);
      assert.ok(snapshot);
      await gsm.fields.setInventorySlot(p.id, 5, bread.id, 1, null);
      const stale = gsm.transaction().expectPlayer(p.id, snapshot.version).setInventorySlot(p.id, 0, {
        itemId: bread.id, quantity: 3, durability: null,
      }).setEquipmentSlot(p.id, "weapon", { itemId: dagger.id, quantity: 1, durability: 10 });
      const refused = await gsm.commit(stale);
      assert.deepEqual(refused, { ok: false, failed: { kind: "player", playerId: p.id } });
      assert.equal(await gsm.fields.getInventorySlot(p.id, 0), null);
      assert.equal(await gsm.fields.getEquipmentSlot(p.id, "weapon"), null);

      const fresh = await gsm.readPlayer(p.id);
      const tx = gsm.transaction().expectPlayer(p.id, fresh!.version)
        .deleteInventorySlot(p.id, 5)
        .setEquipmentSlot(p.id, "weapon", { itemId: dagger.id, quantity: 1, durability: 10 });
      assert.deepEqual(await gsm.commit(tx), { ok: true });
      const after = await gsm.readPlayer(p.id);
      assert.equal(after!.version, fresh!.version + 1);
      assert.equal(after!.inventory.size, 0);
      assert.equal(after!.equipment.get("weapon")?.itemId, dagger.id);
    });

    it("refuses a transaction touching a player who is not loaded", async () => {
      const p = await createAccount(gsm);
      const tx = gsm.transaction().setInventorySlot(p.id, 0, { itemId: bread.id, quantity: 1, durability: null });
      assert.deepEqual(await gsm.commit(tx), { ok: false, failed: { kind: "player", playerId: p.id } });
      assert.equal(await stores.valkey.exists(`inventory:${p.id}`), 0);
    });
  });

  describe("snapshot cache", () => {
    it("answers this process's players from the state its own commits left, without a read", async () => {
      const p = await createOnlinePlayer(gsm);
      const before = await gsm.readPlayer(p.id);
      const tx = gsm.transaction().expectPlayer(p.id, before!.version).setInventorySlot(p.id, 4, { itemId: bread.id, quantity: 2, durability: null });
      assert.deepEqual(await gsm.commit(tx), { ok: true });
      const cached = await gsm.readPlayer(p.id, { cached: true });
      assert.equal(await gsm.readPlayer(p.id, { cached: true }), cached, "the same object: nothing was read");
      assert.equal(cached?.version, before!.version + 1);
      assert.deepEqual(cached, await gsm.readPlayer(p.id));
    });

    it("is caught by the version guard when another process changed the player", async () => {
      const p = await createOnlinePlayer(gsm);
      const stale = await gsm.readPlayer(p.id);
      await stores.newGsm().fields.setInventorySlot(p.id, 0, bread.id, 1, null);
      assert.deepEqual(await gsm.readPlayer(p.id, { cached: true }), stale, "the cache does not know yet");
      const tx = gsm.transaction().expectPlayer(p.id, stale!.version).setInventorySlot(p.id, 0, { itemId: dagger.id, quantity: 1, durability: 5 });
      assert.equal((await gsm.commit(tx)).ok, false);
      assert.deepEqual((await gsm.readPlayer(p.id, { cached: true }))?.inventory.get(0), { itemId: bread.id, quantity: 1, durability: null });
      assert.notEqual((await gsm.readPlayer(p.id))?.version, stale!.version, "a plain read is always fresh");
    });
  });

  describe("lifecycle", () => {
    it("round-trips a player's state: load, change, sync, clean up, load again", async () => {
      const p = await createOnlinePlayer(gsm, { x: 1, y: 2 });
      await gsm.fields.setPlayerPosition(p.id, 11, 12, "forest");
      await gsm.fields.setPlayerHp(p.id, 4, 10);
      await gsm.fields.setInventorySlot(p.id, 3, bread.id, 17, null);
      await gsm.fields.setEquipmentSlot(p.id, "weapon", dagger.id, 1, 77);
      await gsm.fields.setSkill(p.id, "mining", 3, 200);
      assert.equal((await gsm.readPlayer(p.id))?.combatStyle, "accurate", "the default style");
      assert.deepEqual(await gsm.commit(gsm.transaction().setCombatStyle(p.id, "defensive")), { ok: true });
      const before = await gsm.readPlayer(p.id);
      assert.equal(before?.combatStyle, "defensive");

      assert.equal(await gsm.syncPlayerToDb(p.id), true);
      assert.equal(await gsm.cleanupPlayerState(p.id), true);
      assert.equal(await gsm.readPlayer(p.id), null);
      assert.equal(await gsm.isOnline(p.id), false);

      assert.equal(await gsm.loadPlayerState(p.id, p.username, { maxHp: () => 10 }), true);
      const after = await gsm.readPlayer(p.id);
      assert.deepEqual({ ...after, version: 0 }, { ...before, version: 0 });
      assert.equal(await gsm.isOnline(p.id), true);
      assert.equal((await stores.prisma.player.findUniqueOrThrow({ where: { id: p.id } })).combatStyle, "defensive");
    });

    it("keeps an emptied inventory and equipment empty after sync and reload", async () => {
      const p = await createOnlinePlayer(gsm);
      await gsm.fields.setInventorySlot(p.id, 0, bread.id, 2, null);
      await gsm.fields.setEquipmentSlot(p.id, "weapon", dagger.id, 1, 10);
      assert.equal(await gsm.saveAndUnloadPlayer(p.id), true);
      await gsm.loadPlayerState(p.id, p.username);
      await gsm.fields.deleteInventorySlot(p.id, 0);
      await gsm.fields.deleteEquipmentSlot(p.id, "weapon");
      await gsm.syncAll();
      // Online and empty: never falls back to PostgreSQL.
      assert.equal((await gsm.fields.getInventory(p.id)).size, 0);
      assert.equal(await gsm.saveAndUnloadPlayer(p.id), true);
      assert.equal((await gsm.fields.getInventory(p.id)).size, 0, "offline read from PostgreSQL");
      await gsm.loadPlayerState(p.id, p.username);
      assert.equal((await gsm.fields.getInventory(p.id)).size, 0);
      assert.equal((await gsm.fields.getEquipment(p.id)).size, 0);
    });

    it("keeps the newer Valkey copy when a player is loaded again while still hot", async () => {
      const p = await createOnlinePlayer(gsm);
      await gsm.fields.setInventorySlot(p.id, 0, bread.id, 9, null);
      const other = stores.newGsm();
      await other.loadPlayerState(p.id, p.username);
      assert.deepEqual(await other.fields.getInventorySlot(p.id, 0), { itemId: bread.id, quantity: 9, durability: null });
    });

    it("refuses to clean up a player changed since the last save", async () => {
      const p = await createOnlinePlayer(gsm);
      await gsm.syncPlayerToDb(p.id);
      await gsm.fields.setInventorySlot(p.id, 0, bread.id, 1, null);
      assert.equal(await gsm.cleanupPlayerState(p.id), false);
      assert.ok(await gsm.readPlayer(p.id));
      assert.equal(await gsm.saveAndUnloadPlayer(p.id), true);
    });

    it("saves every local player and dirty map on shutdown", async () => {
      const a = await createOnlinePlayer(gsm);
      const b = await createOnlinePlayer(gsm);
      await gsm.fields.setInventorySlot(a.id, 0, bread.id, 1, null);
      await gsm.fields.setPlayerPosition(b.id, 20, 21, "town");
      assert.equal(await gsm.syncAllOnShutdown(), 2);
      assert.deepEqual(gsm.getLocalOnlinePlayerIds(), new Set());
      const rows = await stores.prisma.playerInventorySlot.findMany({ where: { playerId: a.id } });
      assert.equal(rows.length, 1);
      const bRow = await stores.prisma.player.findUnique({ where: { id: b.id } });
      assert.deepEqual([bRow?.x, bRow?.y], [20, 21]);
    });

    it("deletes an account's rows and keys", async () => {
      const p = await createOnlinePlayer(gsm);
      await gsm.fields.setInventorySlot(p.id, 0, bread.id, 1, null);
      assert.equal(await gsm.deletePlayer(p.id, p.username), true);
      assert.equal(await gsm.readPlayer(p.id), null);
      assert.equal(await gsm.isOnline(p.id), false);
      assert.equal(await stores.prisma.player.count({ where: { id: p.id } }), 0);
      await gsm.syncAll();
    });
  });

  describe("ping", () => {
    it("reports both stores up", async () => {
      assert.deepEqual(await gsm.ping(), { valkey: true, postgres: true });
    });
  });
});
