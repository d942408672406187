import assert from "node:assert/strict";
import type { GameStateManager } from "../../src/state/GameStateManager.js";
import type { ItemStack } from "../../src/state/types.js";
import { createAccount, createOnlinePlayer, itemNamed } from "../support/factories.js";
import { gatedPrisma } from "../support/gatedPrisma.js";
import { deleteKeysWithPrefix, openTestStores, type TestStores } from "../support/stores.js";

describe("GameStateManager banks", () => {
  let stores: TestStores;
  let gsm: GameStateManager;
  const coins = itemNamed("coins");
  const sword = itemNamed("bronze_sword");
  const stack = (itemId: number, quantity: number, durability: number | null = null): ItemStack => ({ itemId, quantity, durability });

  beforeEach(async () => {
    stores = await openTestStores();
    gsm = stores.newGsm();
  });
  afterEach(async () => stores.close());

  /** Arrange/act step: sets (a stack) or empties (null) bank slots in one commit. */
  const setBank = async (on: GameStateManager, playerId: number, slots: Array<[number, ItemStack | null]>) => {
    const tx = on.transaction();
    for (const [slot, s] of slots) {
      if (s) tx.setBankSlot(playerId, slot, s);
      else tx.deleteBankSlot(playerId, slot);
    }
    assert.equal((await on.commit(tx)).ok, true);
  };
  const savedBank = async (playerId: number) =>
    new Map((await stores.prisma.playerBankSlot.findMany({ where: { playerId } })).map((r) => [r.slot, stack(r.itemId, r.quantity, r.durability)]));
  const hotBank = async (on: GameStateManager, playerId: number) => (await on.banks.read(playerId))?.bank;

  it("reads the bank with the player at one version, which every bank change bumps", async () => {
    const p = await createOnlinePlayer(gsm);
    const before = await gsm.banks.read(p.id);
    assert.deepEqual(before?.bank, new Map());
    await setBank(gsm, p.id, [[3, stack(coins.id, 1_000_000_000)]]);
    const after = await gsm.banks.read(p.id);
    assert.equal(after?.player.version, before?.player.version + 1);
    assert.deepEqual(after?.bank, new Map([[3, stack(coins.id, 1_000_000_000)]]));
    assert.equal(await gsm.banks.read(9_999_999), null);
  });

  it("loads the saved bank with the player and deletes it from Valkey when the player is unloaded", async () => {
    const account = await createAccount(gsm);
    await stores.prisma.playerBankSlot.createMany({
      data: [
        { playerId: account.id, slot: 0, itemId: coins.id, quantity: 2_147_483_647, durability: null },
        { playerId: account.id, slot: 399, itemId: sword.id, quantity: 12, durability: 40 },
      ],
    });
    const saved = new Map([[0, stack(coins.id, 2_147_483_647)], [399, stack(sword.id, 12, 40)]]);
    assert.deepEqual(await gsm.banks.get(account.id), saved, "not loaded: read from PostgreSQL");
    await gsm.loadPlayerState(account.id, account.username);
    assert.deepEqual(await hotBank(gsm, account.id), saved);
    await setBank(gsm, account.id, [[5, stack(sword.id, 1, 7)]]);
    assert.equal(await gsm.saveAndUnloadPlayer(account.id), true);
    assert.equal(await stores.valkey.exists(`bank:${account.id}`, `bank_changes:${account.id}`), 0);
    assert.deepEqual(await savedBank(account.id), new Map([...saved, [5, stack(sword.id, 1, 7)]]));
    await gsm.loadPlayerState(account.id, account.username);
    assert.deepEqual(await hotBank(gsm, account.id), new Map([...saved, [5, stack(sword.id, 1, 7)]]), "rejoined: the bank is back");
  });

  it("writes only the bank slots that changed since the last sync", async () => {
    const p = await createOnlinePlayer(gsm);
    await setBank(gsm, p.id, Array.from({ length: 400 }, (_, slot) => [slot, stack(coins.id, slot + 1)] as [number, ItemStack]));
    const first = await gsm.syncAll();
    assert.deepEqual([first.bank, first.rows.bank], [1, 400]);
    await setBank(gsm, p.id, [[7, stack(sword.id, 2, 30)], [8, null]]);
    await setBank(gsm, p.id, [[9, stack(coins.id, 1)]]);
    const second = await gsm.syncAll();
    assert.equal(second.rows.bank, 3, "two slots set and one emptied, of 400");
    assert.deepEqual(await savedBank(p.id), await hotBank(gsm, p.id));
    assert.equal(await stores.valkey.zcard(`bank_changes:${p.id}`), 0, "nothing left to write");
    await gsm.fields.setPlayerPosition(p.id, 11, 11, "town");
    assert.equal((await gsm.syncAll()).rows.bank, 0, "a player who only moved writes no bank slot");
  });

  it("does not lose a bank change that lands while a sync is running", async () => {
    const p = await createOnlinePlayer(gsm);
    await setBank(gsm, p.id, [[0, stack(coins.id, 5)]]);
    const gated = gatedPrisma(stores.prisma);
    const run = stores.newGsm({ prisma: gated.prisma }).syncAll();
    await gated.reached;
    await setBank(gsm, p.id, [[0, stack(coins.id, 6)], [1, stack(sword.id, 1, 9)]]);
    gated.open();
    await run;
    assert.deepEqual(await stores.valkey.smembers("dirty:bank"), [String(p.id)]);
    assert.deepEqual([...(await stores.valkey.zrange(`bank_changes:${p.id}`, 0, -1))].sort(), ["0", "1"], "the late changes stay recorded");
    await gsm.syncAll();
    assert.deepEqual(await savedBank(p.id), new Map([[0, stack(coins.id, 6)], [1, stack(sword.id, 1, 9)]]));
  });

  it("never lets an older bank snapshot overwrite a newer save, whatever the commit order", async () => {
    const p = await createOnlinePlayer(gsm);
    await setBank(gsm, p.id, [[0, stack(coins.id, 1)]]);
    const gated = gatedPrisma(stores.prisma);
    const slowRun = stores.newGsm({ prisma: gated.prisma }).syncAll();
    await gated.reached;
    await setBank(gsm, p.id, [[0, null], [2, stack(coins.id, 3)]]);
    await gsm.syncPlayerToDb(p.id);
    gated.open();
    await slowRun;
    assert.deepEqual(await savedBank(p.id), new Map([[2, stack(coins.id, 3)]]));
    await gsm.syncAll();
    assert.deepEqual(await savedBank(p.id), new Map([[2, stack(coins.id, 3)]]));
  });

  /**
   * `players` players each with 100 coins that a loop keeps moving between inventory and bank, one guarded
   * commit at a time, while another process syncs `syncs` times: after every sync PostgreSQL holds each
   * player's 100 coins exactly once.
   */
  async function movesBetweenInventoryAndBank(players: number, syncs: number): Promise<void> {
    const ids: number[] = [];
    for (let i = 0; i < players; i++) {
      const p = await createOnlinePlayer(gsm);
      await gsm.fields.setInventorySlot(p.id, 0, coins.id, 100, null);
      ids.push(p.id);
    }
    await gsm.syncAll();
    /** Moves a player's coins to the other side, one commit guarded by the version they were read at. */
    const flip = async (playerId: number) => {
      const snapshot = (await gsm.banks.read(playerId))!;
      const inInventory = snapshot.player.inventory.get(0)?.quantity ?? 0;
      const tx = gsm.transaction().expectPlayer(playerId, snapshot.player.version);
      if (inInventory > 0) tx.deleteInventorySlot(playerId, 0).setBankSlot(playerId, 0, stack(coins.id, inInventory));
      else tx.deleteBankSlot(playerId, 0).setInventorySlot(playerId, 0, stack(coins.id, snapshot.bank.get(0)!.quantity));
      assert.equal((await gsm.commit(tx)).ok, true);
    };
    let flipping = true;
    const flips = (async () => {
      for (let n = 0; flipping; n++) await Promise.all(ids.filter((_, i) => (i + n) % 3 === 0).map(flip));
    })();
    const syncing = stores.newGsm();
    try {
      for (let run = 0; run < syncs; run++) {
        await syncing.syncAll();
        const [inventory, bank] = await Promise.all([
          stores.prisma.playerInventorySlot.groupBy({ by: ["playerId"], _sum: { quantity: true } }),
          stores.prisma.playerBankSlot.groupBy({ by: ["playerId"], _sum: { quantity: true } }),
        ]);
        const total = new Map<number, number>();
        for (const row of [...inventory, ...bank]) total.set(row.playerId, (total.get(row.playerId) ?? 0) + (row._sum.quantity ?? 0));
        for (const id of ids) assert.equal(total.get(id), 100, `player ${id} after sync ${run}`);
      }
    } finally {
      flipping = false;
      await flips;
    }
  }

  it("saves an item moved between the inventory and the bank on exactly one side, in every sync", async () => {
    await movesBetweenInventoryAndBank(1, 40);
  });

  it("saves one moment also when a run reads more banks than the atomic check reads at once", async function () {
    this.timeout(60_000);
    await movesBetweenInventoryAndBank(120, 12);
  });

  describe("recovery", () => {
    it("saves the bank a process that died left in Valkey", async () => {
      const dead = stores.newGsm();
      const p = await createOnlinePlayer(dead);
      await setBank(dead, p.id, [[4, stack(sword.id, 3, 11)]]);
      // The process dies here: no sync, no cleanup.
      await stores.newGsm().recover();
      assert.deepEqual(await savedBank(p.id), new Map([[4, stack(sword.id, 3, 11)]]));
    });

    it("puts back and saves the bank changes of a sync run that died midway", async () => {
      const p = await createOnlinePlayer(gsm);
      await setBank(gsm, p.id, [[1, stack(coins.id, 77)]]);
      const gated = gatedPrisma(stores.prisma);
      void stores.newGsm({ prisma: gated.prisma }).syncAll().catch(() => undefined);
      await gated.reached;
      assert.deepEqual(await stores.valkey.smembers("dirty:bank"), []);
      await stores.newGsm().recover(0);
      assert.deepEqual(await savedBank(p.id), new Map([[1, stack(coins.id, 77)]]));
      gated.open();
    });

    it("loads the saved bank again after Valkey lost its data", async () => {
      const p = await createOnlinePlayer(gsm);
      await setBank(gsm, p.id, [[0, stack(coins.id, 40)]]);
      await gsm.syncAll();
      await setBank(gsm, p.id, [[0, stack(coins.id, 41)]]);
      await deleteKeysWithPrefix(stores.prefix);
      const restarted = stores.newGsm();
      await restarted.loadPlayerState(p.id, p.username);
      assert.deepEqual(await hotBank(restarted, p.id), new Map([[0, stack(coins.id, 40)]]), "the last save: the unsaved change went with Valkey");
      await setBank(restarted, p.id, [[1, stack(coins.id, 2)]]);
      await restarted.syncAll();
      assert.deepEqual(await savedBank(p.id), new Map([[0, stack(coins.id, 40)], [1, stack(coins.id, 2)]]));
    });
  });

  it("deletes the bank with the account", async () => {
    const p = await createOnlinePlayer(gsm);
    await setBank(gsm, p.id, [[0, stack(coins.id, 1)]]);
    await gsm.syncAll();
    await setBank(gsm, p.id, [[1, stack(coins.id, 1)]]);
    await gsm.deletePlayer(p.id, p.username);
    assert.equal(await stores.valkey.exists(`bank:${p.id}`, `bank_changes:${p.id}`), 0);
    assert.equal(await stores.prisma.playerBankSlot.count({ where: { playerId: p.id } }), 0);
  });
});
