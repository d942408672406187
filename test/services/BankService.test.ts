import assert from "node:assert/strict";
import { loadMaps } from "../../src/content/loadMaps.js";
import { createServices, type GameServices } from "../../src/services/createServices.js";
import { WorldService } from "../../src/services/WorldService.js";
import type { GameStateManager } from "../../src/state/GameStateManager.js";
import { createOnlinePlayer, itemNamed, putInSlot, serviceTestRules } from "../support/factories.js";
import { seededRandom, totalsInPostgres, totalsInValkey } from "../support/itemTotals.js";
import { openTestStores, type TestStores } from "../support/stores.js";

const world = new WorldService(loadMaps(), "town");
const booth = world.get("town")!.banks[0]!;
const rules = serviceTestRules();

describe("BankService", () => {
  let stores: TestStores;
  let gsm: GameStateManager;
  let services: GameServices;
  const coins = itemNamed("coins");
  const sword = itemNamed("bronze_sword");
  const codeOf = (result: { ok: boolean; code?: string }) => (result.ok ? "ok" : result.code);

  beforeEach(async () => {
    stores = await openTestStores();
    gsm = stores.newGsm();
    services = createServices({ gsm, rules, world });
  });
  afterEach(async () => stores.close());

  /** A player standing diagonally next to the town's first booth (Chebyshev distance 1). */
  const atBooth = async (gsmOf = gsm) => (await createOnlinePlayer(gsmOf, { mapId: "town", x: booth.x + 1, y: booth.y + 1 })).id;

  it("deposits, moves and withdraws, each one commit that moves items without creating any", async () => {
    const id = await atBooth();
    await putInSlot(gsm, id, 0, "coins", 500);
    await putInSlot(gsm, id, 1, "bronze_sword");
    await putInSlot(gsm, id, 5, "coins", 20);
    const deposited = await services.bank.deposit(id, 5);
    assert.ok(deposited.ok);
    assert.equal(deposited.data.quantity, 520);
    assert.deepEqual(deposited.data.bank, new Map([[0, { itemId: coins.id, quantity: 520, durability: null }]]));
    assert.ok((await services.bank.depositAll(id)).ok);
    assert.ok((await services.bank.move(id, 1, 10)).ok);
    const read = (await gsm.banks.read(id))!;
    assert.equal(read.player.inventory.size, 0);
    assert.deepEqual(read.bank, new Map([
      [0, { itemId: coins.id, quantity: 520, durability: null }],
      [10, { itemId: sword.id, quantity: 1, durability: sword.maxDurability }],
    ]));
    const withdrawn = await services.bank.withdraw(id, 0, 100);
    assert.deepEqual(withdrawn.ok && withdrawn.data.quantity, 100);
    assert.deepEqual((await gsm.readPlayer(id))!.inventory.get(0), { itemId: coins.id, quantity: 100, durability: null });
    assert.deepEqual(await totalsInValkey(gsm, [id], []), { [coins.id]: 520, [sword.id]: 1 });
  });

  it("needs a booth within Chebyshev distance 1 of the player's tile on its map", async () => {
    const near = await atBooth();
    await putInSlot(gsm, near, 0, "coins", 5);
    assert.equal(codeOf(await services.bank.deposit(near, 0, 1)), "ok");
    const far = (await createOnlinePlayer(gsm, { mapId: "town", x: booth.x, y: booth.y + 2 })).id;
    await putInSlot(gsm, far, 0, "coins", 5);
    for (const result of [
      await services.bank.deposit(far, 0), await services.bank.depositAll(far), await services.bank.withdraw(far, 0), await services.bank.move(far, 0, 1),
    ]) {
      assert.equal(codeOf(result), "TOO_FAR");
    }
    const elsewhere = (await createOnlinePlayer(gsm, { mapId: "forest", x: booth.x, y: booth.y })).id;
    assert.equal(codeOf(await services.bank.depositAll(elsewhere)), "TOO_FAR", "the forest has no booth");
  });

  it("answers NOT_FOUND for a player who is not loaded and DEAD for a dead one", async () => {
    assert.equal(codeOf(await services.bank.depositAll(987_654)), "NOT_FOUND");
    const id = await atBooth();
    await gsm.commit(gsm.transaction().setDeath(id, Date.now() + 60_000).setHp(id, { currentHp: 0 }));
    assert.equal(codeOf(await services.bank.depositAll(id)), "DEAD");
  });

  it("conserves every item through a storm of deposits, withdrawals, bank moves and inventory moves from two processes", async function () {
    this.timeout(30_000);
    const gsmB = stores.newGsm();
    const other = createServices({ gsm: gsmB, rules, world });
    const ids = [await atBooth(), await atBooth(), await atBooth()];
    for (const id of ids) {
      await putInSlot(gsm, id, 0, "coins", 1_000);
      for (let slot = 1; slot < 6; slot++) await putInSlot(gsm, id, slot, "bronze_sword");
      await putInSlot(gsm, id, 6, "copper_arrows", 300);
      await putInSlot(gsm, id, 7, "bread", 50);
    }
    await gsm.syncAll();
    const before = await totalsInValkey(gsm, ids, []);
    const random = seededRandom(1414);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    const outcomes = new Map<string, number>();
    const actor = async (id: number, side: GameServices) => {
      for (let i = 0; i < 150; i++) {
        const roll = random();
        const result =
          roll < 0.25 ? await side.bank.deposit(id, pick([0, 1, 2, 6, 7, 9]), random() < 0.5 ? undefined : 1 + Math.floor(random() * 60))
          : roll < 0.5 ? await side.bank.withdraw(id, pick([0, 1, 2, 3, 4]), random() < 0.5 ? undefined : 1 + Math.floor(random() * 60))
          : roll < 0.6 ? await side.bank.depositAll(id)
          : roll < 0.75 ? await side.bank.move(id, pick([0, 1, 2, 3]), pick([0, 1, 2, 3, 4, 5]))
          : await side.inventory.moveItem(id, pick([0, 1, 2, 3, 6, 7]), pick([0, 4, 8, 9, 27]));
        const code = codeOf(result) ?? "?";
        outcomes.set(code, (outcomes.get(code) ?? 0) + 1);
        if (i % 30 === 0) await (random() < 0.5 ? gsm : gsmB).syncAll();
      }
    };
    await Promise.all(ids.flatMap((id) => [actor(id, services), actor(id, other)]));
    assert.ok((outcomes.get("ok") ?? 0) > 250, JSON.stringify(Object.fromEntries(outcomes)));
    assert.equal(outcomes.get("UNAVAILABLE") ?? 0, 0);
    assert.deepEqual(await totalsInValkey(gsm, ids, []), before);
    await gsmB.syncAll();
    assert.deepEqual(await totalsInPostgres(stores.prisma), before);
  });
});
