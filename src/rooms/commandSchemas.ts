import { z } from "zod";
import { EQUIPMENT_SLOTS, SKILL_NAMES } from "../state/types.js";
import type { CommandType } from "./protocol.js";

const int = () => z.number().int().refine(Number.isSafeInteger, "must be a safe integer");
const positive = () => int().min(1);
const username = () => z.string().min(1).max(32);
const seq = z.unknown().optional();

/**
 * The payload of every command: strict objects (unknown fields refused), integers where the protocol
 * says integers. `seq` is allowed everywhere and read separately. Slot ranges are checked by the
 * services (INVALID_SLOT), not here.
 */
export const COMMAND_SCHEMAS = {
  move: z.strictObject({ seq, dir: z.enum(["up", "down", "left", "right"]) }),
  "inventory:move": z.strictObject({ seq, from: int(), to: int() }),
  "inventory:drop": z.strictObject({ seq, slot: int(), quantity: int().optional() }),
  "ground:pickup": z.strictObject({ seq, id: int() }),
  equip: z.strictObject({ seq, slot: int() }),
  unequip: z.strictObject({ seq, slot: z.string().max(32) }),
  "admin:give": z.strictObject({ seq, itemId: int(), quantity: positive(), username: username().optional() }),
  "admin:damage": z.strictObject({ seq, amount: positive(), username: username().optional() }),
  "admin:xp": z.strictObject({ seq, skill: z.enum(SKILL_NAMES), xp: positive(), username: username().optional() }),
  "admin:teleport": z.strictObject({
    seq, x: int(), y: int(), mapId: z.string().min(1).max(64).optional(), username: username().optional(),
  }),
} satisfies Record<CommandType, z.ZodType>;

export type CommandPayload<T extends CommandType> = z.infer<(typeof COMMAND_SCHEMAS)[T]>;

/** The client's `seq`: a non-negative integer, or null (absent, malformed, or the payload is no object). */
export function seqOf(payload: unknown): number | null {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return null;
  const value = (payload as { seq?: unknown }).seq;
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

export const isEquipmentSlotName = (name: string) => (EQUIPMENT_SLOTS as readonly string[]).includes(name);
