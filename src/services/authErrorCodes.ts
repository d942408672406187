import type { HttpErrorCode } from "../protocol/index.js";
import type { Ok } from "./results.js";

/** An expected refusal of an account operation. `retryAfterS` is set with TOO_MANY_ATTEMPTS only. */
export interface AuthFail<C extends HttpErrorCode = HttpErrorCode> {
  ok: false;
  code: C;
  message: string;
  retryAfterS?: number;
}

/** Account operations return `Ok<T>` or `AuthFail`, never throw for an expected refusal. */
export type AuthResult<T> = Ok<T> | AuthFail;

export function authFail<C extends HttpErrorCode>(code: C, message: string, retryAfterS?: number): AuthFail<C> {
  return retryAfterS === undefined ? { ok: false, code, message } : { ok: false, code, message, retryAfterS };
}
