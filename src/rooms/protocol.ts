/** Names and codes of the client protocol (PROTOCOL.md) shared by the room, the tests and the bots. */

export const COMMAND_TYPES = [
  "move",
  "inventory:move",
  "inventory:drop",
  "ground:pickup",
  "equip",
  "unequip",
  "admin:give",
  "admin:damage",
  "admin:xp",
  "admin:teleport",
] as const;
export type CommandType = (typeof COMMAND_TYPES)[number];

export const SERVER_MESSAGES = { result: "result", transfer: "transfer", kicked: "kicked" } as const;

export const KICK_REASONS = ["LOGGED_IN_ELSEWHERE", "BANNED", "ACCOUNT_DELETED", "SERVER_SHUTDOWN"] as const;
export type KickReason = (typeof KICK_REASONS)[number];

/** Close code of a kicked client: the SDK does not reconnect on it. */
export const CLOSE_KICKED = 4100;
/** Close code of every client when the server shuts down. */
export const CLOSE_SHUTDOWN = 4001;

export type CommandResult =
  | { seq: number | null; type: string; ok: true; data?: unknown }
  | { seq: number | null; type: string; ok: false; code: string; message: string; retryAfterMs?: number };
