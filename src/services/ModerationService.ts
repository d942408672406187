import type { Logger } from "pino";
import type { GameStateManager } from "../state/GameStateManager.js";
import { systemLine, type ChatDelivery } from "./ChatService.js";
import { fail, ok, type Result } from "./results.js";
import { checkChatText } from "./rules/chatText.js";

export const MUTE_MIN_MINUTES = 1;
export const MUTE_MAX_MINUTES = 10_080;

/** Who takes a moderation action: a player (moderator or admin), or the operator (`npm run admin`, id null). */
export interface Moderator {
  id: number | null;
  username: string;
}

export type ModerationAction = "mute" | "unmute" | "kick" | "announce";

export interface ModerationServiceDeps {
  gsm: GameStateManager;
  log: Logger;
  /**
   * Closes the player's live session, wherever it is, with `kicked {reason: "KICKED"}`, and resolves once
   * it has ended (or the wait timed out). Implemented by the rooms layer.
   */
  kick: (playerId: number) => Promise<void>;
  /** Milliseconds since the epoch; default: the GSM's clock. */
  now?: () => number;
  /** Told of every action taken (metrics). */
  onAction?: (action: ModerationAction) => void;
}

/**
 * Moderators' and admins' powers over chat and sessions (GAME_RULES.md "Chat"): mute, unmute, kick and
 * announce. Roles are checked before (the command router, or the operator's shell); every action is
 * logged with who took it against whom. Notices to players are returned as deliveries for the rooms layer.
 */
export class ModerationService {
  private readonly now: () => number;

  constructor(private readonly deps: ModerationServiceDeps) {
    this.now = deps.now ?? deps.gsm.now;
  }

  /**
   * Mutes `username` for `minutes` (1..10,080) from now, replacing any earlier mute: written to PostgreSQL
   * and Valkey before it answers. NOT_FOUND for no such account, INVALID_PAYLOAD for minutes out of range.
   * The notice tells the player (wherever it is online) until when.
   */
  async mute(by: Moderator, username: string, minutes: number): Promise<Result<{ untilMs: number; notice: ChatDelivery }>> {
    if (!Number.isSafeInteger(minutes) || minutes < MUTE_MIN_MINUTES || minutes > MUTE_MAX_MINUTES) {
      return fail("INVALID_PAYLOAD", `minutes must be an integer in ${MUTE_MIN_MINUTES}..${MUTE_MAX_MINUTES}`);
    }
    const target = await this.deps.gsm.accounts.findByUsername(username);
    if (!target) return fail("NOT_FOUND", `no user named ${username}`);
    const now = this.now();
    const untilMs = now + minutes * 60_000;
    if (!(await this.deps.gsm.mutes.mute(target.id, untilMs))) return fail("NOT_FOUND", `no user named ${username}`);
    this.logged("mute", by, target, { minutes, until: new Date(untilMs).toISOString() });
    return ok({ untilMs, notice: { audience: { kind: "player", playerId: target.id }, message: systemLine(mutedText(untilMs), now) } });
  }

  /** Lifts the mute of `username` (if any). NOT_FOUND for no such account. The notice tells the player. */
  async unmute(by: Moderator, username: string): Promise<Result<{ notice: ChatDelivery }>> {
    const target = await this.deps.gsm.accounts.findByUsername(username);
    if (!target || !(await this.deps.gsm.mutes.unmute(target.id))) return fail("NOT_FOUND", `no user named ${username}`);
    this.logged("unmute", by, target, {});
    return ok({ notice: { audience: { kind: "player", playerId: target.id }, message: systemLine("You are no longer muted.", this.now()) } });
  }

  /**
   * Closes the live session of `username` (in any process) with `kicked {reason: "KICKED"}`; resolves once
   * it has ended. NOT_FOUND when nobody of that name is online. `reason` is only logged.
   */
  async kick(by: Moderator, username: string, reason?: string): Promise<Result<void>> {
    const target = await this.deps.gsm.findOnlinePlayer(username);
    if (!target) return fail("NOT_FOUND", `${username} is not online`);
    this.logged("kick", by, target, { reason: reason ?? null });
    await this.deps.kick(target.id);
    return ok(undefined);
  }

  /** A `system` line for every online player; the text follows the chat text rules (INVALID_PAYLOAD). */
  announce(by: Moderator, text: string): Result<ChatDelivery> {
    const checked = checkChatText(text);
    if (!checked.ok) return fail("INVALID_PAYLOAD", checked.message);
    this.logged("announce", by, null, { text: checked.text });
    return ok({ audience: { kind: "everyone" }, message: systemLine(checked.text, this.now()) });
  }

  /** The line that tells a joining player that it is muted, and until when; null when it is not. */
  async noticeOnJoin(playerId: number): Promise<ChatDelivery | null> {
    const untilMs = await this.deps.gsm.mutes.mutedUntil(playerId);
    return untilMs === null ? null : { audience: { kind: "player", playerId }, message: systemLine(mutedText(untilMs), this.now()) };
  }

  private logged(action: ModerationAction, by: Moderator, target: { id: number; username: string } | null, details: object): void {
    this.deps.log.info(
      { moderation: action, by: { id: by.id, username: by.username }, target: target && { id: target.id, username: target.username }, ...details },
      `moderation: ${by.username} ${action}${target ? ` ${target.username}` : ""}`,
    );
    this.deps.onAction?.(action);
  }
}

function mutedText(untilMs: number): string {
  return `You are muted until ${new Date(untilMs).toISOString()}.`;
}
