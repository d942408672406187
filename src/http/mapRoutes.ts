import { existsSync } from "node:fs";
import { isAbsolute, join, normalize, sep } from "node:path";
import express from "express";
import { defaultMapsDir } from "../content/loadMaps.js";
import type { WorldService } from "../services/WorldService.js";

/**
 * The tileset images the maps name (each tileset's `image`, relative to the map file), kept only when the
 * path stays inside the maps folder; a map served at `/maps/:id` names them relative to that URL, so a
 * client resolving them finds them at `/maps/<image>`.
 */
function tilesetImagesOf(world: WorldService): Set<string> {
  const images = new Set<string>();
  for (const map of world.all()) {
    const tilesets = Array.isArray(map.tiled.tilesets) ? (map.tiled.tilesets as unknown[]) : [];
    for (const tileset of tilesets) {
      const image = (tileset as { image?: unknown } | null)?.image;
      if (typeof image !== "string" || isAbsolute(image)) continue;
      const path = normalize(image);
      if (path.startsWith("..") || path.split(sep).includes("..")) continue;
      images.add(path.split(sep).join("/"));
    }
  }
  return images;
}

/**
 * `GET /maps`: 200 with every map's summary `{id, width, height, spawn, portals}`, sorted by id.
 * `GET /maps/:id`: 200 with the map's Tiled JSON, or 404 `{error: "NOT_FOUND", message}`.
 * `GET /maps/<image>`: every tileset image a map names (e.g. `terrain.png`), from the maps folder.
 */
export function mapRoutes(world: WorldService, mapsDir: string = defaultMapsDir()): express.Router {
  const router = express.Router();
  const summaries = world.all().map((m) => m.summary());
  const images = tilesetImagesOf(world);
  router.get("/maps", (_req, res) => {
    res.json(summaries);
  });
  router.use("/maps", (req, res, next) => {
    const name = decodeURIComponent(req.path.slice(1));
    if ((req.method !== "GET" && req.method !== "HEAD") || !images.has(name)) return next();
    const file = join(mapsDir, name);
    if (!existsSync(file)) {
      res.status(404).json({ error: "NOT_FOUND", message: `the tileset image "${name}" is missing from the maps folder` });
      return;
    }
    res.sendFile(file, { maxAge: "1h" });
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
