/** A player as a trade names it. */
export interface TradePartner {
  id: number;
  username: string;
}

/** `tradeRequest`: to the requested player; answer with `trade:accept {playerId: from.id}`. */
export interface TradeRequestMessage {
  from: TradePartner;
}

/** One entry of an offer: `durability` null when the item has none. */
export interface TradeItem {
  itemId: number;
  quantity: number;
  durability: number | null;
}

export const TRADE_STATES = ["open", "completed", "cancelled"] as const;
export type TradeState = (typeof TRADE_STATES)[number];

/**
 * Why a trade was cancelled, or (state `open`) why its completion was refused and the confirmations
 * cleared: `CANCELLED` by either player, `TOO_FAR` (more than TRADE_REACH_TILES apart), `DEAD`, `LEFT` (left
 * the map or the game, or dropped); refused completions: `ITEM_GONE`, `INVENTORY_FULL`, `UNAVAILABLE` (storage
 * unreachable or too busy: nothing moved, confirm again).
 */
export const TRADE_REASONS = ["CANCELLED", "TOO_FAR", "DEAD", "LEFT", "ITEM_GONE", "INVENTORY_FULL", "UNAVAILABLE"] as const;
export type TradeReason = (typeof TRADE_REASONS)[number];

/**
 * `trade`: to both players on every change of their trade, each from its own side: `mine` is what the
 * receiver offers (entries in the order offered; `trade:withdraw`'s `index` counts in it), `theirs` what
 * the other offers.
 */
export interface TradeMessage {
  state: TradeState;
  with: TradePartner;
  mine: TradeItem[];
  theirs: TradeItem[];
  myConfirmed: boolean;
  theirConfirmed: boolean;
  reason?: TradeReason;
}
