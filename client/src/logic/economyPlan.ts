import type { TradeMessage } from "../../../src/protocol/index.js";
import { chebyshev, type Tile } from "../../../src/services/rules/distance.js";
import type { WalkGoal } from "./walkPlan.js";

/**
 * The goal of standing within `reachTiles` (Chebyshev, the shared distance of banks, shops and trade) of a
 * place that may move (a shopkeeper, a player): `where` is read at every step.
 */
export function withinGoal(label: string, where: () => Tile | null, reachTiles: number): WalkGoal {
  return {
    label,
    isGoal: (x, y) => {
      const at = where();
      return at !== null && chebyshev({ x, y }, at) <= reachTiles;
    },
  };
}

/** The bank booth on tile (x, y), or null. */
export function boothAt(booths: readonly Tile[], x: number, y: number): Tile | null {
  return booths.find((b) => b.x === x && b.y === y) ?? null;
}

/** Whether a bank booth is within `reachTiles` (Chebyshev) of `me`: the bank can be used from there. */
export function boothInReach(booths: readonly Tile[], me: Tile, reachTiles: number): boolean {
  return booths.some((b) => chebyshev(b, me) <= reachTiles);
}

/** How many of an item a stack holds, said for the player ("Logs", "25 x Coins"). */
export function quantityWords(name: string, quantity: number): string {
  return quantity === 1 ? name : `${quantity.toLocaleString("en")} x ${name}`;
}

/**
 * The words for a `trade` message worth a notice: how the trade ended (completed, or cancelled and why) or
 * why its completion was refused; null for the other changes (an offer, a confirmation).
 */
export function tradeNewsWords(message: Pick<TradeMessage, "state" | "reason" | "with">): string | null {
  const who = message.with.username;
  if (message.state === "completed") return `The trade with ${who} is done.`;
  if (message.state === "cancelled") {
    switch (message.reason) {
      case "CANCELLED": return `The trade with ${who} was cancelled.`;
      case "TOO_FAR": return `The trade with ${who} ended: you are too far apart.`;
      case "DEAD": return `The trade with ${who} ended: one of you died.`;
      case "LEFT": return `The trade with ${who} ended: ${who} left (or you did).`;
      default: return `The trade with ${who} ended.`;
    }
  }
  switch (message.reason) {
    case "ITEM_GONE": return "The trade cannot complete: an offered item is no longer there. Check the offers and confirm again.";
    case "INVENTORY_FULL": return "The trade cannot complete: an inventory has no room for what it would receive. Confirm again once there is room.";
    case "UNAVAILABLE": return "The trade cannot complete right now (the server cannot reach its storage): nothing moved, confirm again.";
    default: return null;
  }
}
