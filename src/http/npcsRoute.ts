import { Router } from "express";
import type { NpcKindService } from "../services/NpcKindService.js";

/** GET /npcs: `200 [npcKind]`, every NPC kind in content order (reference data, cacheable). */
export function npcsRoute(kinds: Pick<NpcKindService, "describe">): Router {
  const router = Router();
  const body = JSON.stringify(kinds.describe());
  router.get("/npcs", (_req, res) => {
    res.setHeader("Cache-Control", "public, max-age=60");
    res.type("application/json").send(body);
  });
  return router;
}
