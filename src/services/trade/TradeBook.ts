import type { GameRules } from "../../config/config.js";
import type { ErrorCode, TradeMessage, TradeReason, TradeRequestMessage, TradeState } from "../../protocol/index.js";
import type { Inventory } from "../../state/types.js";
import { fail, ok, type Result } from "../results.js";
import { chebyshev } from "../rules/distance.js";
import { planOffer, planWithdraw, type OfferEntry } from "../rules/tradeRules.js";
import type { TradeParty } from "../TradeService.js";

/** A player of the map as the room last showed it. */
export interface Trader {
  id: number;
  username: string;
  x: number;
  y: number;
  alive: boolean;
}

/** A message for one player: the room sends it after the change that caused it is shown. */
export type TradeNotice =
  | { to: number; type: "trade"; message: TradeMessage }
  | { to: number; type: "tradeRequest"; message: TradeRequestMessage };

/** How trades end, for the operator's metrics: `refused` is a completion refused (the trade stays open). */
export type TradeOutcome = "completed" | "cancelled" | "refused";

/** The stored side a book works with (TradeService). */
export interface TradeStore {
  inventoryOf(playerId: number): Promise<Result<Inventory>>;
  complete(parties: readonly [TradeParty, TradeParty]): Promise<Result<void>>;
}

export interface TradeBookDeps {
  store: TradeStore;
  rules: Pick<GameRules, "inventorySlots" | "tradeReachTiles" | "tradeRequestTtlMs">;
  /** Milliseconds: when requests were made and lapse. */
  now: () => number;
  onOutcome?: (outcome: TradeOutcome) => void;
}

interface Side {
  id: number;
  username: string;
  offer: OfferEntry[];
  confirmed: boolean;
}

interface Trade {
  sides: [Side, Side];
  /** Set while both offers are being committed: changes wait for it to settle. */
  completing: Promise<unknown> | null;
  /** An ending (distance, death, leave) that came while completing: applied if the completion fails. */
  endAfter: TradeReason | null;
}

/**
 * The trades of one map room, in memory (GAME_RULES "Trade"): requests, offers, confirmations, and every
 * way a trade ends. A trade lives and dies with the room: the room feeds the book its players as it shows
 * them (`seen`, `gone`) and its players' trade commands; the book answers each with a result and the
 * `trade`/`tradeRequest` messages to send. Both offers change owners only through `TradeStore.complete`, one
 * guarded commit. A player is in at most one trade. Commands of a trade that is completing wait for the
 * completion to settle, so each sees the trade as it ends (completed: NOT_TRADING; refused: still open).
 */
export class TradeBook {
  private readonly traders = new Map<number, Trader>();
  private readonly trades = new Map<number, Trade>();
  /** Requester id -> the one player it asked last, and when. */
  private readonly requests = new Map<number, { to: number; atMs: number }>();

  constructor(private readonly deps: TradeBookDeps) {}

  /** Whether the player is in a trade. */
  isTrading(playerId: number): boolean {
    return this.trades.has(playerId);
  }

  /** The room shows the player: a trade ends when either is dead or they are more than TRADE_REACH_TILES apart. */
  seen(trader: Trader): TradeNotice[] {
    this.traders.set(trader.id, { ...trader });
    const trade = this.trades.get(trader.id);
    if (!trade) return [];
    const other = this.traders.get(this.partnerIn(trade, trader.id).id);
    if (!trader.alive || (other && !other.alive)) return this.end(trade, "DEAD");
    if (other && chebyshev(trader, other) > this.deps.rules.tradeReachTiles) return this.end(trade, "TOO_FAR");
    return [];
  }

  /** The player left the map or the game: its trade ends and its requests lapse. */
  gone(playerId: number): TradeNotice[] {
    this.traders.delete(playerId);
    return this.dropped(playerId);
  }

  /** The player's connection dropped (it may come back, still on the map): its trade ends and its requests lapse. */
  dropped(playerId: number): TradeNotice[] {
    this.requests.delete(playerId);
    for (const [from, request] of this.requests) if (request.to === playerId) this.requests.delete(from);
    const trade = this.trades.get(playerId);
    return trade ? this.end(trade, "LEFT") : [];
  }

  /**
   * `trade:request`: asks `toId` to trade (it gets `tradeRequest`); a later request replaces the earlier one.
   * When `toId` has asked the player already, the trade opens at once. NOT_FOUND (no such living player on
   * this map), INVALID_PAYLOAD (yourself), TOO_FAR, BUSY (either is trading).
   */
  request(fromId: number, toId: number, out: TradeNotice[]): Result<void> {
    const pair = this.pair(fromId, toId);
    if (!pair.ok) return pair;
    const [from] = pair.data;
    const theirs = this.requests.get(toId);
    if (theirs?.to === fromId && this.fresh(theirs.atMs)) return this.open(toId, fromId, out);
    this.requests.set(fromId, { to: toId, atMs: this.deps.now() });
    out.push({ to: toId, type: "tradeRequest", message: { from: { id: from.id, username: from.username } } });
    return ok(undefined);
  }

