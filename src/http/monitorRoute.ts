import { createHash, timingSafeEqual } from "node:crypto";
import { monitor } from "@colyseus/monitor";
import { Router, type RequestHandler } from "express";

export interface MonitorCredentials {
  user: string;
  /** Empty: the monitor is off and `/monitor` answers 404. */
  password: string;
}

const REALM = 'Basic realm="Colyseus monitor", charset="UTF-8"';

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

/** Constant-time equality of two strings of any lengths (compares fixed-size digests). */
function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

/** `user` and `password` of an `Authorization: Basic` header, or null. */
function basicCredentialsOf(header: string | undefined): { user: string; password: string } | null {
  const match = /^Basic +([A-Za-z0-9+/=]+) *$/i.exec(header ?? "");
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * Middleware admitting only requests with the right basic-auth credentials, both compared in constant
 * time; others get 401 with `WWW-Authenticate: Basic`.
 */
export function basicAuth(expected: MonitorCredentials): RequestHandler {
  return (req, res, next) => {
    const given = basicCredentialsOf(req.headers.authorization);
    // Both comparisons always run, so a right user name does not answer faster than a wrong one.
    const userOk = safeEqual(given?.user ?? "", expected.user);
    const passwordOk = safeEqual(given?.password ?? "", expected.password);
    if (given && userOk && passwordOk) return next();
    res.setHeader("WWW-Authenticate", REALM);
    res.status(401).json({ error: "UNAUTHORIZED", message: "the monitor needs credentials" });
  };
}

/**
 * `/monitor` (and everything under it): the Colyseus monitor behind basic auth with `credentials`, or
 * `404 {error: "NOT_FOUND"}` when no password is configured. Mount at the root.
 */
export function monitorRoute(credentials: MonitorCredentials, panel: () => RequestHandler = () => monitor()): Router {
  const router = Router();
  if (credentials.password === "") {
    router.use("/monitor", (_req, res) => {
      res.status(404).json({ error: "NOT_FOUND", message: "the monitor is off" });
    });
    return router;
  }
  router.use("/monitor", basicAuth(credentials), panel());
  return router;
}
