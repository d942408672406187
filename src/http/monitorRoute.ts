import { createHash, timingSafeEqual } from "node:crypto";
import { monitor } from "@colyseus/monitor";
import { Router, type RequestHandler } from "express";
import { addressOf } from "./authRoutes.js";

export interface MonitorCredentials {
  user: string;
  /** Empty: the monitor is off and `/monitor` answers 404. */
  password: string;
}

const REALM = 'Basic realm="Colyseus monitor", charset="UTF-8"';
// The read-only API of the monitor's panel; its other routes (`/api/room/call` runs any method of a room,
// through a GET a foreign page can trigger) are refused.
const READ_ONLY_API = new Set(["/api", "/api/room"]);

/** The monitor's failed-login limit per client address (`AuthThrottle`). */
export interface MonitorLimiter {
  /** Seconds until `address` may try again; 0 when it may. */
  monitorBlockedForS(address: string): Promise<number>;
  recordMonitorFailure(address: string): Promise<void>;
}

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
 * time; others get 401 with `WWW-Authenticate: Basic`. With a `limiter`, every wrong pair of
 * credentials counts as a failure of the client's address, and an address over its limit gets
 * `429 TOO_MANY_ATTEMPTS` with `Retry-After`, even with the right credentials, until its window ends.
 */
export function basicAuth(expected: MonitorCredentials, limiter?: MonitorLimiter): RequestHandler {
  return async (req, res, next) => {
    const address = addressOf(req);
    const blockedForS = limiter ? await limiter.monitorBlockedForS(address) : 0;
    if (blockedForS > 0) {
      res.setHeader("Retry-After", String(blockedForS));
      res.status(429).json({ error: "TOO_MANY_ATTEMPTS", message: `too many failed logins; try again in ${blockedForS} s` });
      return;
    }
    const given = basicCredentialsOf(req.headers.authorization);
    // Both comparisons always run, so a right user name does not answer faster than a wrong one.
    const userOk = safeEqual(given?.user ?? "", expected.user);
    const passwordOk = safeEqual(given?.password ?? "", expected.password);
    if (given && userOk && passwordOk) return next();
    // A request without credentials is how a browser asks for the prompt: only a wrong guess counts.
    if (given && limiter) await limiter.recordMonitorFailure(address);
    res.setHeader("WWW-Authenticate", REALM);
    res.status(401).json({ error: "UNAUTHORIZED", message: "the monitor needs credentials" });
  };
}

/**
 * Lets through only reads: GET or HEAD of the panel's files and of its read-only API (room list, room
 * details). Anything else answers `403 FORBIDDEN` (`/api/room/call`: disposing rooms, kicking clients and
 * editing room state bypass the game's rules and storage; use the admin routes and commands).
 */
function readOnly(): RequestHandler {
  return (req, res, next) => {
    let path: string;
    try {
      path = decodeURIComponent(req.path).toLowerCase().replace(/\/+$/, "");
    } catch {
      path = "/api/invalid";
    }
    const isApi = path === "/api" || path.startsWith("/api/");
    if ((req.method === "GET" || req.method === "HEAD") && (!isApi || READ_ONLY_API.has(path))) return next();
    res.status(403).json({ error: "FORBIDDEN", message: "the monitor is read-only here" });
  };
}

export interface MonitorRouteOptions {
  /** The failed-login limit; null while the server is starting (the monitor then answers 503). */
  limiter?: () => MonitorLimiter | null;
  panel?: () => RequestHandler;
}

/**
 * `/monitor` (and everything under it): the Colyseus monitor, read-only, behind basic auth with
 * `credentials` and the failed-login limit, or `404 {error: "NOT_FOUND"}` when no password is
 * configured. Mount at the root.
 */
export function monitorRoute(credentials: MonitorCredentials, options: MonitorRouteOptions = {}): Router {
  const router = Router();
  if (credentials.password === "") {
    router.use("/monitor", (_req, res) => {
      res.status(404).json({ error: "NOT_FOUND", message: "the monitor is off" });
    });
    return router;
  }
  const limited: RequestHandler = (req, res, next) => {
    const limiter = options.limiter ? options.limiter() : undefined;
    if (limiter === null) {
      res.status(503).json({ error: "UNAVAILABLE", message: "the server is still starting" });
      return;
    }
    return basicAuth(credentials, limiter)(req, res, next);
  };
  router.use("/monitor", limited, readOnly(), (options.panel ?? (() => monitor()))());
  return router;
}
