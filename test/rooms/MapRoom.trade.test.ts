import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import type { GameMap } from "../../src/content/GameMap.js";
import type { CommandResult, TradeMessage, TradeRequestMessage } from "../../src/protocol/index.js";
import { chebyshev, type Tile } from "../../src/services/rules/distance.js";
import { fighter, patiently, place, type Fighter } from "../support/combat.js";
import { itemNamed } from "../support/factories.js";
import { totalsInValkey } from "../support/itemTotals.js";
import { command, joinMap, personalIn, registerPlayer, startTestServer, waitFor as waitForSoon, type TestServer } from "../support/server.js";

/** The machine is shared and loaded: wait for what the server shows with a generous bound. */
const waitFor = (predicate: () => boolean | Promise<boolean>, what: string) => waitForSoon(predicate, what, 20_000);

/** A joined admin with every `trade` and `tradeRequest` message it received. */
interface Trader extends Fighter {
  trades: TradeMessage[];
  requests: TradeRequestMessage[];
}

/**
 * Player-to-player trade through real SDK clients: every `trade:*` command's success and failure codes, the
 * `trade` and `tradeRequest` messages, the ways a trade ends, and the conservation of items when either side
 * changes its inventory or leaves while a trade completes.
 */
describe("MapRoom: trade", function () {
  this.timeout(90_000);
  let server: TestServer;
  let town: GameMap;
  const admins = Array.from({ length: 60 }, (_, i) => `tr${randomBytes(3).toString("hex")}_${i}`);
  let nextAdmin = 0;
  const ID = { coins: itemNamed("coins").id, dagger: itemNamed("copper_dagger").id, shield: itemNamed("wooden_shield").id, bread: itemNamed("bread").id };

  before(async () => {
    server = await startTestServer({ ADMIN_USERNAMES: admins.join(",") });
    town = server.runtime.world.get("town")!;
  });
  after(async () => server.close());

  /** A new admin (the starter kit: dagger 0, shield 1, 25 coins 2, 5 bread 3) on `tile` (default: the town's spawn). */
  async function join(tile: Tile = town.spawn): Promise<Trader> {
    const player = await registerPlayer(server, admins[nextAdmin++]);
    const f = fighter(player, await joinMap(player));
    const t: Trader = Object.assign(f, { trades: [] as TradeMessage[], requests: [] as TradeRequestMessage[] });
    t.room.onMessage("trade", (m: TradeMessage) => t.trades.push(m));
    t.room.onMessage("tradeRequest", (m: TradeRequestMessage) => t.requests.push(m));
    await place(t, tile.x, tile.y);
    return t;
  }
  /** Two admins on `tile` (default: the spawn) in an open trade (A asked, B accepted). */
  async function openTrade(tile?: Tile): Promise<[Trader, Trader]> {
    const a = await join(tile);
    const b = await join(tile);
    assert.equal(codeOf(await patiently(a.room, "trade:request", { playerId: b.id })), "ok");
    await waitFor(() => b.requests.length > 0, "the request");
    assert.equal(codeOf(await patiently(b.room, "trade:accept", { playerId: a.id })), "ok");
    await waitFor(() => lastTrade(a)?.state === "open" && lastTrade(b)?.state === "open", "the trade open for both");
    return [a, b];
  }
  const codeOf = (r: CommandResult) => (r.ok ? "ok" : r.code);
  const lastTrade = (t: Trader) => t.trades.at(-1);
  const inventoryOf = (t: Trader) =>
    Object.fromEntries([...personalIn(t.room, t.id).inventory.entries()].map(([k, s]) => [k, [s.itemId, s.quantity]]));
  // The traders' own items (inventory, equipment, bank): a trade never touches the ground, where items that
  // earlier tests dropped despawn on their own clock.
  const totals = (...ts: Trader[]) => totalsInValkey(server.runtime.gsm!, ts.map((t) => t.id), []);
  /** A walkable tile without a portal next to the town's first bank booth. */
  const atBooth = (): Tile => {
    const booth = town.banks[0]!;
    for (const [dx, dy] of [[0, 1], [1, 0], [0, -1], [-1, 0], [1, 1], [-1, 1], [1, -1], [-1, -1]] as const) {
      const t = { x: booth.x + dx, y: booth.y + dy };
      if (!town.isBlocked(t.x, t.y) && !town.portalAt(t.x, t.y)) return t;
    }
    throw new Error("no walkable tile by the booth");
  };
  /** A walkable tile without a portal between `min` and `max` tiles (Chebyshev) from the spawn. */
  const tileAway = (min: number, max: number): Tile => {
    for (let y = 0; y < town.height; y++) {
      for (let x = 0; x < town.width; x++) {
        const d = chebyshev({ x, y }, town.spawn);
        if (d >= min && d <= max && !town.isBlocked(x, y) && !town.portalAt(x, y)) return { x, y };
      }
    }
    throw new Error(`no tile ${min}..${max} from the spawn`);
  };

  it("requests, accepts, offers, confirms and completes: both inventories change in the patch of the last result", async () => {
    const [a, b] = await openTrade();
    assert.deepEqual(b.requests, [{ from: { id: a.id, username: a.username } }]);
    assert.deepEqual(lastTrade(a), { state: "open", with: { id: b.id, username: b.username }, mine: [], theirs: [], myConfirmed: false, theirConfirmed: false });
    assert.equal(codeOf(await patiently(a.room, "trade:offer", { slot: 2, quantity: 20 })), "ok");
    assert.equal(codeOf(await patiently(b.room, "trade:offer", { slot: 0 })), "ok");
    await waitFor(() => lastTrade(a)?.theirs.length === 1 && lastTrade(b)?.theirs.length === 1, "both offers shown");
    assert.deepEqual(lastTrade(b)?.theirs, [{ itemId: ID.coins, quantity: 20, durability: null }]);
    assert.deepEqual(lastTrade(a)?.theirs, [{ itemId: ID.dagger, quantity: 1, durability: itemNamed("copper_dagger").maxDurability }]);
    const first = await patiently(a.room, "trade:confirm");
    assert.deepEqual([first.ok, first.data], [true, { completed: false }]);
    await waitFor(() => lastTrade(b)?.theirConfirmed === true, "A's confirmation shown to B");
    const before = await totals(a, b);
    const second = await patiently(b.room, "trade:confirm");
    assert.deepEqual([second.ok, second.data], [true, { completed: true }]);
    assert.deepEqual(inventoryOf(b), { 1: [ID.shield, 1], 2: [ID.coins, 45], 3: [ID.bread, 5] }, "coins top up the stack B holds");
    await waitFor(() => lastTrade(a)?.state === "completed", "completed shown to A");
    assert.deepEqual(inventoryOf(a), { 0: [ID.dagger, 1], 1: [ID.shield, 1], 2: [ID.coins, 5], 3: [ID.bread, 5], 4: [ID.dagger, 1] });
    assert.equal(lastTrade(b)?.state, "completed");
    assert.deepEqual(await totals(a, b), before, "no item created or destroyed");
    assert.equal(codeOf(await patiently(a.room, "trade:cancel")), "NOT_TRADING", "the trade is over");
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    assert.match(metrics, /^rpg_trades_total\{outcome="completed"\} [1-9]/m);
  });

  it("refuses trade:request and trade:accept with NOT_FOUND, TOO_FAR and BUSY", async () => {
    const [a, b] = await openTrade();
    const c = await join();
    assert.equal(codeOf(await patiently(c.room, "trade:request", { playerId: 999_999 })), "NOT_FOUND");
    assert.equal(codeOf(await patiently(c.room, "trade:request", { playerId: a.id })), "BUSY");
    assert.equal(codeOf(await patiently(a.room, "trade:request", { playerId: c.id })), "BUSY");
    assert.equal(codeOf(await patiently(c.room, "trade:accept", { playerId: b.id })), "NOT_FOUND", "no request from B");
    assert.equal(codeOf(await patiently(c.room, "trade:request", { playerId: c.id })), "INVALID_PAYLOAD");
    assert.equal(codeOf(await patiently(c.room, "trade:request", { playerId: "x" })), "INVALID_PAYLOAD");
    const d = await join();
    assert.equal(codeOf(await patiently(d.room, "trade:request", { playerId: c.id })), "ok");
    assert.equal(codeOf(await patiently(a.room, "trade:cancel")), "ok");
    assert.equal(codeOf(await patiently(a.room, "trade:request", { playerId: c.id })), "ok");
    assert.equal(codeOf(await patiently(c.room, "trade:accept", { playerId: a.id })), "ok");
    assert.equal(codeOf(await patiently(c.room, "trade:accept", { playerId: d.id })), "BUSY");
    const far = tileAway(11, 20);
    await place(d, far.x, far.y);
    assert.equal(codeOf(await patiently(d.room, "trade:request", { playerId: b.id })), "TOO_FAR");
    assert.equal(codeOf(await patiently(b.room, "trade:request", { playerId: d.id })), "TOO_FAR");
    const near = tileAway(1, 10);
    await place(d, near.x, near.y);
    assert.equal(codeOf(await patiently(b.room, "trade:request", { playerId: d.id })), "ok");
    await place(d, far.x, far.y);
    assert.equal(codeOf(await patiently(d.room, "trade:accept", { playerId: b.id })), "TOO_FAR");
  });

  it("refuses trade:offer, trade:withdraw, trade:confirm and trade:cancel outside a trade (NOT_TRADING) and bad slots and quantities", async () => {
    const a = await join();
    for (const [type, payload] of [["trade:offer", { slot: 0 }], ["trade:withdraw", { index: 0 }], ["trade:confirm", {}], ["trade:cancel", {}]] as const) {
      assert.equal(codeOf(await patiently(a.room, type, payload)), "NOT_TRADING", type);
    }
    const [b, c] = await openTrade();
    assert.equal(codeOf(await patiently(b.room, "trade:offer", { slot: 28 })), "INVALID_SLOT");
    assert.equal(codeOf(await patiently(b.room, "trade:offer", { slot: 9 })), "SLOT_EMPTY");
    assert.equal(codeOf(await patiently(b.room, "trade:offer", { slot: 2, quantity: 26 })), "INVALID_PAYLOAD");
    assert.equal(codeOf(await patiently(b.room, "trade:offer", { slot: 2, quantity: 20 })), "ok");
    assert.equal(codeOf(await patiently(b.room, "trade:offer", { slot: 2, quantity: 6 })), "INVALID_PAYLOAD", "counting what is offered");
    assert.equal(codeOf(await patiently(b.room, "trade:offer", { slot: 2, extra: 1 })), "INVALID_PAYLOAD");
    assert.equal(codeOf(await patiently(b.room, "trade:withdraw", { index: 1 })), "INVALID_SLOT");
    assert.equal(codeOf(await patiently(b.room, "trade:withdraw", { index: 0, quantity: 21 })), "INVALID_PAYLOAD");
    assert.equal(codeOf(await patiently(b.room, "trade:withdraw", { index: 0, quantity: 5 })), "ok");
    await waitFor(() => lastTrade(c)?.theirs[0]?.quantity === 15, "the withdrawal shown to the other");
    assert.equal(codeOf(await patiently(c.room, "trade:cancel")), "ok");
    await waitFor(() => lastTrade(b)?.state === "cancelled", "cancelled shown to both");
    assert.equal(lastTrade(b)?.reason, "CANCELLED");
  });

  for (const [change, act] of [
    ["drops", (t: Trader) => patiently(t.room, "inventory:drop", { slot: 0 })],
    ["equips", (t: Trader) => patiently(t.room, "equip", { slot: 0 })],
    ["moves", (t: Trader) => patiently(t.room, "inventory:move", { from: 0, to: 10 })],
    ["banks", (t: Trader) => patiently(t.room, "bank:deposit", { slot: 0 })],
  ] as const) {
    it(`refuses the completion with ITEM_GONE when one side ${change} its offered item after confirming, and moves nothing`, async () => {
      // At a bank booth, so that banking is in reach.
      const [a, b] = await openTrade(atBooth());
      assert.equal(codeOf(await patiently(a.room, "trade:offer", { slot: 0 })), "ok");
      assert.equal(codeOf(await patiently(b.room, "trade:offer", { slot: 2 })), "ok");
      assert.equal(codeOf(await patiently(a.room, "trade:confirm")), "ok");
      assert.equal(codeOf(await act(a)), "ok");
      const [inventoryA, inventoryB, before] = [inventoryOf(a), inventoryOf(b), await totals(a, b)];
      const refused = await patiently(b.room, "trade:confirm");
      assert.equal(codeOf(refused), "ITEM_GONE");
      assert.match(refused.message ?? "", new RegExp(a.username));
      await waitFor(() => lastTrade(a)?.reason === "ITEM_GONE", "the refusal shown to the other");
      assert.deepEqual(lastTrade(b), { ...lastTrade(b)!, state: "open", myConfirmed: false, theirConfirmed: false, reason: "ITEM_GONE" });
      assert.deepEqual([inventoryOf(a), inventoryOf(b)], [inventoryA, inventoryB], "nothing moved");
      assert.deepEqual(await totals(a, b), before);
      assert.equal(codeOf(await patiently(a.room, "trade:withdraw", { index: 0 })), "ok", "the trade stays open");
    });
  }

  it("refuses the completion with INVENTORY_FULL naming the inventory that cannot take its side", async () => {
    const [a, b] = await openTrade();
    assert.equal(codeOf(await patiently(b.room, "admin:give", { itemId: itemNamed("copper_helm").id, quantity: 24 })), "ok");
    assert.equal(codeOf(await patiently(a.room, "trade:offer", { slot: 0 })), "ok");
    assert.equal(codeOf(await patiently(a.room, "trade:confirm")), "ok");
    const refused = await patiently(b.room, "trade:confirm");
    assert.equal(codeOf(refused), "INVENTORY_FULL");
    assert.match(refused.message ?? "", new RegExp(`${b.username}'s inventory`));
    assert.equal(lastTrade(b)?.reason, "INVENTORY_FULL");
  });

  it("ends the trade for both when either moves out of reach, dies, changes map or leaves", async () => {
    const cases: Array<[string, (a: Trader) => Promise<unknown>]> = [
      ["TOO_FAR", async (a) => { const far = tileAway(11, 20); await place(a, far.x, far.y); }],
      ["DEAD", (a) => patiently(a.room, "admin:damage", { amount: 1_000 })],
      ["LEFT", (a) => patiently(a.room, "admin:teleport", { mapId: "forest", x: 10, y: 40 })],
      ["LEFT", (a) => a.room.leave()],
    ];
    for (const [reason, end] of cases) {
      const [a, b] = await openTrade();
      await end(a);
      await waitFor(() => lastTrade(b)?.state === "cancelled", `${reason}: cancelled`);
      assert.equal(lastTrade(b)?.reason, reason);
      assert.equal(codeOf(await patiently(b.room, "trade:confirm")), "NOT_TRADING");
    }
  });

  it("keeps every item exactly once when one side changes its offer while the other confirms", async () => {
    for (let round = 0; round < 4; round++) {
      const [a, b] = await openTrade();
      assert.equal(codeOf(await patiently(a.room, "trade:offer", { slot: 2, quantity: 10 })), "ok");
      assert.equal(codeOf(await patiently(b.room, "trade:offer", { slot: 3 })), "ok");
      assert.equal(codeOf(await patiently(a.room, "trade:confirm")), "ok");
      await waitFor(() => lastTrade(b)?.theirConfirmed === true, "A confirmed");
      const before = await totals(a, b);
      const [confirmed, offered] = await Promise.all([command(b.room, "trade:confirm"), command(a.room, "trade:offer", { slot: 2, quantity: 5 })]);
      // Either the confirmation came first (the trade completed with 10 coins; the offer found no trade), or
      // the offer did (both confirmations cleared; nothing moved).
      const completed = confirmed.ok && (confirmed.data as { completed: boolean }).completed;
      assert.deepEqual([codeOf(confirmed), codeOf(offered)], completed ? ["ok", "NOT_TRADING"] : ["ok", "ok"], `round ${round}`);
      await waitFor(() => (lastTrade(a)?.state === "completed") === completed, "the outcome shown");
      const coinsOfB = Object.values(inventoryOf(b)).filter(([id]) => id === ID.coins).reduce((n, [, q]) => n + q!, 0);
      assert.equal(coinsOfB, completed ? 35 : 25, `round ${round}`);
      assert.deepEqual(await totals(a, b), before, `round ${round}: every item once`);
      if (!completed) assert.equal(codeOf(await patiently(a.room, "trade:cancel")), "ok");
    }
  });

  it("keeps every item exactly once when a player leaves or drops while the trade completes", async () => {
    for (const leaving of ["leave", "drop"] as const) {
      const [a, b] = await openTrade();
      assert.equal(codeOf(await patiently(a.room, "trade:offer", { slot: 2 })), "ok");
      assert.equal(codeOf(await patiently(b.room, "trade:offer", { slot: 0 })), "ok");
      assert.equal(codeOf(await patiently(a.room, "trade:confirm")), "ok");
      await waitFor(() => lastTrade(b)?.theirConfirmed === true, "A confirmed");
      const before = await totals(a, b);
      const confirming = command(b.room, "trade:confirm");
      if (leaving === "leave") await a.room.leave();
      else a.room.connection.close();
      const confirmed = await confirming;
      assert.ok(confirmed.ok || confirmed.code === "NOT_FOUND" || confirmed.code === "NOT_TRADING", JSON.stringify(confirmed));
      await waitFor(() => ["completed", "cancelled"].includes(lastTrade(b)?.state ?? ""), "the trade over");
      if (leaving === "leave") await waitFor(async () => !(await server.runtime.gsm!.sessions.current(a.id)), "A saved and unloaded");
      // A's part is in PostgreSQL (saved on leave) or still in Valkey (dropped, in its reconnection window).
      const stored = leaving === "leave" ? await savedTotals(a.id) : await totalsInValkey(server.runtime.gsm!, [a.id], []);
      const afterB = await totalsInValkey(server.runtime.gsm!, [b.id], []);
      for (const id of [ID.coins, ID.dagger]) {
        assert.equal((stored[id] ?? 0) + (afterB[id] ?? 0), before[id], `${leaving}: item ${id} exactly once`);
      }
    }
  });

  async function savedTotals(playerId: number): Promise<Record<number, number>> {
    const rows = await server.runtime.stores!.prisma.playerInventorySlot.findMany({ where: { playerId } });
    const totals: Record<number, number> = {};
    for (const row of rows) totals[row.itemId] = (totals[row.itemId] ?? 0) + row.quantity;
    return totals;
  }
});
