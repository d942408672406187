import { GID, Grid } from "./Grid.js";
import { tileChance, valueNoise } from "./noise.js";

/** The mainland's size in tiles. */
export const MAINLAND_SIZE = 256;
/** Where players arrive from the town and respawn: the south gate. */
export const MAINLAND_SPAWN = { x: 128, y: 246 };
/** The portal back to town, on the main road at the south edge. */
export const TOWN_GATE = { x: 127, y: 254, width: 2, height: 1 };
/** Where a player coming from the town lands (a step north of the gate, clear of the portal). */
export const TOWN_ARRIVAL = { x: 128, y: 251 };
/** The wall between the wilderness (north of it) and the rest; roads cross it at gates. */
export const WILDERNESS_EDGE_Y = 72;
/** The outpost at the crossroads: a plaza with the bank, a range and a fire. */
export const OUTPOST = { x: 122, y: 154, width: 13, height: 13 };
/** The mines: the big one east of the centre and a small one of coal and iron in the wilderness. */
export const MINE = { x: 160, y: 120, width: 49, height: 65 };
export const WILD_MINE = { x: 168, y: 16, width: 29, height: 25 };
/** The lake north of the centre, whose river runs east to the sea. */
export const LAKE = { x: 150, y: 104, radiusTiles: 10 };
/** Fenced fields south-east of the crossroads: cows in the first, chickens in the second. */
export const FARMS = [
  { x: 136, y: 200, width: 25, height: 23, gateY: 210 },
  { x: 166, y: 205, width: 25, height: 24, gateY: 216 },
];
/** Roads (two tiles wide): main north-south, west and east from the crossroads, the coast road, the south road. */
export const ROADS = [
  { x: 127, y: 12, width: 2, height: 243 },
  { x: 4, y: 159, width: 124, height: 2 },
  { x: 127, y: 159, width: 89, height: 2 },
  { x: 214, y: 12, width: 2, height: 243 },
  { x: 127, y: 249, width: 89, height: 2 },
  { x: 60, y: 80, width: 2, height: 150 },
];

/** The first sea tile of row y: the coast wanders between x 220 and 232. */
export function coastX(y: number): number {
  return 226 + Math.round(12 * (valueNoise(0, y, 24, 1) - 0.5)) + 1;
}

/** The river's top row at column x (it is three tiles wide), from the lake to the sea. */
export function riverY(x: number): number {
  return LAKE.y + Math.round(8 * (valueNoise(x, 0, 20, 5) - 0.5));
}

export function inRect(r: { x: number; y: number; width: number; height: number }, x: number, y: number): boolean {
  return x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height;
}

export function isLake(x: number, y: number): boolean {
  return Math.hypot(x - LAKE.x, y - LAKE.y) < LAKE.radiusTiles + 4 * valueNoise(x, y, 6, 4);
}

export function isRiver(x: number, y: number): boolean {
  return x >= LAKE.x && x < coastX(y) && y >= riverY(x) && y < riverY(x) + 3;
}

/** The kind of land a tile belongs to, which decides what grows and what lives there. */
export type Region = "wilderness" | "coast" | "mine" | "forest" | "country";

export function regionOf(x: number, y: number): Region {
  if (y < WILDERNESS_EDGE_Y) return "wilderness";
  if (x >= coastX(y) - 10) return "coast";
  if (inRect(MINE, x, y)) return "mine";
  if (x < 108) return "forest";
  return "country";
}

/**
 * The mainland's ground and collision layers: sea along the east with a sandy beach, a lake and its river,
 * a forest in the west, a rocky mine east of the centre, open country with two farms in the south, and the
 * wilderness (ruins, sparse trees, a small mine) north of a wall; roads join the areas, with bridges over
 * the river. Deterministic: every choice comes from the tile's position.
 */
