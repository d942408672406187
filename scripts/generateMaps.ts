// Generates the shipped maps, maps/town.tmj and maps/forest.tmj, as Tiled 1.10 JSON maps, then loads them
// back through the server's loader to prove them valid. Deterministic: no randomness, so running it again
// reproduces the committed files byte for byte.
//   node --import tsx scripts/generateMaps.ts
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Portal, TileRect } from "../src/content/GameMap.js";
import { loadMaps } from "../src/content/loadMaps.js";

const TILE_PX = 32;
/** Tiles of the embedded tileset (gid = tile id + 1). In the collision layer any non-zero gid blocks. */
const GID = { empty: 0, grass: 1, wall: 2, water: 3, path: 4, tree: 5 } as const;
const TILE_TYPES = ["grass", "wall", "water", "path", "tree"];

class Grid {
  readonly cells: number[];

  constructor(readonly width: number, readonly height: number, fill: number) {
    this.cells = new Array<number>(width * height).fill(fill);
  }

  get(x: number, y: number): number {
    return this.cells[y * this.width + x] ?? GID.empty;
  }

  set(x: number, y: number, gid: number): void {
    if (x >= 0 && y >= 0 && x < this.width && y < this.height) this.cells[y * this.width + x] = gid;
  }

  rect(x: number, y: number, width: number, height: number, gid: number): void {
    for (let j = y; j < y + height; j++) for (let i = x; i < x + width; i++) this.set(i, j, gid);
  }

  border(gid: number): void {
    this.rect(0, 0, this.width, 1, gid);
    this.rect(0, this.height - 1, this.width, 1, gid);
    this.rect(0, 0, 1, this.height, gid);
    this.rect(this.width - 1, 0, 1, this.height, gid);
  }
}

/** A portal as the map loader reads it (in tiles), plus the object's name in Tiled. */
interface PortalSpec extends Portal {
  name: string;
}

/** An `npc_spawn` point: the kind, its tile, and a wander radius when it differs from the kind's. */
interface NpcSpawnSpec {
  npc: string;
  x: number;
  y: number;
  wanderRadius?: number;
}

interface MapSpec {
  width: number;
  height: number;
  ground: Grid;
  collision: Grid;
  spawn: { x: number; y: number };
  portals: PortalSpec[];
  npcs: NpcSpawnSpec[];
  pvp: (TileRect & { name: string })[];
}

/** A Tiled 1.10 JSON map (keys in Tiled's alphabetical order); layer data as placeholders filled in by `render`. */
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
  const objects = [
    {
      height: 0,
      id: 1,
      name: "player_spawn",
      point: true,
      rotation: 0,
      type: "player_spawn",
      visible: true,
      width: 0,
      // A point at the centre of its tile.
      x: spec.spawn.x * TILE_PX + TILE_PX / 2,
      y: spec.spawn.y * TILE_PX + TILE_PX / 2,
    },
    ...spec.portals.map((p, i) => ({
      height: p.height * TILE_PX,
      id: i + 2,
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
    })),
    ...spec.pvp.map((area, i) => ({
      height: area.height * TILE_PX,
      id: spec.portals.length + i + 2,
      name: area.name,
      rotation: 0,
      type: "pvp",
      visible: true,
      width: area.width * TILE_PX,
      x: area.x * TILE_PX,
      y: area.y * TILE_PX,
    })),
    ...spec.npcs.map((n, i) => ({
      height: 0,
      id: spec.portals.length + spec.pvp.length + i + 2,
      name: n.npc,
      point: true,
      properties: [
        { name: "npc", type: "string", value: n.npc },
        ...(n.wanderRadius === undefined ? [] : [{ name: "wanderRadius", type: "int", value: n.wanderRadius }]),
      ],
      rotation: 0,
      type: "npc_spawn",
      visible: true,
      width: 0,
      x: n.x * TILE_PX + TILE_PX / 2,
      y: n.y * TILE_PX + TILE_PX / 2,
    })),
  ];
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
function render(spec: MapSpec): string {
  const rows = (grid: Grid) => {
    const lines: string[] = [];
    for (let y = 0; y < grid.height; y++) lines.push(grid.cells.slice(y * grid.width, (y + 1) * grid.width).join(","));
    return `[\n${lines.map((l) => `    ${l}`).join(",\n")}\n   ]`;
  };
  return `${JSON.stringify(tiledMap(spec), null, 1)
    .replace('"@@ground@@"', rows(spec.ground))
    .replace('"@@collision@@"', rows(spec.collision))}\n`;
}

