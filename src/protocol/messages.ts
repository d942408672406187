import type { Role, SkillName } from "./names.js";

/** The types of the messages the server sends (PROTOCOL.md "Server -> client messages"). */
export const SERVER_MESSAGES = {
  result: "result", transfer: "transfer", kicked: "kicked", chat: "chat", hit: "hit", levelUp: "levelUp",
  tradeRequest: "tradeRequest", trade: "trade", attempt: "attempt",
} as const;
export type ServerMessageType = (typeof SERVER_MESSAGES)[keyof typeof SERVER_MESSAGES];

/** `KICKED`: by a moderator (`mod:kick`); `FLOODING`: more than MAX_MESSAGES_PER_SECOND messages in a second. */
export const KICK_REASONS = ["LOGGED_IN_ELSEWHERE", "BANNED", "ACCOUNT_DELETED", "KICKED", "SERVER_SHUTDOWN", "FLOODING"] as const;
export type KickReason = (typeof KICK_REASONS)[number];

/** `transfer`: the player is saved on another map; leave this room and join `map` with `mapId`. */
export interface TransferMessage {
  mapId: string;
  x: number;
  y: number;
}

/** `kicked`: sent just before the server closes the connection. */
export interface KickedMessage {
  reason: KickReason;
}

/**
 * `hit`: one swing, to every client that sees the target. `damage` 0 is a miss; `hp` is the target's HP
 * after the swing.
 */
export interface HitMessage {
  attackerType: "player" | "npc";
  attackerId: number;
  targetType: "player" | "npc";
  targetId: number;
  damage: number;
  hp: number;
  maxHp: number;
}

/** `levelUp`: to the player whose skill reached a new level. */
export interface LevelUpMessage {
  skill: SkillName;
  level: number;
}

/**
 * `attempt`: one gathering or cooking attempt, to the player making it. `itemId` null and `xp` 0: a failed
 * gathering attempt; for cooking, `itemId` is the cooked item (with its XP) or the burnt one (XP 0).
 */
export interface AttemptMessage {
  action: "gather" | "cook";
  resourceId: number;
  itemId: number | null;
  xp: number;
}

/** What a player is doing (`personal.activity`): nothing, gathering or cooking. */
export const ACTIVITIES = ["", "gathering", "cooking"] as const;
export type Activity = (typeof ACTIVITIES)[number];

/** The channels a player may send on (`chat` command). */
export const CHAT_CHANNELS = ["local", "global", "dm"] as const;
export type ChatChannel = (typeof CHAT_CHANNELS)[number];

/** Who wrote a chat line (null for `system` lines). */
export interface ChatSender {
  id: number;
  username: string;
  role: Role;
}

/**
 * `chat`: one line of chat. `local`: the sender is within the area of interest; `global`: anyone online;
 * `dm`: to the named player, and a copy to the sender (`to`: the recipient's username); `system`: from the
 * server (`from` null). `at`: epoch ms.
 */
export interface ChatMessage {
  channel: ChatChannel | "system";
  from: ChatSender | null;
  to?: string;
  text: string;
  at: number;
}

/**
 * Close code of a kicked client (flooding included): the SDK does not reconnect on it. The close reason
 * starts with the kick's reason: `BANNED`, `FLOODING: more than 30 messages in a second`.
 */
export const CLOSE_KICKED = 4100;
/** Close code of every client when the server shuts down. */
export const CLOSE_SHUTDOWN = 4001;

/** `player` of the login and registration responses. */
export interface PlayerInfo {
  id: number;
  username: string;
  role: Role;
  mapId: string;
  x: number;
  y: number;
}

/** The body of `201 POST /auth/register` and `200 POST /auth/login`. */
export interface AuthResponse {
  token: string;
  player: PlayerInfo;
}

/** Every HTTP error body. */
export interface HttpError {
  error: string;
  message: string;
}