  /**
   * `trade:accept`: opens a trade with `requesterId`, who asked this player within TRADE_REQUEST_TTL_MS.
   * NOT_FOUND (no such request, or the requester is gone), TOO_FAR, BUSY.
   */
  accept(playerId: number, requesterId: number, out: TradeNotice[]): Result<void> {
    const request = this.requests.get(requesterId);
    if (request?.to !== playerId || !this.fresh(request.atMs)) return fail("NOT_FOUND", `no pending trade request from player ${requesterId}`);
    const pair = this.pair(playerId, requesterId);
    if (!pair.ok) return pair;
    return this.open(requesterId, playerId, out);
  }

  /**
   * `trade:offer`: adds `quantity` (default: all not offered yet) of inventory slot `slot` to the player's
   * offer. Clears both confirmations. NOT_TRADING, INVALID_SLOT, SLOT_EMPTY, INVALID_PAYLOAD (more than the
   * slot holds, counting what is already offered).
   */
  async offer(playerId: number, slot: number, quantity: number | undefined, out: TradeNotice[]): Promise<Result<void>> {
    const before = await this.settled(playerId);
    if (!before) return notTrading();
    const inventory = await this.deps.store.inventoryOf(playerId);
    if (!inventory.ok) return inventory;
    // The trade may have ended, or started completing, while the inventory was read.
    const trade = await this.settled(playerId);
    if (trade !== before) return notTrading();
    const side = this.sideOf(trade, playerId);
    const planned = planOffer(side.offer, inventory.data, slot, quantity, this.deps.rules.inventorySlots);
    if (!planned.ok) return planned;
    side.offer = planned.data;
    return this.changed(trade, out);
  }

  /** `trade:withdraw`: takes back `quantity` (default: all) of entry `index` of the player's offer. NOT_TRADING, INVALID_SLOT. */
  async withdraw(playerId: number, index: number, quantity: number | undefined, out: TradeNotice[]): Promise<Result<void>> {
    const trade = await this.settled(playerId);
    if (!trade) return notTrading();
    const side = this.sideOf(trade, playerId);
    const planned = planWithdraw(side.offer, index, quantity);
    if (!planned.ok) return planned;
    side.offer = planned.data;
    return this.changed(trade, out);
  }

  /**
   * `trade:confirm`: the player accepts both offers as they are. Once both have, both offers change owners
   * (`TradeStore.complete`): `completed` true, and `with` the other player, whose inventory changed too. A
   * refused completion (ITEM_GONE, INVENTORY_FULL, UNAVAILABLE) keeps the trade open with both confirmations
   * cleared; TOO_FAR, DEAD or NOT_FOUND from storage end it. NOT_TRADING.
   */
  async confirm(playerId: number, out: TradeNotice[]): Promise<Result<{ completed: boolean; with: number }>> {
    const trade = await this.settled(playerId);
    if (!trade) return notTrading();
    const side = this.sideOf(trade, playerId);
    const other = this.partnerIn(trade, playerId);
    side.confirmed = true;
    if (!other.confirmed) {
      this.tell(trade, "open", out);
      return ok({ completed: false, with: other.id });
    }
    // Cleared before anyone waiting for the completion resumes, so that they see the trade as it ended.
    const completion = this.complete(trade, out).finally(() => (trade.completing = null));
    trade.completing = completion;
    const completed = await completion;
    return completed.ok ? ok({ completed: true, with: other.id }) : completed;
  }

  /** `trade:cancel`: ends the player's trade for both. NOT_TRADING. */
  async cancel(playerId: number, out: TradeNotice[]): Promise<Result<void>> {
    const trade = await this.settled(playerId);
    if (!trade) return notTrading();
    out.push(...this.end(trade, "CANCELLED"));
    return ok(undefined);
  }

  private async complete(trade: Trade, out: TradeNotice[]): Promise<Result<void>> {
    const party = (s: Side): TradeParty => ({ playerId: s.id, username: s.username, offer: s.offer });
    const parties: [TradeParty, TradeParty] = [party(trade.sides[0]), party(trade.sides[1])];
    let committed: Result<void>;
    try {
      committed = await this.deps.store.complete(parties);
    } catch (err) {
      this.notCompleted(trade, "UNAVAILABLE", out);
      throw err;
    }
    if (committed.ok) {
      this.close(trade);
      this.tell(trade, "completed", out);
      this.deps.onOutcome?.("completed");
    } else {
      this.notCompleted(trade, committed.code, out);
    }
    return committed;
  }

