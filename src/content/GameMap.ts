import { z } from "zod";
import { describe, kindOf, npcSpawnOf, objectSchema, portalOf, rectOf, resourceKindOf, type TiledObject } from "./mapObjects.js";

/** A tile position (integer tile coordinates, (0, 0) top-left). */
export interface TilePoint {
  x: number;
  y: number;
}

/** A portal rectangle in tiles, and where stepping onto it leads. */
export interface Portal {
  x: number;
  y: number;
  width: number;
  height: number;
  targetMap: string;
  targetX: number;
  targetY: number;
}

/** Where an NPC of `kind` appears when the map's room starts, and where it respawns. */
export interface NpcSpawn {
  kind: string;
  x: number;
  y: number;
  /** Overrides the kind's wander radius when the object has a `wanderRadius` property. */
  wanderRadiusTiles: number | null;
}

/** A rectangle of tiles where players may fight each other. */
export interface TileRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A `resource` object: a tree, a rock, a fishing spot, a fire or a range of the kind named. */
export interface MapResource {
  /** The resource's id on its map: 1, 2, ... in the order of the map file's objects (stable while the file is). */
  id: number;
  /** A resource kind (`src/content/resourceKinds.ts`). */
  kind: string;
  x: number;
  y: number;
}

/** A map's entry of `GET /maps`. */
export interface MapSummary {
  id: string;
  width: number;
  height: number;
  spawn: TilePoint;
  portals: Portal[];
  /** The bank booths' tiles. */
  banks: TilePoint[];
}

/** A map file that does not describe a usable map; `problems` lists everything wrong with it at once. */
export class MapFormatError extends Error {
  override readonly name: string = "MapFormatError";

