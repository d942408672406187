/**
 * Every error code of the protocol (PROTOCOL.md). Changing a name is a breaking protocol change.
 * Command `result`s carry `ERROR_CODES`; refused joins carry `JOIN_ERROR_STATUS` codes as `"<CODE>: <message>"`
 * with the status as the ServerError code; HTTP routes answer `{error, message}` with `HTTP_ERROR_STATUS`.
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
  "NOT_ATTACKABLE",
  "TOO_FAR",
  "NOT_EDIBLE",
  "BANK_FULL",
  "OUT_OF_STOCK",
  "NOT_ENOUGH_COINS",
  "NOT_TRADEABLE",
  "BUSY",
  "NOT_TRADING",
  "ITEM_GONE",
  "DEPLETED",
  "NO_TOOL",
  "NOT_COOKABLE",
  "MUTED",
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

/** The status of each code a refused join can carry (Colyseus `ServerError` code). */
export const JOIN_ERROR_STATUS = {
  UNAUTHORIZED: 401,
  BANNED: 403,
  WRONG_MAP: 409,
  LOGGED_IN_ELSEWHERE: 409,
  SERVER_FULL: 503,
} as const;
export type JoinErrorCode = keyof typeof JOIN_ERROR_STATUS;

/** Every error code of the HTTP routes, with its status. */
export const HTTP_ERROR_STATUS = {
  INVALID_INPUT: 400,
  USERNAME_TAKEN: 409,
  INVALID_CREDENTIALS: 401,
  TOO_MANY_ATTEMPTS: 429,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BANNED: 403,
  UNAVAILABLE: 503,
} as const;
export type HttpErrorCode = keyof typeof HTTP_ERROR_STATUS;

export function isHttpErrorCode(value: unknown): value is HttpErrorCode {
  return typeof value === "string" && Object.hasOwn(HTTP_ERROR_STATUS, value);
}
