import assert from "node:assert/strict";
import { loadMaps } from "../../src/content/loadMaps.js";
import type { CommandResult, ShopView } from "../../src/protocol/index.js";
import type { MapState, PersonalState } from "../../src/schema/MapState.js";
import { EconomyController } from "../../client/src/app/EconomyController.js";
import { TradeController } from "../../client/src/app/TradeController.js";
import { acceptingWalker } from "../support/clientWalker.js";

const town = loadMaps().get("town")!;
const SHOP: ShopView = { id: "general_store", name: "General store", general: true, items: [{ itemId: 1, stock: 5, normalStock: 5, buyPrice: 10, sellPrice: 4 }] };

/** A stand-in for the room: the town's booths, a shopkeeper and another player; every command accepted. */
function harness(start: { x: number; y: number }) {
  let nowMs = 0;
  const me = { id: 1, username: "ann", x: start.x, y: start.y, dead: false };
  const bob = { id: 2, username: "bob", x: start.x + 20, y: start.y, dead: false };
  const npcs = new Map([["7", { id: 7, kind: "shopkeeper", x: 17, y: 19, hp: 10 }]]);
  const personal = { bank: new Map(), inventory: new Map() } as unknown as PersonalState;
  const state = { mapId: "town", npcs, players: new Map([["1", me], ["2", bob]]) } as unknown as MapState;
  const sent: { type: string; payload: Record<string, unknown> }[] = [];
  const notices: string[] = [];
  const walker = acceptingWalker(town, me, () => nowMs);
  const send = (type: string, payload: Record<string, unknown>): Promise<CommandResult> => {
    sent.push({ type, payload });
    return Promise.resolve({ seq: 0, type, ok: true, ...(type === "shop:buy" ? { data: { quantity: 2, cost: 20 } } : {}) });
  };
  let shopLoads = 0;
  const economy = new EconomyController({
    state: () => state,
    me: () => me as never,
    personal: () => personal,
    booths: () => town.banks,
    rules: () => ({ bankReachTiles: 1, shopReachTiles: 2 }),
    kind: (kind) => (kind === "shopkeeper" ? ({ kind, displayName: "Shopkeeper", shop: "general_store" } as never) : undefined),
    item: () => ({ displayName: "Bread" }) as never,
    walker,
    send,
    explain: () => undefined,
    notice: (words) => notices.push(words),
    fetchShop: (id) => {
      shopLoads++;
      return Promise.resolve({ ...SHOP, id });
    },
    changed: () => undefined,
  });
  const trading = new TradeController({
    state: () => state, me: () => me as never, rules: () => ({ tradeReachTiles: 10 }), walker, send, explain: () => undefined,
    notice: (words) => notices.push(words), now: () => nowMs, changed: () => undefined,
  });
  const run = async (maxMs: number, done: () => boolean) => {
    for (let t = 0; t < maxMs && !done(); t += 16) {
      walker.update();
      economy.update();
      for (let i = 0; i < 4; i++) await Promise.resolve();
      nowMs += 16;
    }
  };
  return { me, bob, sent, notices, economy, trading, run, shopLoads: () => shopLoads };
}

describe("client: bank and shops (EconomyController) and trade (TradeController)", () => {
  it("walks within reach of a bank booth, opens the bank, and closes it when the player walks away", async () => {
    const h = harness({ x: 32, y: 32 });
    h.economy.useBooth({ x: 28, y: 29 });
    assert.equal(h.economy.describe(), "Going to the bank booth");
    await h.run(5_000, () => h.economy.open !== null);
    assert.deepEqual(h.economy.open, { type: "bank" });
    assert.ok(Math.max(Math.abs(h.me.x - 28), Math.abs(h.me.y - 29)) <= 1);
    await h.economy.withdraw(0, 3);
    assert.deepEqual(h.sent.at(-1), { type: "bank:withdraw", payload: { bankSlot: 0, quantity: 3 } });
    h.me.x += 3;
    h.economy.update();
    assert.equal(h.economy.open, null);
    assert.equal(h.notices.at(-1), "You walked away from the bank.");
  });

  it("walks up to a shopkeeper, opens its shop with the stock, and loads the stock again after a buy", async () => {
    const h = harness({ x: 24, y: 24 });
    assert.equal(h.economy.shopOf(7), "general_store");
    h.economy.useShopkeeper(7);
    await h.run(5_000, () => h.economy.shop !== null);
    assert.deepEqual(h.economy.open, { type: "shop", npcId: 7, shopId: "general_store" });
    assert.equal(h.economy.shop?.name, "General store");
    await h.economy.buy(1, 3);
    assert.deepEqual(h.sent.at(-1), { type: "shop:buy", payload: { npcId: 7, itemId: 1, quantity: 3 } });
    assert.equal(h.notices.at(-1), "You buy 2 x Bread for 20 coins (all you could).");
    await h.run(100, () => h.shopLoads() === 2);
    assert.equal(h.shopLoads(), 2);
  });

  it("walks within the trade reach of a player and asks them; shows a request and the trade until it ends", async () => {
    const h = harness({ x: 10, y: 24 });
    h.trading.request(2);
    await h.run(5_000, () => h.sent.some((s) => s.type === "trade:request"));
    assert.deepEqual(h.sent.filter((s) => s.type !== "move"), [{ type: "trade:request", payload: { playerId: 2 } }]);
    assert.ok(Math.max(Math.abs(h.me.x - h.bob.x), Math.abs(h.me.y - h.bob.y)) <= 10);
    h.trading.onTradeRequest({ from: { id: 2, username: "bob" } });
    assert.deepEqual(h.trading.pendingRequests().map((r) => r.from.username), ["bob"]);
    const open = { state: "open" as const, with: { id: 2, username: "bob" }, mine: [], theirs: [], myConfirmed: false, theirConfirmed: false };
    h.trading.onTrade(open);
    assert.equal(h.trading.trade, open);
    assert.deepEqual(h.trading.pendingRequests(), []);
    h.trading.onTrade({ ...open, state: "cancelled", reason: "TOO_FAR" });
    assert.equal(h.trading.trade, null);
    assert.equal(h.notices.at(-1), "The trade with bob ended: you are too far apart.");
  });
});
