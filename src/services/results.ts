import type { ErrorCode } from "../protocol/index.js";

/** The success branch of a service or rule outcome. */
export interface Ok<T> {
  ok: true;
  data: T;
}

/** An expected refusal, named by a protocol error code; `message` is for people, not for branching. */
export interface Fail {
  ok: false;
  code: ErrorCode;
  message: string;
  /** When trying again makes sense, and not before this many ms (e.g. MUTED). */
  retryAfterMs?: number;
}

/** Expected outcomes are returned, never thrown: either `Ok<T>` or `Fail`. */
export type Result<T> = Ok<T> | Fail;

export function ok<T>(data: T): Ok<T> {
  return { ok: true, data };
}

export function fail(code: ErrorCode, message: string): Fail {
  return { ok: false, code, message };
}

/** A refusal that ends by itself: the protocol's `retryAfterMs` tells the client when. */
export function failRetry(code: ErrorCode, message: string, retryAfterMs: number): Fail {
  return { ok: false, code, message, retryAfterMs };
}