  constructor(readonly mapId: string, readonly problems: string[]) {
    super(`map "${mapId}" is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

// Tiled keeps the flip and rotation flags in the top bits of a gid; the tile itself is the rest.
const GID_MASK = 0x1fffffff;

const layerHeader = z.looseObject({ type: z.string(), name: z.string() });
const tileLayerSchema = z.looseObject({
  type: z.literal("tilelayer"),
  name: z.string(),
  width: z.int().positive(),
  height: z.int().positive(),
  encoding: z.literal("csv", { error: "only uncompressed array data is supported (no base64)" }).optional(),
  // One check over the whole array: a per-element schema costs tens of milliseconds on a 256x256 map.
  data: z.custom<number[]>((v) => Array.isArray(v) && v.every((gid) => Number.isInteger(gid) && gid >= 0 && gid <= 0xffffffff), {
    error: "must be an array of gids (ints from 0 to 2^32 - 1)",
  }),
});
const objectGroupSchema = z.looseObject({ type: z.literal("objectgroup"), name: z.string(), objects: z.array(objectSchema) });
const mapSchema = z.looseObject({
  type: z.literal("map"),
  orientation: z.literal("orthogonal"),
  infinite: z.literal(false, { error: "infinite maps are not supported" }),
  width: z.int().positive(),
  height: z.int().positive(),
  tilewidth: z.int().positive(),
  tileheight: z.int().positive(),
  layers: z.array(layerHeader),
});


function issuesOf(error: z.ZodError, prefix: string): string[] {
  return error.issues.map((i) => `${[prefix, ...i.path.map(String)].filter(Boolean).join(".")}: ${i.message}`);
}

/** Top-level layers and the layers of groups, depth first, in drawing order. */
function flattenLayers(layers: unknown[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const layer of layers) {
    const parsed = layerHeader.safeParse(layer);
    if (!parsed.success) continue;
    out.push(parsed.data);
    if (parsed.data.type === "group" && Array.isArray(parsed.data.layers)) out.push(...flattenLayers(parsed.data.layers));
  }
  return out;
}

/**
 * One map of the world, built from a Tiled JSON map (`.tmj`, orthogonal, finite, uncompressed layer data).
 * A tile is blocked when the `collision` tile layer holds a non-zero gid there, or when it is outside the
 * map. Object layer `objects` holds one `player_spawn` point, any number of `portal` rectangles with
 * the properties `targetMap` (string), `targetX` and `targetY` (int, tiles), `npc_spawn` points with the
 * properties `npc` (an NPC kind) and `wanderRadius` (int, optional), `pvp` rectangles, `bank` points (booths)
 * and `resource` points with the property `resource` (a resource kind). Object pixels
 * become tiles by dividing by the tile size; a rectangle covers every tile it overlaps.
 */
export class GameMap {
  readonly width: number;
  readonly height: number;
  readonly spawn: TilePoint;
  readonly portals: readonly Portal[];
  readonly npcSpawns: readonly NpcSpawn[];
  readonly pvpAreas: readonly TileRect[];
  /** The bank booths, in file order. */
  readonly banks: readonly TilePoint[];
  /** The resources, in file order (index i holds id i + 1). */
  readonly resources: readonly MapResource[];
  private readonly blocked: Uint8Array;
  private readonly portalIndex: Map<number, Portal>;

  private constructor(
    readonly id: string,
    /** The map file's JSON as read, served as is by `GET /maps/:id`. */
    readonly tiled: Readonly<Record<string, unknown>>,
    parts: {
      width: number; height: number; spawn: TilePoint; portals: Portal[]; npcSpawns: NpcSpawn[]; pvpAreas: TileRect[];
      banks: TilePoint[]; resources: MapResource[]; blocked: Uint8Array;
    },
  ) {
    this.width = parts.width;
    this.height = parts.height;
    this.spawn = parts.spawn;
    this.portals = parts.portals;
    this.npcSpawns = parts.npcSpawns;
    this.pvpAreas = parts.pvpAreas;
    this.banks = parts.banks;
    this.resources = parts.resources;
    this.blocked = parts.blocked;
    this.portalIndex = new Map();
    for (const portal of parts.portals) {
      for (let y = portal.y; y < portal.y + portal.height; y++) {
        for (let x = portal.x; x < portal.x + portal.width; x++) this.portalIndex.set(this.index(x, y), portal);
      }
    }
  }

  /**
   * Builds the map `id` from parsed Tiled JSON. Checks the map on its own (layers, spawn, portal shapes
   * and properties; the spawn and its four neighbours walkable and free of portals; portals on walkable
   * tiles; NPC spawns of a known kind on distinct walkable tiles without a portal; PvP areas inside the
   * map; bank booths and resources of a known kind inside the map, off portals, one per tile, each with a
   * walkable tile without a portal in reach: Chebyshev 1 for a booth, Manhattan 1 for a resource (the
   * object's own tile counts, and may itself be blocked: a rock, a tree, a fishing spot on water));
   * whether portal targets exist is the world's check (`loadMaps`).
   * @throws MapFormatError naming every problem found.
   */
  static fromTiled(id: string, json: unknown): GameMap {
    const fail = (problems: string[]): never => {
      throw new MapFormatError(id, problems);
    };
    const header = mapSchema.safeParse(json);
    if (!header.success) return fail(issuesOf(header.error, ""));
    const { width, height, tilewidth, tileheight } = header.data;
    const problems: string[] = [];
    const layers = flattenLayers(header.data.layers);
    const named = (name: string) => layers.filter((l) => l.name === name);

    let blocked = new Uint8Array(width * height);
    const collision = named("collision");
    if (collision.length === 0) problems.push(`no tile layer named "collision"`);
    else if (collision.length > 1) problems.push(`more than one layer named "collision"`);
    else {
      const parsed = tileLayerSchema.safeParse(collision[0]);
      if (!parsed.success) problems.push(...issuesOf(parsed.error, "collision"));
      else if (parsed.data.width !== width || parsed.data.height !== height || parsed.data.data.length !== width * height) {
        problems.push(`collision: layer must be ${width}x${height} with ${width * height} tiles`);
      } else blocked = Uint8Array.from(parsed.data.data, (gid) => ((gid & GID_MASK) !== 0 ? 1 : 0));
    }

    const objects: TiledObject[] = [];
    const objectLayers = named("objects");
    if (objectLayers.length !== 1) problems.push(`expected one object layer named "objects", found ${objectLayers.length}`);
    else {
      const parsed = objectGroupSchema.safeParse(objectLayers[0]);
      if (!parsed.success) problems.push(...issuesOf(parsed.error, "objects"));
      else objects.push(...parsed.data.objects);
    }
    if (problems.length > 0) return fail(problems);

    const inside = (x: number, y: number) => x >= 0 && y >= 0 && x < width && y < height;
    const isBlocked = (x: number, y: number) => !inside(x, y) || blocked[y * width + x] === 1;
    const tileOf = (o: TiledObject): TilePoint => ({ x: Math.floor(o.x / tilewidth), y: Math.floor(o.y / tileheight) });

    const spawns = objects.filter((o) => kindOf(o) === "player_spawn");
    if (spawns.length !== 1) problems.push(`expected one player_spawn object, found ${spawns.length}`);
    const spawn = spawns.length === 1 ? tileOf(spawns[0]!) : { x: 0, y: 0 };

    const portals: Portal[] = [];
    for (const o of objects.filter((p) => kindOf(p) === "portal")) {
      const portal = portalOf(o, tilewidth, tileheight, problems);
      if (!portal) continue;
      const x2 = portal.x + portal.width - 1;
      const y2 = portal.y + portal.height - 1;
      if (!inside(portal.x, portal.y) || !inside(x2, y2)) {
        problems.push(`${describe(o)} covers tiles (${portal.x}, ${portal.y})..(${x2}, ${y2}), outside the ${width}x${height} map`);
        continue;
      }
      for (let y = portal.y; y <= y2; y++) {
        for (let x = portal.x; x <= x2; x++) if (isBlocked(x, y)) problems.push(`${describe(o)} covers the blocked tile (${x}, ${y})`);
      }
      portals.push(portal);
    }

    const onPortal = (p: TilePoint) => portals.some((q) => insideRect(q, p.x, p.y));
    const npcSpawns: NpcSpawn[] = [];
    const taken = new Set<string>();
    for (const o of objects.filter((p) => kindOf(p) === "npc_spawn")) {
      const npcSpawn = npcSpawnOf(o, tileOf(o), problems);
      if (!npcSpawn) continue;
      const at = `(${npcSpawn.x}, ${npcSpawn.y})`;
      if (isBlocked(npcSpawn.x, npcSpawn.y)) problems.push(`${describe(o)} at ${at} is on a blocked tile or outside the map`);
      else if (onPortal(npcSpawn)) problems.push(`${describe(o)} at ${at} is on a portal`);
      else if (taken.has(at)) problems.push(`${describe(o)} at ${at} shares its tile with another npc_spawn`);
      else {
        taken.add(at);
        npcSpawns.push(npcSpawn);
      }
    }
    const pvpAreas: TileRect[] = [];
    for (const o of objects.filter((p) => kindOf(p) === "pvp")) {
      const area = rectOf(o, tilewidth, tileheight);
      if (!inside(area.x, area.y) || !inside(area.x + area.width - 1, area.y + area.height - 1)) {
        problems.push(`${describe(o)} is not inside the ${width}x${height} map`);
      } else pvpAreas.push(area);
    }

    const standable = (p: TilePoint) => !isBlocked(p.x, p.y) && !onPortal(p);
    const placed = (type: string, reach: (p: TilePoint) => TilePoint[], reachName: string) => {
      const points: { o: TiledObject; tile: TilePoint }[] = [];
      const seen = new Set<string>();
      for (const o of objects.filter((p) => kindOf(p) === type)) {
        const tile = tileOf(o);
        const at = `(${tile.x}, ${tile.y})`;
        if (!inside(tile.x, tile.y)) problems.push(`${describe(o)} at ${at} is outside the ${width}x${height} map`);
        else if (onPortal(tile)) problems.push(`${describe(o)} at ${at} is on a portal`);
        else if (seen.has(at)) problems.push(`${describe(o)} at ${at} shares its tile with another ${type}`);
        else if (!reach(tile).some(standable)) problems.push(`${describe(o)} at ${at} has no walkable tile without a portal within ${reachName} 1`);
        else {
          seen.add(at);
          points.push({ o, tile });
        }
      }
      return points;
    };
    const banks = placed("bank", (p) => [p, ...neighbours(p), ...diagonals(p)], "Chebyshev distance").map(({ tile }) => tile);
    const resources: MapResource[] = [];
    for (const { o, tile } of placed("resource", (p) => [p, ...neighbours(p)], "Manhattan distance")) {
      const kind = resourceKindOf(o, problems);
      if (kind) resources.push({ id: resources.length + 1, kind, x: tile.x, y: tile.y });
    }

    if (spawns.length === 1) {
      const around = [spawn, ...neighbours(spawn)];
      for (const p of around) {
        if (isBlocked(p.x, p.y)) problems.push(`player_spawn at (${spawn.x}, ${spawn.y}): tile (${p.x}, ${p.y}) is blocked or outside the map`);
        else if (onPortal(p)) problems.push(`player_spawn at (${spawn.x}, ${spawn.y}): tile (${p.x}, ${p.y}) holds a portal`);
      }
    }
    if (problems.length > 0) return fail(problems);

    return new GameMap(id, json as Record<string, unknown>, {
      width, height, spawn, portals, npcSpawns, pvpAreas, banks, resources, blocked,
    });
  }

  /** Whether (x, y) is inside the map. */
  contains(x: number, y: number): boolean {
    return Number.isInteger(x) && Number.isInteger(y) && x >= 0 && y >= 0 && x < this.width && y < this.height;
  }

  /** Outside the map (or not integer coordinates), or a non-zero collision tile. */
  isBlocked(x: number, y: number): boolean {
    return !this.contains(x, y) || this.blocked[this.index(x, y)] === 1;
  }

  /** The portal covering (x, y), or null. */
  portalAt(x: number, y: number): Portal | null {
    if (!this.contains(x, y)) return null;
    return this.portalIndex.get(this.index(x, y)) ?? null;
  }

  /** Whether (x, y) lies inside one of the map's `pvp` areas. */
  inPvpArea(x: number, y: number): boolean {
    return this.pvpAreas.some((area) => insideRect(area, x, y));
  }

  /** This map's entry of `GET /maps`. */
  summary(): MapSummary {
    return {
      id: this.id,
      width: this.width,
      height: this.height,
      spawn: { ...this.spawn },
      portals: this.portals.map((p) => ({ ...p })),
      banks: this.banks.map((p) => ({ ...p })),
    };
  }

  private index(x: number, y: number): number {
    return y * this.width + x;
  }
}

/** The four tiles next to `p` (up, down, left, right). */
export function neighbours(p: TilePoint): TilePoint[] {
  return [
    { x: p.x, y: p.y - 1 },
    { x: p.x, y: p.y + 1 },
    { x: p.x - 1, y: p.y },
    { x: p.x + 1, y: p.y },
  ];
}

/** The four tiles diagonally next to `p`. */
function diagonals(p: TilePoint): TilePoint[] {
  return [
    { x: p.x - 1, y: p.y - 1 },
    { x: p.x + 1, y: p.y - 1 },
    { x: p.x - 1, y: p.y + 1 },
    { x: p.x + 1, y: p.y + 1 },
  ];
}

function insideRect(r: TileRect, x: number, y: number): boolean {
  return x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height;
}
