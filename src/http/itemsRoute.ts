import { Router } from "express";
import type { ItemService } from "../services/ItemService.js";

/** GET /items: `200 [item]`, the whole catalogue in catalogue order (reference data, cacheable). */
export function itemsRoute(items: Pick<ItemService, "getAll">): Router {
  const router = Router();
  const body = JSON.stringify(items.getAll());
  router.get("/items", (_req, res) => {
    res.setHeader("Cache-Control", "public, max-age=60");
    res.type("application/json").send(body);
  });
  return router;
}
