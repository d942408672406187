import type { Ok } from "./results.js";

/**
 * Every error code of the HTTP routes (PROTOCOL.md "HTTP"), with its status. Separate from the command
 * codes of `errorCodes.ts`; UNAUTHORIZED, FORBIDDEN, NOT_FOUND and BANNED exist in both with the same
 * meaning. Changing a name is a breaking protocol change.
 */
export const AUTH_ERROR_STATUS = {
  INVALID_INPUT: 400,
  USERNAME_TAKEN: 409,
  INVALID_CREDENTIALS: 401,
  TOO_MANY_ATTEMPTS: 429,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BANNED: 403,
} as const;

export type AuthErrorCode = keyof typeof AUTH_ERROR_STATUS;

export const AUTH_ERROR_CODES = Object.keys(AUTH_ERROR_STATUS) as AuthErrorCode[];

export function isAuthErrorCode(value: unknown): value is AuthErrorCode {
  return typeof value === "string" && Object.hasOwn(AUTH_ERROR_STATUS, value);
}

/** An expected refusal of an account operation. `retryAfterS` is set with TOO_MANY_ATTEMPTS only. */
export interface AuthFail<C extends AuthErrorCode = AuthErrorCode> {
  ok: false;
  code: C;
  message: string;
  retryAfterS?: number;
}

/** Account operations return `Ok<T>` or `AuthFail`, never throw for an expected refusal. */
export type AuthResult<T> = Ok<T> | AuthFail;

export function authFail<C extends AuthErrorCode>(code: C, message: string, retryAfterS?: number): AuthFail<C> {
  return retryAfterS === undefined ? { ok: false, code, message } : { ok: false, code, message, retryAfterS };
}
