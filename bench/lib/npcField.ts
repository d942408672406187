import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadMaps } from "../../src/content/loadMaps.js";

const TILE_PX = 32;

/** An NPC the fighting bots go for: spawned first (ids 1..n in this order), it does not wander. */
export interface FieldTarget {
  npcId: number;
  x: number;
  y: number;
}

export interface FieldMap {
  id: string;
  width: number;
  height: number;
  spawn: { x: number; y: number };
  targets: FieldTarget[];
  npcs: number;
}

interface Spawn {
  kind: string;
  x: number;
  y: number;
  wanderRadius?: number;
}

/**
 * An open field (a wall around it) with a player spawn in the middle: `targets` chickens and cows that stay
 * on their tile on a 3-tile grid around the spawn (the bots' prey: a chicken dies in about 12 s, a cow in
 * about 30 s, and respawns), then `others` NPCs of mixed passive kinds that
 * wander, on a 3-tile grid over the rest of the field.
 */
function field(id: string, size: number, targets: number, others: number): { map: FieldMap; json: unknown } {
  const spawn = { x: Math.floor(size / 2), y: Math.floor(size / 2) };
  const spawns: Spawn[] = [];
  const taken = new Set<string>();
  const take = (s: Spawn) => {
    taken.add(`${s.x},${s.y}`);
    spawns.push(s);
  };
  // Rings of growing distance around the spawn, so that the targets sit close to it.
  const grid: { x: number; y: number }[] = [];
  for (let y = 2; y < size - 2; y += 3) for (let x = 2; x < size - 2; x += 3) grid.push({ x, y });
  grid.sort((a, b) => Math.max(Math.abs(a.x - spawn.x), Math.abs(a.y - spawn.y)) - Math.max(Math.abs(b.x - spawn.x), Math.abs(b.y - spawn.y)) || a.y - b.y || a.x - b.x);
  const free = grid.filter((p) => Math.abs(p.x - spawn.x) + Math.abs(p.y - spawn.y) > 2);
  for (const [i, p] of free.slice(0, targets).entries()) take({ kind: i % 2 === 0 ? "chicken" : "cow", ...p, wanderRadius: 0 });
  const kinds = ["chicken", "rat", "cow", "bear", "guard"];
  for (const [i, p] of free.slice(targets, targets + others).entries()) take({ kind: kinds[i % kinds.length]!, ...p });
  if (spawns.length < targets + others) throw new Error(`a ${size}x${size} field holds only ${spawns.length} NPCs`);

  const collision = Array.from({ length: size * size }, (_, i) => {
    const [x, y] = [i % size, Math.floor(i / size)];
    return x === 0 || y === 0 || x === size - 1 || y === size - 1 ? 1 : 0;
  });
  const objects = [
    { id: 1, name: "player_spawn", type: "player_spawn", point: true, x: spawn.x * TILE_PX + 16, y: spawn.y * TILE_PX + 16, width: 0, height: 0 },
    ...spawns.map((s, i) => ({
      id: i + 2, name: s.kind, type: "npc_spawn", point: true, x: s.x * TILE_PX + 16, y: s.y * TILE_PX + 16, width: 0, height: 0,
      properties: [{ name: "npc", type: "string", value: s.kind }, ...(s.wanderRadius === undefined ? [] : [{ name: "wanderRadius", type: "int", value: s.wanderRadius }])],
    })),
  ];
  const json = {
    type: "map", version: "1.10", orientation: "orthogonal", renderorder: "right-down", infinite: false,
    width: size, height: size, tilewidth: TILE_PX, tileheight: TILE_PX,
    layers: [
      { id: 1, name: "collision", type: "tilelayer", width: size, height: size, x: 0, y: 0, opacity: 1, visible: true, data: collision },
      { id: 2, name: "objects", type: "objectgroup", draworder: "topdown", opacity: 1, visible: true, x: 0, y: 0, objects },
    ],
    tilesets: [],
  };
  const map: FieldMap = {
    id, width: size, height: size, spawn, npcs: spawns.length,
    targets: spawns.slice(0, targets).map((s, i) => ({ npcId: i + 1, x: s.x, y: s.y })),
  };
  return { map, json };
}

/**
 * Writes the NPC benchmark's maps into `dir` (a scratch folder the bench server reads with `MAPS_DIR`) and
 * loads them back through the server's loader: `field` (100 x 100, 500 NPCs, 200 of them targets),
 * `field_empty` (the same field without NPCs) and `field_idle` (150 x 150, 2,000 wandering NPCs).
 */
export function writeNpcFields(dir: string): Record<"field" | "empty" | "idle", FieldMap> {
  mkdirSync(dir, { recursive: true });
  const made = {
    field: field("field", 100, 200, 300),
    empty: field("field_empty", 100, 0, 0),
    idle: field("field_idle", 150, 0, 2_000),
  };
  for (const { map, json } of Object.values(made)) writeFileSync(join(dir, `${map.id}.tmj`), JSON.stringify(json));
  const loaded = loadMaps(dir);
  for (const { map } of Object.values(made)) {
    if (loaded.get(map.id)?.npcSpawns.length !== map.npcs) throw new Error(`${map.id}: the loader read ${loaded.get(map.id)?.npcSpawns.length} NPCs of ${map.npcs}`);
  }
  return { field: made.field.map, empty: { ...made.field.map, id: "field_empty", npcs: 0 }, idle: made.idle.map };
}
