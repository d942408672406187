import assert from "node:assert/strict";
import type { TradeMessage } from "../../../src/protocol/index.js";
import { fail, ok, type Result } from "../../../src/services/results.js";
import { TradeBook, type TradeNotice, type TradeOutcome, type TradeStore, type Trader } from "../../../src/services/trade/TradeBook.js";
import type { TradeParty } from "../../../src/services/TradeService.js";
import type { Inventory } from "../../../src/state/types.js";
import { serviceTestRules, testClock, type TestClock } from "../../support/factories.js";

/** A store whose inventories are set by the test and whose completions wait until the test settles them. */
class FakeStore implements TradeStore {
  readonly inventories = new Map<number, Inventory>();
  readonly completions: Array<{ parties: readonly [TradeParty, TradeParty]; settle: (r: Result<void>) => void }> = [];

  inventoryOf(playerId: number): Promise<Result<Inventory>> {
    return Promise.resolve(ok(this.inventories.get(playerId) ?? new Map()));
  }

  complete(parties: readonly [TradeParty, TradeParty]): Promise<Result<void>> {
    return new Promise((settle) => this.completions.push({ parties, settle }));
  }
}

const COINS = 1;
const SWORD = 2;
const rules = serviceTestRules();
const flush = () => new Promise((r) => setImmediate(r));

