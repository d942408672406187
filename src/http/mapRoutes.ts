import express from "express";
import type { WorldService } from "../services/WorldService.js";

/**
 * `GET /maps`: 200 with every map's summary `{id, width, height, spawn, portals}`, sorted by id.
 * `GET /maps/:id`: 200 with the map's Tiled JSON, or 404 `{error: "NOT_FOUND", message}`.
 */
export function mapRoutes(world: WorldService): express.Router {
  const router = express.Router();
  const summaries = world.all().map((m) => m.summary());
  router.get("/maps", (_req, res) => {
    res.json(summaries);
  });
  router.get("/maps/:id", (req, res) => {
    const map = world.get(req.params.id);
    if (!map) {
      res.status(404).json({ error: "NOT_FOUND", message: `there is no map "${req.params.id}"` });
      return;
    }
    res.json(map.tiled);
  });
  return router;
}
