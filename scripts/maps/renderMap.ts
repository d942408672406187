import { TILE_TYPES, type Grid } from "./Grid.js";
import type { MapSpec } from "./MapSpec.js";

const TILE_PX = 32;

/** A point object at the centre of its tile. */
function point(id: number, type: string, name: string, tile: { x: number; y: number }, properties?: { name: string; type: string; value: unknown }[]) {
  return {
    height: 0,
    id,
    name,
    point: true,
    ...(properties ? { properties } : {}),
    rotation: 0,
    type,
    visible: true,
    width: 0,
    x: tile.x * TILE_PX + TILE_PX / 2,
    y: tile.y * TILE_PX + TILE_PX / 2,
  };
}

/**
 * The objects of a map, ids from 1 in this order: the spawn, portals, PvP areas, NPC spawns, bank booths,
 * resources (each group in the spec's order, so adding to a later group never renumbers an earlier one).
 */
function objectsOf(spec: MapSpec) {
  let id = 1;
  const objects: Record<string, unknown>[] = [point(id++, "player_spawn", "player_spawn", spec.spawn)];
  for (const p of spec.portals) {
    objects.push({
      height: p.height * TILE_PX,
      id: id++,
      name: p.name,
      properties: [
        { name: "targetMap", type: "string", value: p.targetMap },
        { name: "targetX", type: "int", value: p.targetX },
        { name: "targetY", type: "int", value: p.targetY },
      ],
      rotation: 0,
      type: "portal",
      visible: true,
      width: p.width * TILE_PX,
      x: p.x * TILE_PX,
      y: p.y * TILE_PX,
    });
  }
  for (const area of spec.pvp) {
    objects.push({
      height: area.height * TILE_PX,
      id: id++,
      name: area.name,
      rotation: 0,
      type: "pvp",
      visible: true,
      width: area.width * TILE_PX,
      x: area.x * TILE_PX,
      y: area.y * TILE_PX,
    });
  }
  for (const n of spec.npcs) {
    objects.push(point(id++, "npc_spawn", n.npc, n, [
      { name: "npc", type: "string", value: n.npc },
      ...(n.wanderRadius === undefined ? [] : [{ name: "wanderRadius", type: "int", value: n.wanderRadius }]),
    ]));
  }
  for (const booth of spec.banks) objects.push(point(id++, "bank", "bank_booth", booth));
  for (const r of spec.resources) objects.push(point(id++, "resource", r.kind, r, [{ name: "resource", type: "string", value: r.kind }]));
  return objects;
}

/** A Tiled 1.10 JSON map (keys in Tiled's alphabetical order); layer data as placeholders filled in by `renderMap`. */
function tiledMap(spec: MapSpec) {
  const tileLayer = (id: number, name: string) => ({
    data: `@@${name}@@`,
    height: spec.height,
    id,
    name,
    opacity: 1,
    type: "tilelayer",
    visible: true,
    width: spec.width,
    x: 0,
    y: 0,
  });
  const objects = objectsOf(spec);
  return {
    compressionlevel: -1,
    height: spec.height,
    infinite: false,
    layers: [
      tileLayer(1, "ground"),
      tileLayer(2, "collision"),
      { draworder: "topdown", id: 3, name: "objects", objects, opacity: 1, type: "objectgroup", visible: true, x: 0, y: 0 },
    ],
    nextlayerid: 4,
    nextobjectid: objects.length + 1,
    orientation: "orthogonal",
    renderorder: "right-down",
    tiledversion: "1.10.2",
    tileheight: TILE_PX,
    tilesets: [
      {
        columns: TILE_TYPES.length,
        firstgid: 1,
        image: "terrain.png",
        imageheight: TILE_PX,
        imagewidth: TILE_PX * TILE_TYPES.length,
        margin: 0,
        name: "terrain",
        spacing: 0,
        tilecount: TILE_TYPES.length,
        tileheight: TILE_PX,
        tiles: TILE_TYPES.map((type, id) => ({ id, type })),
        tilewidth: TILE_PX,
      },
    ],
    tilewidth: TILE_PX,
    type: "map",
    version: "1.10",
    width: spec.width,
  };
}

/** The map as JSON text, each row of layer data on a line of its own (readable diffs). */
export function renderMap(spec: MapSpec): string {
  const rows = (grid: Grid) => {
    const lines: string[] = [];
    for (let y = 0; y < grid.height; y++) lines.push(grid.cells.slice(y * grid.width, (y + 1) * grid.width).join(","));
    return `[\n${lines.map((l) => `    ${l}`).join(",\n")}\n   ]`;
  };
  return `${JSON.stringify(tiledMap(spec), null, 1)
    .replace('"@@ground@@"', rows(spec.ground))
    .replace('"@@collision@@"', rows(spec.collision))}\n`;
}
