import assert from "node:assert/strict";
import { createServices, type GameServices } from "../../src/services/createServices.js";
import type { ItemFlow } from "../../src/services/ItemFlow.js";
import type { Shopkeeper } from "../../src/services/ShopService.js";
import type { GameStateManager } from "../../src/state/GameStateManager.js";
import { createOnlinePlayer, fillInventory, itemNamed, putInSlot, serviceTestRules, testClock, type TestClock } from "../support/factories.js";
import { addTotals, totalQuantity, totalsInShops, totalsInValkey } from "../support/itemTotals.js";
import { openTestStores, type TestStores } from "../support/stores.js";

const RESTOCK_MS = 10_000;

/** Counts what the services report as created and destroyed, by source. */
function recordingFlow() {
  const counted = { created: new Map<string, number>(), destroyed: new Map<string, number>() };
  const flow: ItemFlow = {
    created: (source, n) => void counted.created.set(source, (counted.created.get(source) ?? 0) + n),
    destroyed: (sink, n) => void counted.destroyed.set(sink, (counted.destroyed.get(sink) ?? 0) + n),
  };
  return { flow, created: (s: string) => counted.created.get(s) ?? 0, destroyed: (s: string) => counted.destroyed.get(s) ?? 0 };
}

describe("ShopService", () => {
  let stores: TestStores;
  let clock: TestClock;
  let gsm: GameStateManager;
  let services: GameServices;
  let flow: ReturnType<typeof recordingFlow>;
  const rules = serviceTestRules({ SHOP_RESTOCK_MS: String(RESTOCK_MS) });
  const coins = itemNamed("coins");
  const net = itemNamed("small_fishing_net");
  const pot = itemNamed("lobster_pot");
  const bread = itemNamed("bread");
  const trout = itemNamed("raw_trout");
  const keeper: Shopkeeper = { shopId: "general_store", x: 20, y: 20 };
  const smith: Shopkeeper = { shopId: "blacksmith", x: 20, y: 20 };
  const codeOf = (result: { ok: boolean; code?: string }) => (result.ok ? "ok" : result.code);

  beforeEach(async () => {
    stores = await openTestStores();
    // On a restock period's boundary, so that each advance of RESTOCK_MS is exactly one period.
    clock = testClock(1_000 * RESTOCK_MS);
    gsm = stores.newGsm({ now: clock.now });
    flow = recordingFlow();
    services = createServices({ gsm, rules, itemFlow: flow.flow });
  });
  afterEach(async () => stores.close());

  /** A player next to the shopkeeper (Chebyshev 2) with `gold` coins in slot 0. */
  const customer = async (gold: number, on = gsm) => {
    const id = (await createOnlinePlayer(on, { mapId: "town", x: keeper.x + 2, y: keeper.y - 2 })).id;
    if (gold > 0) await putInSlot(on, id, 0, "coins", gold);
    return id;
  };
  const stockOf = async (shopId: string, itemId: number) => {
    const shop = await services.shops.describe(shopId);
    assert.ok(shop.ok);
    return shop.data.items.find((i) => i.itemId === itemId);
  };

  it("describes a shop's live stock with the prices a player pays and gets", async () => {
    const shop = await services.shops.describe("general_store");
    assert.ok(shop.ok);
    assert.deepEqual([shop.data.id, shop.data.name, shop.data.general], ["general_store", "General store", true]);
    assert.deepEqual(shop.data.items[0], {
      itemId: net.id, stock: 5, normalStock: 5, buyPrice: net.value, sellPrice: Math.floor(net.value * 0.4),
    });
    assert.equal(shop.data.items.length, 10);
    assert.deepEqual(await services.shops.describe("atlantis_outlet"), { ok: false, code: "NOT_FOUND", message: 'there is no shop "atlantis_outlet"' });
  });

  it("sells at the item's value, as many as asked when stock, coins and room allow", async () => {
    const id = await customer(100);
    const bought = await services.shops.buy(id, keeper, net.id, 2);
    assert.deepEqual(bought, { ok: true, data: { quantity: 2, cost: 2 * net.value } });
    const inventory = (await gsm.readPlayer(id))!.inventory;
    assert.deepEqual(inventory.get(0), { itemId: coins.id, quantity: 100 - 2 * net.value, durability: null });
    assert.deepEqual([inventory.get(1), inventory.get(2)].map((s) => [s?.itemId, s?.durability]), [[net.id, net.maxDurability], [net.id, net.maxDurability]]);
    assert.equal((await stockOf("general_store", net.id))?.stock, 3);
    assert.deepEqual([flow.created("shop"), flow.destroyed("shop")], [0, 2 * net.value], "the coins paid leave the world");
  });

  it("sells as many as the stock allows, then refuses with OUT_OF_STOCK until it restocks one per period", async () => {
    const id = await customer(10_000);
    assert.deepEqual(await services.shops.buy(id, keeper, pot.id, 99), { ok: true, data: { quantity: 3, cost: 3 * pot.value } });
    assert.equal(codeOf(await services.shops.buy(id, keeper, pot.id, 1)), "OUT_OF_STOCK");
    clock.advance(RESTOCK_MS - 1);
    assert.equal((await stockOf("general_store", pot.id))?.stock, 0);
    clock.advance(1);
    assert.equal((await stockOf("general_store", pot.id))?.stock, 1);
    clock.advance(5 * RESTOCK_MS);
    assert.equal((await stockOf("general_store", pot.id))?.stock, 3, "never above the normal stock");
    assert.deepEqual(await services.shops.buy(id, keeper, pot.id, 1), { ok: true, data: { quantity: 1, cost: pot.value } });
    assert.equal(flow.created("shop"), 3, "the restocked units are counted when the trade stores them");
  });

  it("refuses with NOT_ENOUGH_COINS, INVENTORY_FULL, NOT_FOUND (an item it does not sell) and TOO_FAR", async () => {
    assert.equal(codeOf(await services.shops.buy(await customer(net.value - 1), keeper, net.id, 1)), "NOT_ENOUGH_COINS");
    const full = await customer(100);
    await fillInventory(gsm, full);
    assert.equal(codeOf(await services.shops.buy(full, keeper, net.id, 1)), "INVENTORY_FULL");
    assert.equal(codeOf(await services.shops.buy(await customer(100), keeper, trout.id, 1)), "NOT_FOUND");
    const far = (await createOnlinePlayer(gsm, { mapId: "town", x: keeper.x + 3, y: keeper.y })).id;
    await putInSlot(gsm, far, 0, "coins", 100);
    assert.equal(codeOf(await services.shops.buy(far, keeper, net.id, 1)), "TOO_FAR");
    assert.equal((await stockOf("general_store", net.id))?.stock, 5, "no refusal changed the stock");
  });

  it("buys at 40% of the value rounded down; a general store buys anything but coins and quest items, then lets it fade", async () => {
    const id = await customer(0);
    await putInSlot(gsm, id, 3, "raw_trout", 10);
    await putInSlot(gsm, id, 4, "coins", 7);
    assert.deepEqual(await services.shops.sell(id, keeper, 3, 4), { ok: true, data: { quantity: 4, coins: 4 * Math.floor(trout.value * 0.4) } });
    assert.deepEqual(await stockOf("general_store", trout.id), {
      itemId: trout.id, stock: 4, normalStock: 0, buyPrice: trout.value, sellPrice: Math.floor(trout.value * 0.4),
    });
    assert.equal(codeOf(await services.shops.sell(id, keeper, 4)), "NOT_TRADEABLE");
    assert.equal(codeOf(await services.shops.sell(id, smith, 3)), "NOT_TRADEABLE", "the blacksmith buys only what it sells");
    assert.equal(codeOf(await services.shops.sell(id, keeper, 3, 7)), "INVALID_PAYLOAD", "more than held");
    assert.equal(codeOf(await services.shops.sell(id, keeper, 9)), "SLOT_EMPTY");
    assert.equal(codeOf(await services.shops.sell(id, keeper, 28)), "INVALID_SLOT");
    clock.advance(3 * RESTOCK_MS);
    assert.equal((await stockOf("general_store", trout.id))?.stock, 1);
    // The sale stores the stock: the three faded units are counted as destroyed then.
    assert.ok((await services.shops.sell(id, keeper, 3, 1)).ok);
    assert.equal(flow.destroyed("shop"), 3);
    clock.advance(10 * RESTOCK_MS);
    assert.equal(await stockOf("general_store", trout.id), undefined, "faded away");
    assert.equal(codeOf(await services.shops.buy(await customer(100), keeper, trout.id, 1)), "NOT_FOUND");
  });

  it("changes the world's item totals by exactly what it counts as created and destroyed", async () => {
    const ids = [await customer(3_000), await customer(3_000)];
    await putInSlot(gsm, ids[1]!, 5, "raw_trout", 30);
    const totals = async () => addTotals(await totalsInValkey(gsm, ids, []), await totalsInShops(gsm));
    const before = totalQuantity(await totals());
    for (let round = 0; round < 12; round++) {
      await services.shops.buy(ids[0]!, keeper, [net.id, pot.id, bread.id][round % 3]!, 2);
      await services.shops.sell(ids[1]!, keeper, 5, 2);
      await services.shops.sell(ids[0]!, keeper, 1);
      clock.advance(round % 2 === 0 ? RESTOCK_MS : 0);
    }
    const after = totalQuantity(await totals());
    assert.ok(flow.created("shop") > 0 && flow.destroyed("shop") > 0);
    assert.equal(after, before + flow.created("shop") - flow.destroyed("shop"));
  });

  it("never sells the same unit twice: two processes racing for a shop's last items", async function () {
    this.timeout(30_000);
    const gsmB = stores.newGsm({ now: clock.now });
    const other = createServices({ gsm: gsmB, rules, itemFlow: flow.flow });
    const rounds = 25;
    for (let round = 0; round < rounds; round++) {
      const buyers = [await customer(1_000), await customer(1_000, gsmB), await customer(1_000), await customer(1_000, gsmB)];
      const results = await Promise.all(buyers.map((id, i) => (i % 2 === 0 ? services : other).shops.buy(id, keeper, pot.id, 2)));
      const sold = results.reduce((sum, r) => sum + (r.ok ? r.data.quantity : 0), 0);
      assert.equal(sold, 3, `round ${round}: ${JSON.stringify(results)}`);
      assert.ok(results.every((r) => r.ok || r.code === "OUT_OF_STOCK"), JSON.stringify(results));
      const held = await Promise.all(buyers.map(async (id) => (await services.inventory.countItem(id, pot.id)) as { data: number }));
      assert.deepEqual(held.map((h) => h.data), results.map((r) => (r.ok ? r.data.quantity : 0)));
      clock.advance(3 * RESTOCK_MS);
    }
  });
});