describe("TradeBook", () => {
  let store: FakeStore;
  let clock: TestClock;
  let book: TradeBook;
  let outcomes: TradeOutcome[];
  const A: Trader = { id: 1, username: "alice", x: 10, y: 10, alive: true };
  const B: Trader = { id: 2, username: "bob", x: 12, y: 13, alive: true };
  const C: Trader = { id: 3, username: "carol", x: 11, y: 10, alive: true };
  const codeOf = (r: { ok: boolean; code?: string }) => (r.ok ? "ok" : r.code);
  /** The last `trade` message of `to` among `notices`. */
  const lastTrade = (notices: readonly TradeNotice[], to: number): TradeMessage | undefined =>
    notices.filter((n): n is Extract<TradeNotice, { type: "trade" }> => n.type === "trade" && n.to === to).at(-1)?.message;

  beforeEach(() => {
    store = new FakeStore();
    store.inventories.set(A.id, new Map([[0, { itemId: COINS, quantity: 50, durability: null }]]));
    store.inventories.set(B.id, new Map([[3, { itemId: SWORD, quantity: 1, durability: 90 }]]));
    clock = testClock();
    outcomes = [];
    book = new TradeBook({ store, rules, now: clock.now, onOutcome: (o) => outcomes.push(o) });
    for (const t of [A, B, C]) book.seen(t);
  });

  /** Alice asks, Bob accepts: an open trade. */
  const open = () => {
    const out: TradeNotice[] = [];
    assert.equal(codeOf(book.request(A.id, B.id, out)), "ok");
    assert.equal(codeOf(book.accept(B.id, A.id, out)), "ok");
    return out;
  };

  /** Alice confirms, then Bob: resolves once the completion is with the store, with Bob's pending confirmation. */
  const confirmBoth = async (out: TradeNotice[]) => {
    await book.confirm(A.id, out);
    const confirming = book.confirm(B.id, out);
    await flush();
    // In an array: an async function returning the promise itself would wait for it.
    return [confirming] as const;
  };

  describe("requests", () => {
    it("tells the requested player, and opens the trade for both when it accepts", () => {
      const out: TradeNotice[] = [];
      assert.equal(codeOf(book.request(A.id, B.id, out)), "ok");
      assert.deepEqual(out, [{ to: B.id, type: "tradeRequest", message: { from: { id: A.id, username: "alice" } } }]);
      out.length = 0;
      assert.equal(codeOf(book.accept(B.id, A.id, out)), "ok");
      assert.deepEqual(lastTrade(out, A.id), { state: "open", with: { id: B.id, username: "bob" }, mine: [], theirs: [], myConfirmed: false, theirConfirmed: false });
      assert.deepEqual(lastTrade(out, B.id)?.with, { id: A.id, username: "alice" });
      assert.ok(book.isTrading(A.id) && book.isTrading(B.id));
    });

    it("opens the trade at once when both asked each other", () => {
      const out: TradeNotice[] = [];
      book.request(A.id, B.id, out);
      assert.equal(codeOf(book.request(B.id, A.id, out)), "ok");
      assert.equal(lastTrade(out, A.id)?.state, "open");
    });

    it("refuses a player not on the map or dead (NOT_FOUND), yourself (INVALID_PAYLOAD), too far (TOO_FAR) and a trader (BUSY)", () => {
      const out: TradeNotice[] = [];
      assert.equal(codeOf(book.request(A.id, 99, out)), "NOT_FOUND");
      assert.equal(codeOf(book.request(A.id, A.id, out)), "INVALID_PAYLOAD");
      book.seen({ ...C, x: A.x + rules.tradeReachTiles + 1 });
      assert.equal(codeOf(book.request(A.id, C.id, out)), "TOO_FAR");
      book.seen({ ...C, x: A.x + rules.tradeReachTiles });
      assert.equal(codeOf(book.request(A.id, C.id, out)), "ok", "exactly at the reach");
      book.seen({ ...C, alive: false });
      assert.equal(codeOf(book.request(A.id, C.id, out)), "NOT_FOUND");
      book.seen(C);
      open();
      assert.equal(codeOf(book.request(C.id, A.id, out)), "BUSY");
      assert.equal(codeOf(book.request(A.id, C.id, out)), "BUSY");
      assert.deepEqual(out.filter((n) => n.type === "tradeRequest").length, 1, "only the accepted request was told");
    });

    it("accepts only a pending, fresh request from that player (NOT_FOUND otherwise), within reach and not busy", () => {
      const out: TradeNotice[] = [];
      assert.equal(codeOf(book.accept(B.id, A.id, out)), "NOT_FOUND", "no request");
      book.request(A.id, C.id, out);
      assert.equal(codeOf(book.accept(B.id, A.id, out)), "NOT_FOUND", "asked someone else");
      book.request(A.id, B.id, out);
      clock.advance(rules.tradeRequestTtlMs);
      assert.equal(codeOf(book.accept(B.id, A.id, out)), "NOT_FOUND", "lapsed");
      book.request(A.id, B.id, out);
      book.seen({ ...A, x: B.x + rules.tradeReachTiles + 1 });
      assert.equal(codeOf(book.accept(B.id, A.id, out)), "TOO_FAR");
      book.seen(A);
      book.request(C.id, B.id, out);
      assert.equal(codeOf(book.accept(B.id, A.id, out)), "ok");
      assert.equal(codeOf(book.accept(B.id, C.id, out)), "BUSY");
    });

    it("drops the requests of a player who left", () => {
      const out: TradeNotice[] = [];
      book.request(A.id, B.id, out);
      book.gone(A.id);
      book.seen(A);
      assert.equal(codeOf(book.accept(B.id, A.id, out)), "NOT_FOUND");
    });
  });

  describe("offers and confirmations", () => {
    it("shows each offer to both, and clears both confirmations on any change of either offer", async () => {
      open();
      const out: TradeNotice[] = [];
      assert.equal(codeOf(await book.offer(A.id, 0, 20, out)), "ok");
      assert.deepEqual(lastTrade(out, B.id)?.theirs, [{ itemId: COINS, quantity: 20, durability: null }]);
      assert.deepEqual(lastTrade(out, A.id)?.mine, [{ itemId: COINS, quantity: 20, durability: null }]);
      assert.deepEqual(await book.confirm(B.id, out), { ok: true, data: { completed: false, with: A.id } });
      assert.deepEqual([lastTrade(out, A.id)?.theirConfirmed, lastTrade(out, B.id)?.myConfirmed], [true, true]);
      assert.equal(codeOf(await book.offer(A.id, 0, 5, out)), "ok");
      assert.deepEqual([lastTrade(out, A.id)?.theirConfirmed, lastTrade(out, B.id)?.myConfirmed], [false, false]);
      assert.deepEqual(lastTrade(out, B.id)?.theirs, [{ itemId: COINS, quantity: 25, durability: null }]);
      await book.confirm(A.id, out);
      assert.equal(codeOf(await book.withdraw(A.id, 0, 5, out)), "ok");
      assert.deepEqual([lastTrade(out, B.id)?.theirConfirmed, lastTrade(out, B.id)?.theirs[0]?.quantity], [false, 20]);
      assert.equal(codeOf(await book.offer(A.id, 0, 31, out)), "INVALID_PAYLOAD", "more than held, counting what is offered");
      assert.equal(codeOf(await book.offer(A.id, 5, 1, out)), "SLOT_EMPTY");
      assert.equal(codeOf(await book.withdraw(A.id, 1, undefined, out)), "INVALID_SLOT");
    });

    it("answers NOT_TRADING to trade commands outside a trade", async () => {
      const out: TradeNotice[] = [];
      assert.equal(codeOf(await book.offer(A.id, 0, 1, out)), "NOT_TRADING");
      assert.equal(codeOf(await book.withdraw(A.id, 0, 1, out)), "NOT_TRADING");
      assert.equal(codeOf(await book.confirm(A.id, out)), "NOT_TRADING");
      assert.equal(codeOf(await book.cancel(A.id, out)), "NOT_TRADING");
      assert.deepEqual(out, []);
    });

    it("completes once both confirmed: one completion of both offers, then `completed` to both", async () => {
      open();
      const out: TradeNotice[] = [];
      await book.offer(A.id, 0, 20, out);
      await book.offer(B.id, 3, undefined, out);
      const [confirming] = await confirmBoth(out);
      assert.equal(store.completions.length, 1);
      assert.deepEqual(store.completions[0]!.parties.map((p) => [p.playerId, p.offer]), [
        [A.id, [{ slot: 0, itemId: COINS, quantity: 20, durability: null }]],
        [B.id, [{ slot: 3, itemId: SWORD, quantity: 1, durability: 90 }]],
      ]);
      store.completions[0]!.settle(ok(undefined));
      assert.deepEqual(await confirming, { ok: true, data: { completed: true, with: A.id } });
      assert.equal(lastTrade(out, A.id)?.state, "completed");
      assert.equal(lastTrade(out, B.id)?.state, "completed");
      assert.ok(!book.isTrading(A.id) && !book.isTrading(B.id));
      assert.deepEqual(outcomes, ["completed"]);
    });

    it("keeps the trade open with both confirmations cleared when the completion is refused (ITEM_GONE, INVENTORY_FULL)", async () => {
      open();
      const out: TradeNotice[] = [];
      await book.offer(A.id, 0, 20, out);
      for (const code of ["ITEM_GONE", "INVENTORY_FULL"] as const) {
        const [confirming] = await confirmBoth(out);
        store.completions.at(-1)!.settle(fail(code, "refused"));
        assert.equal(codeOf(await confirming), code);
        assert.deepEqual(lastTrade(out, A.id), {
          state: "open", with: { id: B.id, username: "bob" }, mine: [{ itemId: COINS, quantity: 20, durability: null }], theirs: [],
          myConfirmed: false, theirConfirmed: false, reason: code,
        });
        assert.ok(book.isTrading(A.id));
      }
      assert.deepEqual(outcomes, ["refused", "refused"]);
    });

    it("makes an offer change that arrives while completing wait, then answers NOT_TRADING after a completion", async () => {
      open();
      const out: TradeNotice[] = [];
      const [confirming] = await confirmBoth(out);
      const offering = book.offer(A.id, 0, 1, out);
      const cancelling = book.cancel(B.id, out);
      await flush();
      store.completions[0]!.settle(ok(undefined));
      assert.equal(codeOf(await confirming), "ok");
      assert.equal(codeOf(await offering), "NOT_TRADING");
      assert.equal(codeOf(await cancelling), "NOT_TRADING");
      assert.equal(store.completions.length, 1);
    });

    it("applies an offer change that waited for a refused completion to the trade that stays open", async () => {
      open();
      const out: TradeNotice[] = [];
      const [confirming] = await confirmBoth(out);
      const offering = book.offer(A.id, 0, 1, out);
      store.completions[0]!.settle(fail("ITEM_GONE", "gone"));
      assert.equal(codeOf(await confirming), "ITEM_GONE");
      assert.equal(codeOf(await offering), "ok");
      assert.deepEqual(lastTrade(out, B.id)?.theirs, [{ itemId: COINS, quantity: 1, durability: null }]);
    });
  });

  describe("endings", () => {
    it("ends for both when either cancels", async () => {
      open();
      const out: TradeNotice[] = [];
      assert.equal(codeOf(await book.cancel(B.id, out)), "ok");
      assert.deepEqual([lastTrade(out, A.id)?.state, lastTrade(out, A.id)?.reason], ["cancelled", "CANCELLED"]);
      assert.equal(lastTrade(out, B.id)?.state, "cancelled");
      assert.ok(!book.isTrading(A.id) && !book.isTrading(B.id));
      assert.deepEqual(outcomes, ["cancelled"]);
    });

    it("ends when the players move more than the reach apart, when either dies, and when either leaves", () => {
      open();
      assert.deepEqual(book.seen({ ...A, x: B.x + rules.tradeReachTiles }), [], "in reach");
      assert.equal(lastTrade(book.seen({ ...A, x: B.x + rules.tradeReachTiles + 1 }), B.id)?.reason, "TOO_FAR");
      book.seen(A);
      open();
      assert.equal(lastTrade(book.seen({ ...B, alive: false }), A.id)?.reason, "DEAD");
      book.seen(B);
      open();
      assert.equal(lastTrade(book.gone(A.id), B.id)?.reason, "LEFT");
      assert.ok(!book.isTrading(B.id));
    });

    it("ends the trade of a player whose connection dropped, who may still be asked to trade once back", () => {
      open();
      assert.equal(lastTrade(book.dropped(A.id), B.id)?.reason, "LEFT");
      const out: TradeNotice[] = [];
      assert.equal(codeOf(book.request(B.id, A.id, out)), "ok");
    });

    it("lets a completion in flight decide: a leave meanwhile ends the trade only if the completion is refused", async () => {
      for (const [settled, state] of [[ok(undefined), "completed"], [fail("ITEM_GONE", "gone"), "cancelled"]] as const) {
        for (const t of [A, B]) book.seen(t);
        open();
        const out: TradeNotice[] = [];
        const [confirming] = await confirmBoth(out);
        assert.deepEqual(book.gone(A.id), [], "nothing ends while completing");
        store.completions.at(-1)!.settle(settled);
        await confirming;
        assert.equal(lastTrade(out, B.id)?.state, state);
        assert.ok(!book.isTrading(B.id));
      }
    });
  });
});
