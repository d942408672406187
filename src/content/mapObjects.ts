import { z } from "zod";
import type { NpcSpawn, Portal, TileRect } from "./GameMap.js";
import { npcKindByName } from "./npcKinds.js";
import { resourceKindByName } from "./resourceKinds.js";

/** One object of a map's `objects` layer as Tiled writes it (pixels; properties as a list). */
export const objectSchema = z.looseObject({
  id: z.int().optional(),
  name: z.string().default(""),
  type: z.string().optional(),
  class: z.string().optional(),
  x: z.number(),
  y: z.number(),
  width: z.number().min(0).default(0),
  height: z.number().min(0).default(0),
  point: z.boolean().optional(),
  properties: z.array(z.looseObject({ name: z.string(), type: z.string().optional(), value: z.unknown() })).optional(),
});
export type TiledObject = z.infer<typeof objectSchema>;

/** An object's kind: its Tiled type (1.10; `class` in 1.9), or its name when it has none. */
export function kindOf(o: TiledObject): string {
  return o.type || o.class || o.name;
}

/** How problems name an object: its kind, its name and its Tiled id. */
export function describe(o: TiledObject): string {
  return `${kindOf(o)} ${o.name ? `"${o.name}" ` : ""}(object ${o.id ?? "?"})`;
}

function propertyOf(o: TiledObject, name: string): unknown {
  return o.properties?.find((p) => p.name === name)?.value;
}

/** The tiles a rectangle object covers: every tile it overlaps; a point (or an empty rectangle) its own tile. */
export function rectOf(o: TiledObject, tilewidth: number, tileheight: number): TileRect {
  const x = Math.floor(o.x / tilewidth);
  const y = Math.floor(o.y / tileheight);
  const width = Math.max(1, Math.ceil((o.x + o.width) / tilewidth) - x);
  const height = Math.max(1, Math.ceil((o.y + o.height) / tileheight) - y);
  return { x, y, width, height };
}

/** An `npc_spawn` at `tile` from its properties, or null after adding what is wrong to `problems`. */
export function npcSpawnOf(o: TiledObject, tile: { x: number; y: number }, problems: string[]): NpcSpawn | null {
  const kind = propertyOf(o, "npc");
  const wanderRadius = propertyOf(o, "wanderRadius");
  const before = problems.length;
  if (typeof kind !== "string" || !npcKindByName(kind)) problems.push(`${describe(o)} has no known npc kind (got ${JSON.stringify(kind ?? null)})`);
  if (wanderRadius !== undefined && !(Number.isSafeInteger(wanderRadius) && (wanderRadius as number) >= 0)) {
    problems.push(`${describe(o)} has a wanderRadius that is not a non-negative int`);
  }
  if (problems.length > before) return null;
  return { kind: kind as string, x: tile.x, y: tile.y, wanderRadiusTiles: (wanderRadius as number | undefined) ?? null };
}

/** A `portal` from its rectangle and properties, or null after adding what is wrong to `problems`. */
export function portalOf(o: TiledObject, tilewidth: number, tileheight: number, problems: string[]): Portal | null {
  const targetMap = propertyOf(o, "targetMap");
  const targetX = propertyOf(o, "targetX");
  const targetY = propertyOf(o, "targetY");
  const before = problems.length;
  if (typeof targetMap !== "string" || targetMap === "") problems.push(`${describe(o)} has no targetMap (a non-empty string property)`);
  if (!Number.isSafeInteger(targetX)) problems.push(`${describe(o)} has no targetX (an int property)`);
  if (!Number.isSafeInteger(targetY)) problems.push(`${describe(o)} has no targetY (an int property)`);
  if (problems.length > before) return null;
  return { ...rectOf(o, tilewidth, tileheight), targetMap: targetMap as string, targetX: targetX as number, targetY: targetY as number };
}

/** The resource kind a `resource` object names, or null after adding what is wrong to `problems`. */
export function resourceKindOf(o: TiledObject, problems: string[]): string | null {
  const kind = propertyOf(o, "resource");
  if (typeof kind === "string" && resourceKindByName(kind)) return kind;
  problems.push(`${describe(o)} has no known resource kind (got ${JSON.stringify(kind ?? null)})`);
  return null;
}