function town(): MapSpec {
  const width = 64;
  const height = 64;
  const ground = new Grid(width, height, GID.grass);
  const collision = new Grid(width, height, GID.empty);
  collision.border(GID.wall);
  ground.border(GID.wall);
  // Two roads crossing at the town square (the spawn); the east road leads to the forest gate.
  ground.rect(1, 31, width - 2, 2, GID.path);
  ground.rect(31, 1, 2, height - 2, GID.path);
  const buildings = [
    { x: 12, y: 12, width: 8, height: 6 },
    { x: 40, y: 10, width: 10, height: 7 },
    { x: 10, y: 42, width: 9, height: 9 },
    { x: 42, y: 44, width: 9, height: 9 },
  ];
  for (const b of buildings) {
    collision.rect(b.x, b.y, b.width, b.height, GID.wall);
    ground.rect(b.x, b.y, b.width, b.height, GID.wall);
    // A path from the door (bottom middle) down to the tile below it.
    ground.set(b.x + Math.floor(b.width / 2), b.y + b.height, GID.path);
  }
  // A pond, a well and a fence.
  collision.rect(22, 20, 6, 5, GID.water);
  ground.rect(22, 20, 6, 5, GID.water);
  collision.set(36, 27, GID.wall);
  ground.set(36, 27, GID.wall);
  collision.rect(22, 38, 7, 1, GID.wall);
  ground.rect(22, 38, 7, 1, GID.wall);
  const npcs: NpcSpawnSpec[] = [
    // Chickens in a pen south of the fence and rats by the pond: the weakest, closest to the spawn.
    ...[[24, 41], [27, 41], [25, 43], [28, 43], [24, 45], [27, 45]].map(([x, y]) => ({ npc: "chicken", x: x!, y: y!, wanderRadius: 2 })),
    ...[[21, 26], [28, 19], [20, 20], [29, 25]].map(([x, y]) => ({ npc: "rat", x: x!, y: y! })),
    // Cows in the east meadow, the townsfolk on the west road and by the first house, guards at the gate.
    ...[[46, 24], [49, 25], [52, 23], [48, 28]].map(([x, y]) => ({ npc: "cow", x: x!, y: y! })),
    { npc: "villager", x: 22, y: 30 },
    { npc: "shopkeeper", x: 17, y: 19, wanderRadius: 1 },
    { npc: "guard", x: 59, y: 29, wanderRadius: 1 },
    { npc: "guard", x: 59, y: 35, wanderRadius: 1 },
  ];
  return {
    width,
    height,
    ground,
    collision,
    spawn: { x: 32, y: 32 },
    portals: [{ name: "to_forest", x: 62, y: 31, width: 1, height: 2, targetMap: "forest", targetX: 2, targetY: 40 }],
    npcs,
    pvp: [],
  };
}

/** A fixed, well-mixed 32-bit hash of a tile: where trees grow, without randomness. */
function tileHash(x: number, y: number): number {
  let h = (Math.imul(x, 374761393) + Math.imul(y, 668265263)) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 1274126177) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

