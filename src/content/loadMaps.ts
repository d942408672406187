import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { GameMap, MapFormatError } from "./GameMap.js";

/** Maps that cannot make a world; the message names every bad file and each of its problems at once. */
export class MapLoadError extends Error {
  override readonly name: string = "MapLoadError";

  constructor(readonly problems: string[]) {
    super(`Invalid maps:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/** The project's `maps/` folder, found from this file whether it runs from `src/` or from a build in `dist/`. */
export function defaultMapsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "package.json"))) return join(dir, "maps");
    const parent = dirname(dir);
    if (parent === dir) throw new Error("no package.json above src/content: cannot find the maps/ folder");
    dir = parent;
  }
}

/**
 * Reads every `*.tmj` file of `dir` into a `GameMap` keyed by the file's stem (the map id), then checks
 * the world as a whole: every portal leads to a known map, onto a tile inside it that is walkable and
 * holds no portal.
 * @throws MapLoadError naming each file and what is wrong with it (unreadable or invalid JSON, a missing
 * collision layer or player_spawn, a portal without targetMap, a bad portal target, ...), all at once.
 */
export function loadMaps(dir: string = defaultMapsDir()): Map<string, GameMap> {
  const files = readdirSync(dir).filter((f) => f.endsWith(".tmj")).sort();
  if (files.length === 0) throw new MapLoadError([`${dir}: no .tmj map files`]);
  const problems: string[] = [];
  const maps = new Map<string, GameMap>();
  const fileOf = new Map<string, string>();
  for (const file of files) {
    const id = basename(file, ".tmj");
    try {
      const json: unknown = JSON.parse(readFileSync(join(dir, file), "utf8"));
      maps.set(id, GameMap.fromTiled(id, json));
      fileOf.set(id, file);
    } catch (err) {
      if (err instanceof MapFormatError) problems.push(...err.problems.map((p) => `${file}: ${p}`));
      else problems.push(`${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  for (const [id, map] of maps) {
    for (const portal of map.portals) {
      const where = `${fileOf.get(id)}: portal at (${portal.x}, ${portal.y})`;
      const target = maps.get(portal.targetMap);
      const dest = `(${portal.targetX}, ${portal.targetY}) of "${portal.targetMap}"`;
      if (!target) {
        if (!files.includes(`${portal.targetMap}.tmj`)) problems.push(`${where} leads to the unknown map "${portal.targetMap}"`);
      } else if (!target.contains(portal.targetX, portal.targetY)) problems.push(`${where} leads to ${dest}, outside that map`);
      else if (target.isBlocked(portal.targetX, portal.targetY)) problems.push(`${where} leads to ${dest}, a blocked tile`);
      else if (target.portalAt(portal.targetX, portal.targetY)) problems.push(`${where} leads to ${dest}, onto another portal`);
    }
  }
  if (problems.length > 0) throw new MapLoadError(problems);
  return maps;
}
