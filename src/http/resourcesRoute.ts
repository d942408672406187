import { Router } from "express";
import { RESOURCE_KINDS } from "../content/resourceKinds.js";
import type { ResourceKindInfo } from "../protocol/index.js";
import type { ItemService } from "../services/ItemService.js";

/**
 * `GET /resources`: `200 [{kind, skill, requiredLevel, tool, item, xp, respawnS}]`, every resource kind in
 * content order (reference data, cacheable); `respawnS` is scaled by `NPC_RESPAWN_SCALE` as the server runs it.
 */
export function resourcesRoute(items: Pick<ItemService, "getByName">, respawnScale: number): Router {
  const router = Router();
  const list: ResourceKindInfo[] = RESOURCE_KINDS.map((kind) => ({
    kind: kind.kind,
    skill: kind.skill,
    requiredLevel: kind.requiredLevel,
    tool: kind.tools.map((t) => t.item),
    item: kind.item === null ? null : (items.getByName(kind.item)?.id ?? null),
    xp: kind.xp,
    respawnS: (kind.respawnMs * respawnScale) / 1000,
  }));
  const body = JSON.stringify(list);
  router.get("/resources", (_req, res) => {
    res.setHeader("Cache-Control", "public, max-age=60");
    res.type("application/json").send(body);
  });
  return router;
}
