import type { CommandResult, ErrorCode, HttpErrorCode, KickReason } from "../../../src/protocol/index.js";

/** What the client knows about a refused command beyond its result (e.g. the item involved). */
export interface RefusalContext {
  /** The item the command was about, with its requirement. */
  item?: { displayName: string; requiredSkill: string | null; requiredLevel: number };
  /** The player a direct message was for. */
  to?: string;
  /** What an `attack` was aimed at: `name` as said in a sentence ("the Rat", "bob"). */
  target?: { type: "npc" | "player"; name: string };
}

const seconds = (ms: number | undefined) => `${Math.max(0.1, Math.ceil((ms ?? 0) / 100) / 10)} s`;
const minutes = (ms: number | undefined) => {
  const min = Math.ceil((ms ?? 0) / 60_000);
  return min >= 120 ? `${Math.ceil(min / 60)} hours` : `${min} minute${min === 1 ? "" : "s"}`;
};
const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

type Refused = Extract<CommandResult, { ok: false }>;

/** Words for every error code a command can get; the record's type makes sure none is forgotten. */
const WORDS: Record<ErrorCode, (r: Refused, c: RefusalContext) => string> = {
  INVALID_PAYLOAD: (r) => (r.type === "chat" ? `That message cannot be sent: ${r.message}.` : `The server did not understand that: ${r.message}.`),
  FORBIDDEN: () => "You are not allowed to do that.",
  DEAD: () => "You are dead: wait until you respawn.",
  RATE_LIMITED: (r) => (r.type === "eat" ? `You are still eating: wait ${seconds(r.retryAfterMs)}.` : `Too fast: wait ${seconds(r.retryAfterMs)}.`),
  BLOCKED: (r) => (r.type === "move" ? "Something blocks the way." : "That tile is blocked."),
  INVALID_SLOT: () => "There is no such slot.",
  SLOT_EMPTY: () => "That slot is empty.",
  NOT_FOUND: (r, c) =>
    r.type === "ground:pickup" ? "That item is gone (or is not yours to take yet)."
    : r.type === "chat" ? `${c.to ?? "That player"} is not online.`
    : r.type === "attack" ? `${capitalised(c.target?.name ?? "that target")} is gone, or out of sight.`
    : r.type === "shop:buy" ? "The shopkeeper is gone, or no longer sells that."
    : r.type === "shop:sell" ? "The shopkeeper is gone."
    : r.type === "trade:request" ? `${c.to ?? "That player"} is not here to trade with.`
    : r.type === "trade:accept" ? "That request to trade has lapsed (or its player left)."
    : `Not found: ${r.message}.`,
  NOT_ON_TILE: () => "Stand on the item to pick it up.",
  INVENTORY_FULL: (r) => (r.type === "unequip" || r.type === "equip" ? "Your inventory is full: no room for what comes off." : "Your inventory is full."),
  NOT_EQUIPABLE: (_r, c) => `${c.item?.displayName ?? "That"} cannot be equipped.`,
  REQUIREMENTS_NOT_MET: (r, c) =>
    c.item?.requiredSkill
      ? `You need level ${c.item.requiredLevel} ${capitalised(c.item.requiredSkill)} for ${c.item.displayName}.`
      : `Requirements not met: ${r.message}.`,
  NOT_ATTACKABLE: (r, c) =>
    c.target?.type === "npc" ? `${capitalised(c.target.name)} is peaceful: it cannot be attacked.`
    : c.target?.type === "player" ? `You can fight ${c.target.name} only where you both stand inside a PvP area.`
    : `You cannot attack that: ${r.message}.`,
  TOO_FAR: (r, c) =>
    r.type === "attack" ? `${capitalised(c.target?.name ?? "the target")} is out of reach: stand next to it to attack.`
    : r.type.startsWith("bank:") ? "Stand next to a bank booth to use the bank."
    : r.type.startsWith("shop:") ? "Stand closer to the shopkeeper to trade."
    : r.type.startsWith("trade:") ? "You are too far apart to trade: walk closer."
    : "You are too far away.",
  NOT_EDIBLE: (_r, c) => `${c.item?.displayName ?? "That"} is not something you can eat.`,
  BANK_FULL: () => "Your bank is full.",
  OUT_OF_STOCK: () => "The shop has none left.",
  NOT_ENOUGH_COINS: () => "You do not have enough coins.",
  NOT_TRADEABLE: () => "The shop does not buy that.",
  BUSY: () => "One of you is already trading.",
  NOT_TRADING: () => "You are not trading.",
  ITEM_GONE: () => "An offered item is no longer there.",
  DEPLETED: () => "There is nothing left here for now: it comes back after a while.",
  NO_TOOL: (r) => `You need a tool: ${r.message}.`,
  NOT_COOKABLE: () => "You cannot cook that.",
  MUTED: (r) => `You are muted for ${minutes(r.retryAfterMs)} more.`,
  UNAVAILABLE: () => "The server cannot reach its storage right now: nothing changed, try again.",
  INTERNAL: () => "The server failed to do that: try again.",
  WRONG_MAP: () => "You are on another map.",
  SERVER_FULL: () => "The map is full: try again later.",
  UNAUTHORIZED: () => "Your session has ended: log in again.",
  BANNED: () => "This account is banned.",
};

/** The words shown for a refused command (PROTOCOL.md codes), using what the client knows about it. */
export function refusalWords(result: Refused, context: RefusalContext = {}): string {
  const words = WORDS[result.code] as ((r: Refused, c: RefusalContext) => string) | undefined;
  return words ? words(result, context) : `Refused (${String(result.code)}): ${result.message}.`;
}

/** Words for a refused login or registration (`{error, message}` with its status; 429 carries Retry-After). */
export function authErrorWords(error: { status: number; code: string; message: string; retryAfterS?: number }): string {
  const code = error.code as HttpErrorCode;
  switch (code) {
    case "USERNAME_TAKEN":
      return "That name is taken: choose another.";
    case "INVALID_CREDENTIALS":
      return "Wrong username or password.";
    case "TOO_MANY_ATTEMPTS":
      return `Too many failed attempts: wait ${error.retryAfterS !== undefined ? `${error.retryAfterS} s` : "a while"} before trying again.`;
    case "BANNED":
      return `This account is banned${error.message ? `: ${error.message}` : ""}.`;
    case "INVALID_INPUT":
      return `${capitalised(error.message)}.`;
    case "UNAVAILABLE":
      return "The server is not ready (starting, or cannot reach its storage): try again.";
    default:
      return `The server answered ${error.status}: ${error.message || error.code}.`;
  }
}

const KICK_WORDS: Record<KickReason, string> = {
  LOGGED_IN_ELSEWHERE: "You logged in somewhere else, so this window was disconnected.",
  BANNED: "This account has been banned.",
  ACCOUNT_DELETED: "This account has been deleted.",
  KICKED: "A moderator removed you from the game.",
  FLOODING: "You sent too many messages too fast, so the server closed the connection.",
  SERVER_SHUTDOWN: "The server is shutting down. Log in again in a moment.",
};

/** Words for a `kicked` reason (an unknown reason is shown as it is). */
export function kickWords(reason: string): string {
  return (KICK_WORDS as Record<string, string | undefined>)[reason] ?? `You were disconnected (${reason}).`;
}
