import type { GameRules } from "../config/config.js";

/**
 * Per-player, per-command-type cooldowns, judged by when each command ARRIVED (in this process: one live
 * session per account means one process serves a player's commands). The room runs one client's commands
 * one at a time in arrival order, so `check` sees every earlier command of the player finished; only
 * accepted commands are recorded (`accept`), so a refused one spends nothing. A command that waited
 * behind a slow one is judged by its arrival, never refused for the server's own delay.
 */
export class Cooldowns {
  private readonly lastAcceptedMs = new Map<string, number>();

  constructor(
    private readonly rules: Pick<GameRules, "moveCooldownMs" | "commandCooldownMs" | "chatCooldownMs" | "eatCooldownMs">,
    /** The clock arrivals are read from (the room stamps each message with it). */
    readonly now: () => number = Date.now,
  ) {}

  cooldownMsOf(type: string): number {
    if (type === "move") return this.rules.moveCooldownMs;
    // One cooldown for every chat channel: the channel is in the payload, the type is always `chat`.
    if (type === "chat") return this.rules.chatCooldownMs;
    if (type === "eat") return this.rules.eatCooldownMs;
    return this.rules.commandCooldownMs;
  }

  /** Whether a command of `type` that arrived at `arrivedMs` is past its cooldown, else how early it came. */
  check(playerId: number, type: string, arrivedMs: number): { ok: true } | { ok: false; retryAfterMs: number } {
    const previous = this.lastAcceptedMs.get(`${playerId}:${type}`);
    if (previous === undefined) return { ok: true };
    const readyAtMs = previous + this.cooldownMsOf(type);
    return arrivedMs >= readyAtMs ? { ok: true } : { ok: false, retryAfterMs: Math.ceil(readyAtMs - arrivedMs) };
  }

  /**
   * Records an accepted command: the next of its type may arrive `cooldownMsOf(type)` after it.
   * `readDelayCreditMs`: how long before its reading this command may have arrived, the server being unable to
   * read (a stalled event loop, or a busy one whose turns take tens of milliseconds). Commands a client
   * spaced out meanwhile are read closer together, or at once; each is then taken as having arrived as early
   * as its cooldown allows within that time, so the next one is not judged early for the server's own delay.
   * The credit never lets more commands through than its length allows: over any span, at most one more
   * than the span and the credit together hold cooldowns.
   */
  accept(playerId: number, type: string, arrivedMs: number, readDelayCreditMs = 0): void {
    const key = `${playerId}:${type}`;
    const previous = this.lastAcceptedMs.get(key);
    const readyAtMs = previous === undefined ? -Infinity : previous + this.cooldownMsOf(type);
    this.lastAcceptedMs.set(key, Math.max(readyAtMs, arrivedMs - readDelayCreditMs));
  }

  forget(playerId: number): void {
    for (const key of this.lastAcceptedMs.keys()) if (key.startsWith(`${playerId}:`)) this.lastAcceptedMs.delete(key);
  }
}
