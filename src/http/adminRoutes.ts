import { Router } from "express";
import type { AuthService, Kick } from "../services/AuthService.js";
import { bodyOf, requireJsonBody } from "./authRoutes.js";
import { accountOf, bearerAuth, sendAuthFail } from "./bearerAuth.js";

export interface AdminRoutesDeps {
  auth: AuthService;
  /** Closes an online session and resolves after its state is saved (rooms layer). */
  kick: Kick;
}

/**
 * POST /admin/ban `{username, reason?}` (admin bearer): 204, and an online session is kicked (BANNED).
 * Full paths: mount at the root, after `express.json()`.
 */
export function adminRoutes({ auth, kick }: AdminRoutesDeps): Router {
  const router = Router();

  router.post("/admin/ban", bearerAuth(auth), requireJsonBody, async (req, res) => {
    const { username, reason } = bodyOf(req);
    const result = await auth.ban(accountOf(res), username, reason, kick);
    if (!result.ok) return sendAuthFail(res, result);
    res.status(204).end();
  });

  return router;
}
