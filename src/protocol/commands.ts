import { z } from "zod";
import type { ErrorCode } from "./errorCodes.js";
import { CHAT_CHANNELS } from "./messages.js";
import { COMBAT_STYLES, DIRECTIONS, SKILL_NAMES } from "./names.js";

const int = () => z.number().int().refine(Number.isSafeInteger, "must be a safe integer");
const positive = () => int().min(1);
const username = () => z.string().min(1).max(32);
const seq = z.unknown().optional();
/** Chat text is any string here; trimming, its length and its characters are rules (INVALID_PAYLOAD too). */
const text = () => z.string();

/**
 * The payload of every command (PROTOCOL.md "Commands"): strict objects (unknown fields refused), integers
 * where the protocol says integers. `seq` is allowed everywhere and read separately by `seqOf`. Slot ranges
 * are the rules' to check (INVALID_SLOT), not the schema's.
 */
export const COMMAND_SCHEMAS = {
  move: z.strictObject({ seq, dir: z.enum(DIRECTIONS) }),
  "inventory:move": z.strictObject({ seq, from: int(), to: int() }),
  "inventory:drop": z.strictObject({ seq, slot: int(), quantity: int().optional() }),
  "ground:pickup": z.strictObject({ seq, id: int() }),
  equip: z.strictObject({ seq, slot: int() }),
  unequip: z.strictObject({ seq, slot: z.string().max(32) }),
  attack: z
    .strictObject({ seq, npcId: int().optional(), playerId: int().optional() })
    .refine((p) => (p.npcId === undefined) !== (p.playerId === undefined), "exactly one of npcId and playerId"),
  "attack:stop": z.strictObject({ seq }),
  "combat:style": z.strictObject({ seq, style: z.enum(COMBAT_STYLES) }),
  eat: z.strictObject({ seq, slot: int() }),
  "bank:deposit": z.strictObject({ seq, slot: int(), quantity: int().optional() }),
  "bank:depositAll": z.strictObject({ seq }),
  "bank:withdraw": z.strictObject({ seq, bankSlot: int(), quantity: int().optional() }),
  "bank:move": z.strictObject({ seq, from: int(), to: int() }),
  "shop:buy": z.strictObject({ seq, npcId: int(), itemId: int(), quantity: positive() }),
  "shop:sell": z.strictObject({ seq, npcId: int(), slot: int(), quantity: int().optional() }),
  gather: z.strictObject({ seq, resourceId: int() }),
  cook: z.strictObject({ seq, slot: int(), resourceId: int() }),
  "trade:request": z.strictObject({ seq, playerId: int() }),
  "trade:accept": z.strictObject({ seq, playerId: int() }),
  "trade:offer": z.strictObject({ seq, slot: int(), quantity: int().optional() }),
  "trade:withdraw": z.strictObject({ seq, index: int(), quantity: int().optional() }),
  "trade:confirm": z.strictObject({ seq }),
  "trade:cancel": z.strictObject({ seq }),
  chat: z
    .strictObject({ seq, channel: z.enum(CHAT_CHANNELS), text: text(), to: username().optional() })
    .refine((p) => (p.channel === "dm") === (p.to !== undefined), { path: ["to"], message: "required for dm, and only for dm" }),
  "mod:mute": z.strictObject({ seq, username: username(), minutes: int().min(1).max(10_080) }),
  "mod:unmute": z.strictObject({ seq, username: username() }),
  "mod:kick": z.strictObject({ seq, username: username(), reason: z.string().max(200).optional() }),
  "admin:announce": z.strictObject({ seq, text: text() }),
  "admin:give": z.strictObject({ seq, itemId: int(), quantity: positive(), username: username().optional() }),
  "admin:damage": z.strictObject({ seq, amount: positive(), username: username().optional() }),
  "admin:xp": z.strictObject({ seq, skill: z.enum(SKILL_NAMES), xp: positive(), username: username().optional() }),
  "admin:spawn": z.strictObject({ seq, kind: z.string().min(1).max(64), x: int().optional(), y: int().optional() }),
  "admin:teleport": z.strictObject({
    seq, x: int(), y: int(), mapId: z.string().min(1).max(64).optional(), username: username().optional(),
  }),
} as const;

export type CommandType = keyof typeof COMMAND_SCHEMAS;
/** Every command type the server answers; any other type gets INVALID_PAYLOAD. */
export const COMMAND_TYPES = Object.keys(COMMAND_SCHEMAS) as CommandType[];

/** A command's payload as the server accepts it (without `seq`, which every payload may carry). */
export type CommandPayload<T extends CommandType> = z.infer<(typeof COMMAND_SCHEMAS)[T]>;

export function isCommandType(value: unknown): value is CommandType {
  return typeof value === "string" && Object.hasOwn(COMMAND_SCHEMAS, value);
}

/**
 * The `result` message: exactly one per command. `seq` echoes the payload's (null when it had none).
 * Either branch may be read for any field (absent fields are undefined), so `result.code` needs no narrowing.
 */
export type CommandResult =
  | { seq: number | null; type: string; ok: true; data?: unknown; code?: undefined; message?: undefined; retryAfterMs?: undefined }
  | { seq: number | null; type: string; ok: false; code: ErrorCode; message: string; retryAfterMs?: number; data?: undefined };

/** The client's `seq`: a non-negative integer, or null (absent, malformed, or the payload is no object). */
export function seqOf(payload: unknown): number | null {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return null;
  const value = (payload as { seq?: unknown }).seq;
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? value : null;
}