  /**
   * A refused completion: the trade stays open with both confirmations cleared (ITEM_GONE, INVENTORY_FULL,
   * UNAVAILABLE), unless it ended meanwhile or storage says it must end (TOO_FAR, DEAD, a player not loaded).
   */
  private notCompleted(trade: Trade, code: ErrorCode, out: TradeNotice[]): void {
    if (trade.endAfter) {
      out.push(...this.end(trade, trade.endAfter, true));
    } else if (code === "ITEM_GONE" || code === "INVENTORY_FULL" || code === "UNAVAILABLE") {
      for (const side of trade.sides) side.confirmed = false;
      this.tell(trade, "open", out, code);
      this.deps.onOutcome?.("refused");
    } else {
      out.push(...this.end(trade, code === "TOO_FAR" || code === "DEAD" ? code : "LEFT", true));
    }
  }

  /** Both players may trade now: both living players of this map, apart from each other, in reach, not trading. */
  private pair(selfId: number, otherId: number): Result<[Trader, Trader]> {
    const self = this.traders.get(selfId);
    const other = this.traders.get(otherId);
    if (!self) return fail("NOT_FOUND", "you are not on this map");
    if (!other || !other.alive) return fail("NOT_FOUND", `player ${otherId} is not on your map`);
    if (selfId === otherId) return fail("INVALID_PAYLOAD", "you cannot trade with yourself");
    if (chebyshev(self, other) > this.deps.rules.tradeReachTiles) return fail("TOO_FAR", `player ${otherId} is more than ${this.deps.rules.tradeReachTiles} tiles away`);
    if (this.trades.has(selfId)) return fail("BUSY", "you are trading already");
    if (this.trades.has(otherId)) return fail("BUSY", `${other.username} is trading already`);
    return ok([self, other]);
  }

  private open(requesterId: number, accepterId: number, out: TradeNotice[]): Result<void> {
    const side = (id: number): Side => ({ id, username: this.traders.get(id)!.username, offer: [], confirmed: false });
    const trade: Trade = { sides: [side(requesterId), side(accepterId)], completing: null, endAfter: null };
    this.requests.delete(requesterId);
    this.requests.delete(accepterId);
    this.trades.set(requesterId, trade);
    this.trades.set(accepterId, trade);
    this.tell(trade, "open", out);
    return ok(undefined);
  }

  private changed(trade: Trade, out: TradeNotice[]): Result<void> {
    for (const side of trade.sides) side.confirmed = false;
    this.tell(trade, "open", out);
    return ok(undefined);
  }

  /** Ends the trade for both (`force`: also while it is completing, which is then over). */
  private end(trade: Trade, reason: TradeReason, force = false): TradeNotice[] {
    if (this.trades.get(trade.sides[0].id) !== trade) return [];
    if (trade.completing && !force) {
      trade.endAfter ??= reason;
      return [];
    }
    this.close(trade);
    const out: TradeNotice[] = [];
    this.tell(trade, "cancelled", out, reason);
    this.deps.onOutcome?.("cancelled");
    return out;
  }

  private close(trade: Trade): void {
    for (const side of trade.sides) if (this.trades.get(side.id) === trade) this.trades.delete(side.id);
  }

  /** The player's trade once no completion of it is running (undefined: not trading). */
  private async settled(playerId: number): Promise<Trade | undefined> {
    for (let trade = this.trades.get(playerId); trade; trade = this.trades.get(playerId)) {
      if (!trade.completing) return trade;
      await trade.completing.catch(() => undefined);
    }
    return undefined;
  }

  private tell(trade: Trade, state: TradeState, out: TradeNotice[], reason?: TradeReason): void {
    const stacks = (side: Side) => side.offer.map(({ itemId, quantity, durability }) => ({ itemId, quantity, durability }));
    for (const [me, them] of [trade.sides, [trade.sides[1], trade.sides[0]]] as const) {
      const message: TradeMessage = {
        state, with: { id: them.id, username: them.username }, mine: stacks(me), theirs: stacks(them),
        myConfirmed: me.confirmed, theirConfirmed: them.confirmed, ...(reason ? { reason } : {}),
      };
      out.push({ to: me.id, type: "trade", message });
    }
  }

  private fresh(atMs: number): boolean {
    return this.deps.now() - atMs < this.deps.rules.tradeRequestTtlMs;
  }

  private sideOf(trade: Trade, playerId: number): Side {
    return trade.sides[0].id === playerId ? trade.sides[0] : trade.sides[1];
  }

  private partnerIn(trade: Trade, playerId: number): Side {
    return trade.sides[0].id === playerId ? trade.sides[1] : trade.sides[0];
  }
}

function notTrading(): Result<never> {
  return fail("NOT_TRADING", "you are not trading");
}
