import type { GameRules } from "../config/config.js";

/**
 * Per-player, per-command-type cooldowns (in this process: one live session per account means one
 * process serves a player's commands). `take` reserves the slot at once, so two commands of one type in
 * flight cannot both pass; a refused command gives its reservation back and so spends nothing.
 */
export class Cooldowns {
  private readonly lastAcceptedMs = new Map<string, number>();

  constructor(
    private readonly rules: Pick<GameRules, "moveCooldownMs" | "commandCooldownMs" | "chatCooldownMs">,
    private readonly now: () => number = Date.now,
  ) {}

  cooldownMsOf(type: string): number {
    if (type === "move") return this.rules.moveCooldownMs;
    // One cooldown for every chat channel: the channel is in the payload, the type is always `chat`.
    if (type === "chat") return this.rules.chatCooldownMs;
    return this.rules.commandCooldownMs;
  }

  /** Reserves the cooldown, or reports how long to wait. Call `release` if the command is then refused. */
  take(playerId: number, type: string): { ok: true; release: () => void } | { ok: false; retryAfterMs: number } {
    const key = `${playerId}:${type}`;
    const now = this.now();
    const previous = this.lastAcceptedMs.get(key);
    const readyAt = previous === undefined ? now : previous + this.cooldownMsOf(type);
    if (readyAt > now) return { ok: false, retryAfterMs: readyAt - now };
    this.lastAcceptedMs.set(key, now);
    return {
      ok: true,
      release: () => {
        if (this.lastAcceptedMs.get(key) !== now) return;
        if (previous === undefined) this.lastAcceptedMs.delete(key);
        else this.lastAcceptedMs.set(key, previous);
      },
    };
  }

  forget(playerId: number): void {
    for (const key of this.lastAcceptedMs.keys()) if (key.startsWith(`${playerId}:`)) this.lastAcceptedMs.delete(key);
  }
}
