import type { RequestHandler, Response } from "express";
import { HTTP_ERROR_STATUS } from "../protocol/index.js";
import type { AuthFail } from "../services/authErrorCodes.js";
import type { AuthService } from "../services/AuthService.js";
import type { Account } from "../state/PlayerRepository.js";

const ACCOUNT_LOCAL = "account";

/**
 * Answers an expected refusal: the code's status and `{error: CODE, message}`; TOO_MANY_ATTEMPTS also
 * carries a `Retry-After` header (seconds).
 */
export function sendAuthFail(res: Response, failure: AuthFail): void {
  if (failure.retryAfterS !== undefined) res.setHeader("Retry-After", String(failure.retryAfterS));
  res.status(HTTP_ERROR_STATUS[failure.code]).json({ error: failure.code, message: failure.message });
}

/** The token of an `Authorization: Bearer <token>` header (scheme without regard to case), or null. */
export function bearerTokenOf(header: string | undefined): string | null {
  const match = /^Bearer +(\S+) *$/i.exec(header ?? "");
  return match?.[1] ?? null;
}

/**
 * Middleware that admits a request only with a valid bearer token (`AuthService.verifyToken`): 401
 * UNAUTHORIZED or 403 BANNED otherwise. Handlers after it read the account with `accountOf(res)`.
 */
export function bearerAuth(auth: Pick<AuthService, "verifyToken">): RequestHandler {
  return async (req, res, next) => {
    const result = await auth.verifyToken(bearerTokenOf(req.headers.authorization));
    if (!result.ok) {
      sendAuthFail(res, result);
      return;
    }
    res.locals[ACCOUNT_LOCAL] = result.data;
    next();
  };
}

/** The account `bearerAuth` resolved for this request. @throws Error when `bearerAuth` did not run. */
export function accountOf(res: Response): Account {
  const account = res.locals[ACCOUNT_LOCAL] as Account | undefined;
  if (!account) throw new Error("accountOf: bearerAuth did not run for this route");
  return account;
}
