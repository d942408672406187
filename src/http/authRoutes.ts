import { isStorageFault } from "../state/errors.js";
import { Router, type ErrorRequestHandler, type Request, type RequestHandler, type Response } from "express";
import type { Logger } from "../logger.js";
import type { AuthResult } from "../services/authErrorCodes.js";
import type { AuthService, Kick, Session } from "../services/AuthService.js";
import { accountOf, bearerAuth, sendAuthFail } from "./bearerAuth.js";

export interface AuthRoutesDeps {
  auth: AuthService;
  /** Closes an online session and resolves after its state is saved (rooms layer). */
  kick: Kick;
}

/** The JSON body as a record; anything else (no body, an array, a string) reads as an empty one. */
export function bodyOf(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  return typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

/**
 * Refuses a request whose body is not sent as JSON (400 INVALID_INPUT): without `Content-Type:
 * application/json` the JSON parser leaves the body unread, and every field would look missing.
 */
export const requireJsonBody: RequestHandler = (req, res, next) => {
  if (req.is("application/json")) return next();
  res.status(400).json({ error: "INVALID_INPUT", message: "the body must be JSON, sent with Content-Type: application/json" });
};

/** The client address used for login throttling (honours the app's `trust proxy` setting). */
export function addressOf(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? "unknown";
}

function sendSession(res: Response, result: AuthResult<Session>, status: number): void {
  if (!result.ok) return sendAuthFail(res, result);
  res.setHeader("Cache-Control", "no-store");
  res.status(status).json(result.data);
}

function sendNoContent(res: Response, result: AuthResult<unknown>): void {
  if (!result.ok) return sendAuthFail(res, result);
  res.status(204).end();
}

/**
 * POST /auth/register, POST /auth/login, POST /auth/password and DELETE /auth/account (PROTOCOL.md
 * "HTTP"), with their full paths: mount at the root, after `express.json()`.
 */
export function authRoutes({ auth, kick }: AuthRoutesDeps): Router {
  const router = Router();
  const requireAccount = bearerAuth(auth);

  router.post("/auth/register", requireJsonBody, async (req, res) => {
    const { username, password } = bodyOf(req);
    sendSession(res, await auth.register(username, password, addressOf(req)), 201);
  });

  router.post("/auth/login", requireJsonBody, async (req, res) => {
    const { username, password } = bodyOf(req);
    sendSession(res, await auth.login(username, password, addressOf(req)), 200);
  });

  router.post("/auth/password", requireAccount, requireJsonBody, async (req, res) => {
    const { currentPassword, newPassword } = bodyOf(req);
    sendNoContent(res, await auth.changePassword(accountOf(res), currentPassword, newPassword, kick));
  });

  router.delete("/auth/account", requireAccount, requireJsonBody, async (req, res) => {
    sendNoContent(res, await auth.deleteAccount(accountOf(res), bodyOf(req).password, kick));
  });

  return router;
}

/**
 * The last error handler of the app: a body the JSON parser refuses (malformed, too large, wrong
 * charset) answers its 4xx status with `{error: "INVALID_INPUT", message}`; anything else is logged once
 * and answers `500 {error: "INTERNAL", message}`, or `503 {error: "UNAVAILABLE"}` when a store is unreachable.
 */
export function httpErrorHandler(log?: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    const e = (typeof err === "object" && err !== null ? err : {}) as { status?: unknown; type?: unknown; message?: unknown };
    if (typeof e.type === "string" && typeof e.status === "number" && e.status >= 400 && e.status < 500) {
      res.status(e.status).json({ error: "INVALID_INPUT", message: typeof e.message === "string" ? e.message : "invalid body" });
      return;
    }
    if (isStorageFault(err)) {
      log?.warn({ err, method: req.method, path: req.path }, "storage unavailable");
      res.status(503).json({ error: "UNAVAILABLE", message: "storage unreachable, try again" });
      return;
    }
    log?.error({ err, method: req.method, path: req.path }, "HTTP handler failed");
    res.status(500).json({ error: "INTERNAL", message: "internal error" });
  };
}
