import { isDead } from "../services/rules/hpRules.js";
import type { TradeBook, TradeNotice } from "../services/trade/TradeBook.js";
import type { PlayerSnapshot } from "../state/PlayerSnapshot.js";
import type { PlayerWatcher } from "./RoomPlayers.js";

/**
 * Feeds a map room's TradeBook the players as the room shows them (a trade ends on distance, death, a map
 * change, a leave or a drop) and sends the trade messages that follow.
 */
export class RoomTrades implements PlayerWatcher {
  constructor(
    private readonly book: TradeBook,
    private readonly tell: (notices: readonly TradeNotice[]) => void,
  ) {}

  shown(snapshot: PlayerSnapshot): void {
    const { playerId: id, username, position } = snapshot;
    this.tell(this.book.seen({ id, username, x: position.x, y: position.y, alive: !isDead(snapshot) }));
  }

  gone(playerId: number): void {
    this.tell(this.book.gone(playerId));
  }

  /** The player's connection dropped: it stays on the map for its reconnection window, its trade ends. */
  dropped(playerId: number): void {
    this.tell(this.book.dropped(playerId));
  }
}
