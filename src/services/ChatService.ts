import type { GameRules } from "../config/config.js";
import type { ChatChannel, ChatMessage, ChatSender } from "../protocol/index.js";
import type { GameStateManager } from "../state/GameStateManager.js";
import { fail, failRetry, ok, type Result } from "./results.js";
import { BlockedWords, checkChatText } from "./rules/chatText.js";

/**
 * Who receives a chat line: the players on the sender's map within its area of interest (the sender
 * included), every online player of every process, or one online player wherever it is.
 */
export type ChatAudience = { kind: "near"; playerId: number } | { kind: "everyone" } | { kind: "player"; playerId: number };

/** A chat line and its audience, for the rooms layer to deliver. */
export interface ChatDelivery {
  audience: ChatAudience;
  message: ChatMessage;
}

export interface ChatServiceDeps {
  gsm: GameStateManager;
  rules: Pick<GameRules, "chatBlockedWords">;
  /** Milliseconds since the epoch (`at` of each line, the end of mutes); default: the GSM's clock. */
  now?: () => number;
  /** Told of every accepted line, by channel (metrics). */
  onMessage?: (channel: ChatChannel) => void;
}

/**
 * Players' chat (GAME_RULES.md "Chat"): the text rules, the mute check and the recipients. It stores
 * nothing and sends nothing: it answers what to deliver to whom, and the rooms layer delivers it.
 */
export class ChatService {
  private readonly blocked: BlockedWords;
  private readonly now: () => number;

  constructor(private readonly deps: ChatServiceDeps) {
    this.blocked = new BlockedWords(deps.rules.chatBlockedWords);
    this.now = deps.now ?? deps.gsm.now;
  }

  /**
   * A line from `sender`. INVALID_PAYLOAD for text that breaks the text rules (control characters, empty
   * after trimming, over 200 characters), MUTED (with `retryAfterMs`: until the mute ends) for a muted
   * sender, NOT_FOUND for a `dm` to a player who is not online in any process. Blocked words are masked.
   * A `dm` goes to the recipient and, with `to`, to the sender (once, for a line to oneself).
   * Costs one Valkey round trip (the mute), two more for a `dm`, and no query.
   */
  async send(sender: ChatSender, line: { channel: ChatChannel; text: string; to?: string }): Promise<Result<ChatDelivery[]>> {
    const checked = checkChatText(line.text);
    if (!checked.ok) return fail("INVALID_PAYLOAD", checked.message);
    const mutedUntilMs = await this.deps.gsm.mutes.mutedUntil(sender.id);
    const at = this.now();
    if (mutedUntilMs !== null) {
      return failRetry("MUTED", `you are muted until ${new Date(mutedUntilMs).toISOString()}`, Math.max(1, mutedUntilMs - at));
    }
    const text = this.blocked.mask(checked.text);
    const base = { channel: line.channel, from: { id: sender.id, username: sender.username, role: sender.role }, text, at };
    let deliveries: ChatDelivery[];
    if (line.channel === "local") {
      deliveries = [{ audience: { kind: "near", playerId: sender.id }, message: base }];
    } else if (line.channel === "global") {
      deliveries = [{ audience: { kind: "everyone" }, message: base }];
    } else {
      const recipient = await this.deps.gsm.findOnlinePlayer(line.to ?? "");
      if (!recipient) return fail("NOT_FOUND", `${line.to ?? ""} is not online`);
      const message = { ...base, to: recipient.username };
      deliveries = [{ audience: { kind: "player", playerId: recipient.id }, message }];
      if (recipient.id !== sender.id) deliveries.push({ audience: { kind: "player", playerId: sender.id }, message });
    }
    this.deps.onMessage?.(line.channel);
    return ok(deliveries);
  }
}

/** A `system` line: from the server, to be delivered as the caller says. */
export function systemLine(text: string, at: number): ChatMessage {
  return { channel: "system", from: null, text, at };
}
