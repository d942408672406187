import type { CommandResult, PublicRules, TradeMessage, TradePartner, TradeRequestMessage } from "../../../src/protocol/index.js";
import type { MapState, PlayerState } from "../../../src/schema/MapState.js";
import { tradeNewsWords, withinGoal } from "../logic/economyPlan.js";
import type { RefusalContext } from "../logic/refusalWords.js";
import type { Walker, WalkOutcome } from "../logic/Walker.js";

/** What trading needs of the game. */
export interface TradeDeps {
  state(): MapState | null;
  me(): PlayerState | undefined;
  rules(): Pick<PublicRules, "tradeReachTiles">;
  walker: Walker;
  send(type: string, payload: Record<string, unknown>): Promise<CommandResult>;
  explain(result: CommandResult, context: RefusalContext): void;
  notice(words: string, kind?: "info" | "error"): void;
  now(): number;
  /** Something the trade window or the request shows changed. */
  changed(): void;
}

/** How long a request is shown: the server lets it lapse after 30 s (`TRADE_REQUEST_TTL_MS`). */
const REQUEST_SHOWN_MS = 30_000;

/**
 * Trading with another player: a click on a player (outside a PvP area) walks within the trade reach and
 * sends `trade:request`; a `tradeRequest` is kept to be accepted or declined; each `trade` message replaces
 * the trade shown, and its end (or a refused completion) is said in words.
 */
export class TradeController {
  /** The trade as the last `trade` message has it while open, else null. */
  trade: TradeMessage | null = null;
  /** Who asked to trade and when (the newest last), until answered, declined or lapsed. */
  requests: { from: TradePartner; atMs: number }[] = [];
  private walkNo = 0;

  constructor(private readonly deps: TradeDeps) {}

  /** Walks within the trade reach of a player and asks them to trade. */
  request(playerId: number): void {
    const other = this.deps.state()?.players.get(String(playerId));
    const me = this.deps.me();
    if (!other || !me) return;
    const goal = withinGoal(other.username, () => this.playerAt(playerId), this.deps.rules().tradeReachTiles);
    const ask = () => void this.sendRequest(playerId, other.username);
    if (goal.isGoal(me.x, me.y)) return ask();
    const walkNo = ++this.walkNo;
    this.deps.walker.walkTo({
      goal,
      onEnd: (outcome: WalkOutcome) => {
        if (walkNo !== this.walkNo) return;
        if (outcome === "arrived") ask();
        else if (outcome === "unreachable") this.deps.notice(`There is no way to reach ${other.username}.`, "error");
      },
    });
  }

  onTradeRequest(message: TradeRequestMessage): void {
    this.requests = [...this.requests.filter((r) => r.from.id !== message.from.id), { from: message.from, atMs: this.deps.now() }];
    this.deps.notice(`${message.from.username} wants to trade with you.`);
    this.deps.changed();
  }

  onTrade(message: TradeMessage): void {
    const words = tradeNewsWords(message);
    if (message.state === "open") {
      if (!this.trade) this.deps.notice(`You are trading with ${message.with.username}.`);
      this.trade = message;
      this.requests = this.requests.filter((r) => r.from.id !== message.with.id);
    } else {
      this.trade = null;
    }
    if (words) this.deps.notice(words, message.state === "completed" ? "info" : "error");
    this.deps.changed();
  }

  /** The requests still worth showing (a lapsed one is dropped). */
  pendingRequests(): { from: TradePartner; atMs: number }[] {
    const now = this.deps.now();
    return this.requests.filter((r) => now - r.atMs < REQUEST_SHOWN_MS);
  }

  async accept(playerId: number): Promise<void> {
    this.forget(playerId);
    await this.command("trade:accept", { playerId });
  }

  /** Declines a request: the server has no answer for it, the request is just forgotten (it lapses there). */
  decline(playerId: number): void {
    this.forget(playerId);
  }

  async offer(slot: number, quantity?: number): Promise<void> {
    await this.command("trade:offer", quantity === undefined ? { slot } : { slot, quantity });
  }

  async withdraw(index: number, quantity?: number): Promise<void> {
    await this.command("trade:withdraw", quantity === undefined ? { index } : { index, quantity });
  }

  async confirm(): Promise<void> {
    await this.command("trade:confirm", {});
  }

  async cancel(): Promise<void> {
    await this.command("trade:cancel", {});
  }

  /** Forgets everything (a map change or a logout ends the trade on the server: `LEFT`). */
  reset(): void {
    this.walkNo++;
    this.trade = null;
    this.requests = [];
    this.deps.changed();
  }

  private async sendRequest(playerId: number, username: string): Promise<void> {
    const result = await this.command("trade:request", { playerId }, { to: username });
    if (result.ok && !this.trade) this.deps.notice(`You ask ${username} to trade.`);
  }

  private forget(playerId: number): void {
    this.requests = this.requests.filter((r) => r.from.id !== playerId);
    this.deps.changed();
  }

  private async command(type: string, payload: Record<string, unknown>, context: RefusalContext = {}): Promise<CommandResult> {
    const result = await this.deps.send(type, payload);
    this.deps.explain(result, context);
    return result;
  }

  private playerAt(playerId: number): { x: number; y: number } | null {
    const p = this.deps.state()?.players.get(String(playerId));
    return p ? { x: p.x, y: p.y } : null;
  }
}
