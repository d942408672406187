import assert from "node:assert/strict";
import { createServices, type GameServices } from "../../src/services/createServices.js";
import type { OfferEntry } from "../../src/services/rules/tradeRules.js";
import type { TradeParty } from "../../src/services/TradeService.js";
import type { GameStateManager } from "../../src/state/GameStateManager.js";
import { createAccount, createOnlinePlayer, fillInventory, itemNamed, putInSlot, serviceTestRules, testClock } from "../support/factories.js";
import { totalsInValkey } from "../support/itemTotals.js";
import { openTestStores, type TestStores } from "../support/stores.js";

describe("TradeService", () => {
  let stores: TestStores;
  let gsm: GameStateManager;
  let services: GameServices;
  const rules = serviceTestRules();
  const coins = itemNamed("coins");
  const helm = itemNamed("copper_helm");
  const bread = itemNamed("bread");
  const codeOf = (result: { ok: boolean; code?: string }) => (result.ok ? "ok" : result.code);

  beforeEach(async () => {
    stores = await openTestStores();
    gsm = stores.newGsm({ now: testClock().now });
    services = createServices({ gsm, rules });
  });
  afterEach(async () => stores.close());

  /** Two players 3 tiles apart in town: A with 100 coins in slot 0 and a copper helm in slot 1, B with 10 bread in slot 0. */
  const pair = async () => {
    const a = await createOnlinePlayer(gsm, { mapId: "town", x: 10, y: 10 });
    const b = await createOnlinePlayer(gsm, { mapId: "town", x: 13, y: 12 });
    await putInSlot(gsm, a.id, 0, "coins", 100);
    await putInSlot(gsm, a.id, 1, "copper_helm");
    await putInSlot(gsm, b.id, 0, "bread", 10);
    return { a, b };
  };
  const entry = (slot: number, itemId: number, quantity: number, durability: number | null = null): OfferEntry => ({ slot, itemId, quantity, durability });
  const party = (account: { id: number; username: string }, offer: OfferEntry[]): TradeParty => ({ playerId: account.id, username: account.username, offer });
  const stacksOf = async (id: number) => Object.fromEntries([...(await gsm.fields.getInventory(id))].map(([slot, s]) => [slot, [s.itemId, s.quantity]]));

  it("moves both offers in one commit, each from the slots it was offered from into the lowest free slots", async () => {
    const { a, b } = await pair();
    const done = await services.trades.complete([party(a, [entry(0, coins.id, 40), entry(1, helm.id, 1, helm.maxDurability)]), party(b, [entry(0, bread.id, 4)])]);
    assert.equal(codeOf(done), "ok");
    assert.deepEqual(await stacksOf(a.id), { 0: [coins.id, 60], 1: [bread.id, 4] });
    assert.deepEqual(await stacksOf(b.id), { 0: [bread.id, 6], 1: [coins.id, 40], 2: [helm.id, 1] });
  });

  it("refuses with ITEM_GONE when an offered item was dropped, equipped or moved, and moves nothing", async () => {
    const { a, b } = await pair();
    const offerA = [entry(1, helm.id, 1, helm.maxDurability)];
    const before = await totalsInValkey(gsm, [a.id, b.id], ["town"]);
    for (const change of [
      () => services.inventory.moveItem(a.id, 1, 7),
      () => services.inventory.moveItem(a.id, 7, 1).then(() => services.equipment.equip(a.id, 1)),
      () => services.equipment.unequip(a.id, "head").then(() => services.groundItems.drop(a.id, 1)),
    ]) {
      assert.equal(codeOf(await change()), "ok");
      const snapshots = [await stacksOf(a.id), await stacksOf(b.id)];
      const refused = await services.trades.complete([party(a, offerA), party(b, [entry(0, bread.id, 10)])]);
      assert.equal(codeOf(refused), "ITEM_GONE");
      assert.match(refused.ok ? "" : refused.message, new RegExp(a.username));
      assert.deepEqual([await stacksOf(a.id), await stacksOf(b.id)], snapshots, "nothing moved");
    }
    assert.deepEqual(await totalsInValkey(gsm, [a.id, b.id], ["town"]), before, "no item created or destroyed");
  });

  it("refuses with INVENTORY_FULL, naming whose inventory, when one cannot take its side", async () => {
    const { a, b } = await pair();
    await fillInventory(gsm, b.id);
    const refused = await services.trades.complete([party(a, [entry(0, coins.id, 1)]), party(b, [])]);
    assert.equal(codeOf(refused), "INVENTORY_FULL");
    assert.match(refused.ok ? "" : refused.message, new RegExp(`${b.username}'s inventory`));
    assert.deepEqual((await stacksOf(a.id))[0], [coins.id, 100]);
  });

  it("refuses players too far apart or on different maps (TOO_FAR), a dead player (DEAD) and one not loaded (NOT_FOUND)", async () => {
    const { a, b } = await pair();
    const trade = () => services.trades.complete([party(a, [entry(0, coins.id, 1)]), party(b, [])]);
    assert.equal((await gsm.fields.setPlayerPosition(b.id, 10 + rules.tradeReachTiles + 1, 10, "town")), undefined);
    assert.equal(codeOf(await trade()), "TOO_FAR");
    assert.equal((await gsm.fields.setPlayerPosition(b.id, 10 + rules.tradeReachTiles, 10, "town")), undefined);
    assert.equal(codeOf(await trade()), "ok", "exactly at the reach");
    assert.equal(codeOf(await services.hp.dealDamage(b.id, 100)), "ok");
    assert.equal(codeOf(await trade()), "DEAD");
    const c = await createAccount(gsm, { mapId: "town", x: 11, y: 11 });
    assert.equal(codeOf(await services.trades.complete([party(a, []), party(c, [])])), "NOT_FOUND");
  });

  it("conserves every item when a trade races the offering player's own changes from another process", async () => {
    const other = createServices({ gsm: stores.newGsm(), rules });
    for (let round = 0; round < 10; round++) {
      const { a, b } = await pair();
      const before = await totalsInValkey(gsm, [a.id, b.id], ["town"]);
      const [traded, dropped] = await Promise.all([
        services.trades.complete([party(a, [entry(0, coins.id, 100)]), party(b, [entry(0, bread.id, 10)])]),
        round % 2 === 0 ? other.groundItems.drop(a.id, 0, 1) : other.inventory.moveItem(a.id, 0, 5),
      ]);
      // Whichever committed first wins: the trade (the change then finds the bread it received in slot 0) or the
      // change (the trade then finds an offered item gone).
      assert.deepEqual([codeOf(traded), codeOf(dropped)], traded.ok ? ["ok", "ok"] : ["ITEM_GONE", "ok"], `round ${round}`);
      const after = await totalsInValkey(gsm, [a.id, b.id], ["town"]);
      assert.deepEqual(after, before, `round ${round}: every item once`);
      const coinsOfB = [...(await gsm.fields.getInventory(b.id)).values()].filter((s) => s.itemId === coins.id).reduce((n, s) => n + s.quantity, 0);
      assert.equal(coinsOfB, traded.ok ? 100 : 0, `round ${round}: all or nothing`);
    }
  });
});
