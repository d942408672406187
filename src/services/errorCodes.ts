/**
 * Every error code a command `result` can carry (PROTOCOL.md). Rooms, services and tests use these names;
 * changing one is a breaking protocol change.
 */
export const ERROR_CODES = [
  "INVALID_PAYLOAD",
  "FORBIDDEN",
  "DEAD",
  "RATE_LIMITED",
  "BLOCKED",
  "INVALID_SLOT",
  "SLOT_EMPTY",
  "NOT_FOUND",
  "NOT_ON_TILE",
  "INVENTORY_FULL",
  "NOT_EQUIPABLE",
  "REQUIREMENTS_NOT_MET",
  "UNAVAILABLE",
  "INTERNAL",
  "WRONG_MAP",
  "SERVER_FULL",
  "UNAUTHORIZED",
  "BANNED",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

const ERROR_CODE_SET: ReadonlySet<string> = new Set(ERROR_CODES);

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && ERROR_CODE_SET.has(value);
}
