import { ok } from "../services/results.js";
import type { TradeBook } from "../services/trade/TradeBook.js";
import type { Handler } from "./CommandRouter.js";

/** The `trade:*` commands: each asks the room's TradeBook and passes on the messages it answers with. */
export function tradeHandlers(trades: TradeBook): {
  "trade:request": Handler<"trade:request">;
  "trade:accept": Handler<"trade:accept">;
  "trade:offer": Handler<"trade:offer">;
  "trade:withdraw": Handler<"trade:withdraw">;
  "trade:confirm": Handler<"trade:confirm">;
  "trade:cancel": Handler<"trade:cancel">;
} {
  return {
    "trade:request": (a, p, e) => Promise.resolve(trades.request(a.playerId, p.playerId, (e.trade ??= []))),
    "trade:accept": (a, p, e) => Promise.resolve(trades.accept(a.playerId, p.playerId, (e.trade ??= []))),
    "trade:offer": (a, p, e) => trades.offer(a.playerId, p.slot, p.quantity, (e.trade ??= [])),
    "trade:withdraw": (a, p, e) => trades.withdraw(a.playerId, p.index, p.quantity, (e.trade ??= [])),
    "trade:confirm": async (a, _p, e) => {
      const confirmed = await trades.confirm(a.playerId, (e.trade ??= []));
      if (!confirmed.ok) return confirmed;
      // Both inventories changed: the room shows the other player's too.
      if (confirmed.data.completed) e.players.add(confirmed.data.with);
      return ok({ completed: confirmed.data.completed });
    },
    "trade:cancel": (a, _p, e) => trades.cancel(a.playerId, (e.trade ??= [])),
  };
}