export function mainlandTerrain(): { ground: Grid; collision: Grid } {
  const size = MAINLAND_SIZE;
  const ground = new Grid(size, size, GID.grass);
  const collision = new Grid(size, size, GID.empty);
  const block = (x: number, y: number, gid: number, groundGid: number = GID.grass) => {
    collision.set(x, y, gid);
    ground.set(x, y, groundGid);
  };
  for (let y = 0; y < size; y++) {
    const coast = coastX(y);
    for (let x = 0; x < size; x++) {
      if (x >= coast) block(x, y, GID.water, GID.water);
      else if (isLake(x, y) || isRiver(x, y)) block(x, y, GID.water, GID.water);
      else if (x >= coast - 3) ground.set(x, y, GID.path); // the beach
      else if (inRect(MINE, x, y) || inRect(WILD_MINE, x, y)) {
        ground.set(x, y, GID.path);
        if (valueNoise(x, y, 9, 3) > 0.72) block(x, y, GID.wall, GID.wall);
      } else if (regionOf(x, y) === "forest") {
        if (tileChance(x, y, 2) < 0.1 + 0.35 * valueNoise(x, y, 14, 2)) block(x, y, GID.tree);
      } else if (regionOf(x, y) === "wilderness") {
        if (valueNoise(x, y, 9, 7) > 0.8) block(x, y, GID.wall, GID.wall); // ruins
        else if (tileChance(x, y, 7) < 0.07) block(x, y, GID.tree);
      } else if (Math.hypot(x - LAKE.x, y - LAKE.y) < LAKE.radiusTiles + 8 && tileChance(x, y, 8) < 0.25) {
        block(x, y, GID.tree); // the lakeside wood, where the willows grow
      } else if (tileChance(x, y, 9) < 0.02) block(x, y, GID.tree);
    }
  }
  for (const farm of FARMS) {
    for (let x = farm.x; x < farm.x + farm.width; x++) for (const y of [farm.y, farm.y + farm.height - 1]) block(x, y, GID.wall, GID.wall);
    for (let y = farm.y; y < farm.y + farm.height; y++) for (const x of [farm.x, farm.x + farm.width - 1]) block(x, y, GID.wall, GID.wall);
    // Inside, grass only; the gate is a gap of two tiles in the west fence.
    collision.rect(farm.x + 1, farm.y + 1, farm.width - 2, farm.height - 2, GID.empty);
    ground.rect(farm.x + 1, farm.y + 1, farm.width - 2, farm.height - 2, GID.grass);
    collision.rect(farm.x, farm.gateY, 1, 2, GID.empty);
    ground.rect(farm.x, farm.gateY, 1, 2, GID.path);
  }
  for (let x = 1; x < coastX(WILDERNESS_EDGE_Y); x++) block(x, WILDERNESS_EDGE_Y, GID.wall, GID.wall);
  // Clearings: the outpost's plaza and the gate; roads, with a tile of margin cleared of trees and rocks
  // (not of water: a road over water is a bridge, its margin stays water).
  for (const r of [OUTPOST, { x: 120, y: 240, width: 17, height: 15 }]) {
    collision.rect(r.x, r.y, r.width, r.height, GID.empty);
    ground.rect(r.x, r.y, r.width, r.height, GID.path);
  }
  for (const road of ROADS) {
    for (let y = road.y - 1; y <= road.y + road.height; y++) {
      for (let x = road.x - 1; x <= road.x + road.width; x++) {
        if (collision.get(x, y) === GID.water) continue;
        collision.set(x, y, GID.empty);
        if (ground.get(x, y) === GID.wall) ground.set(x, y, GID.grass);
      }
    }
  }
  for (const road of ROADS) {
    collision.rect(road.x, road.y, road.width, road.height, GID.empty);
    ground.rect(road.x, road.y, road.width, road.height, GID.path);
  }
  collision.border(GID.wall);
  for (let i = 0; i < size; i++) {
    for (const [x, y] of [[i, 0], [i, size - 1], [0, i], [size - 1, i]] as const) ground.set(x, y, ground.get(x, y) === GID.water ? GID.water : GID.wall);
  }
  return { ground, collision };
}