function forest(): MapSpec {
  const width = 80;
  const height = 80;
  const ground = new Grid(width, height, GID.grass);
  const collision = new Grid(width, height, GID.empty);
  const spawn = { x: 10, y: 40 };
  // The river meanders by at most one tile per row, so at three tiles wide it has no gap to slip through.
  const meander = [0, 1, 2, 2, 1, 0, -1, -1];
  const riverX = (y: number) => 44 + (meander[Math.floor(y / 5) % meander.length] ?? 0);
  const isRiver = (x: number, y: number) => x >= riverX(y) && x < riverX(y) + 3;
  // The arena: a clearing east of the river where players may fight each other.
  const arena = { name: "arena", x: 52, y: 48, width: 9, height: 9 };
  const isClearing = (x: number, y: number) =>
    (y >= 39 && y <= 41) || // the road across the forest and over the bridge
    (Math.abs(x - spawn.x) <= 3 && Math.abs(y - spawn.y) <= 3) ||
    (x <= 4 && y >= 36 && y <= 44) || // the gate to town
    (Math.abs(x - 62) <= 4 && Math.abs(y - 20) <= 4) || // the troll's clearing
    (x >= arena.x - 1 && x <= arena.x + arena.width && y >= arena.y - 1 && y <= arena.y + arena.height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (isRiver(x, y)) {
        const bridge = y >= 39 && y <= 41;
        ground.set(x, y, bridge ? GID.path : GID.water);
        if (!bridge) collision.set(x, y, GID.water);
      } else if (!isClearing(x, y) && tileHash(x, y) % 100 < 14) {
        collision.set(x, y, GID.tree);
      }
    }
  }
  ground.rect(1, 40, width - 2, 1, GID.path);
  collision.border(GID.tree);
  // Weak animals by the spawn; goblins along the road farther east; wolves, bears and bandits beyond the
  // river; the troll in its clearing. Each is placed on the nearest free tile to the spot named.
  const taken = new Set<string>();
  const place = (npc: string, spots: number[][], wanderRadius?: number): NpcSpawnSpec[] =>
    spots.map(([x, y]) => ({ npc, ...nearestFree(collision, x!, y!, taken), ...(wanderRadius === undefined ? {} : { wanderRadius }) }));
  const npcs = [
    ...place("rat", [[15, 34], [16, 46], [18, 37], [19, 44]]),
    ...place("chicken", [[14, 30], [14, 50]], 2),
    ...place("cow", [[15, 58], [18, 60], [21, 57]]),
    ...place("goblin", [[26, 34], [28, 46], [31, 36], [33, 44], [35, 30], [36, 50], [38, 37], [40, 43]]),
    ...place("wolf", [[55, 64], [58, 68], [62, 66], [66, 70], [70, 64], [60, 73]]),
    ...place("bear", [[66, 56], [70, 52], [73, 58]]),
    ...place("bandit", [[55, 14], [58, 28], [70, 26], [72, 12]]),
    ...place("troll", [[62, 20]], 2),
  ];
  return {
    width,
    height,
    ground,
    collision,
    spawn,
    portals: [{ name: "to_town", x: 1, y: 39, width: 1, height: 2, targetMap: "town", targetX: 61, targetY: 32 }],
    npcs,
    pvp: [arena],
  };
}

/** The walkable tile nearest to (x, y) (rings of growing Chebyshev distance, in reading order) not yet taken. */
function nearestFree(collision: Grid, x: number, y: number, taken: Set<string>): { x: number; y: number } {
  for (let r = 0; r < 10; r++) {
    for (let j = y - r; j <= y + r; j++) {
      for (let i = x - r; i <= x + r; i++) {
        if (Math.max(Math.abs(i - x), Math.abs(j - y)) !== r || collision.get(i, j) !== GID.empty || taken.has(`${i},${j}`)) continue;
        taken.add(`${i},${j}`);
        return { x: i, y: j };
      }
    }
  }
  throw new Error(`no free tile near (${x}, ${y})`);
}

const mapsDir = fileURLToPath(new URL("../maps/", import.meta.url));
mkdirSync(mapsDir, { recursive: true });
for (const [id, spec] of [["town", town()], ["forest", forest()]] as const) {
  writeFileSync(join(mapsDir, `${id}.tmj`), render(spec));
}
for (const map of loadMaps(mapsDir).values()) {
  console.log(`${map.id}: ${map.width}x${map.height}, spawn (${map.spawn.x}, ${map.spawn.y}), portals ${JSON.stringify(map.portals)}, ` +
    `${map.npcSpawns.length} NPCs, PvP ${JSON.stringify(map.pvpAreas)}`);
}
