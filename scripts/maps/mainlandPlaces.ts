import { GID, type Grid, reachableBeside, reachableFrom } from "./Grid.js";
import type { NpcSpawnSpec, ResourceSpec } from "./MapSpec.js";
import {
  coastX, FARMS, inRect, isLake, isRiver, LAKE, MAINLAND_SIZE, MAINLAND_SPAWN, MINE, OUTPOST, regionOf, TOWN_ARRIVAL, WILD_MINE,
  WILDERNESS_EDGE_Y,
} from "./mainlandTerrain.js";
import { tileChance } from "./noise.js";

interface Terrain {
  ground: Grid;
  collision: Grid;
}

type Weighted = readonly (readonly [string, number])[];

/** One of `options` by weight, chosen by a value in [0, 1). */
function pick(options: Weighted, chance: number): string {
  const total = options.reduce((sum, [, weight]) => sum + weight, 0);
  let at = chance * total;
  for (const [name, weight] of options) {
    if (at < weight) return name;
    at -= weight;
  }
  return options.at(-1)![0];
}

/** Every tile of a lattice `step` tiles apart over the map, each moved by up to `jitter` tiles (fixed per point). */
function lattice(step: number, jitter: number, seed: number): { x: number; y: number }[] {
  const points: { x: number; y: number }[] = [];
  const span = 2 * jitter + 1;
  for (let gy = 0; gy * step < MAINLAND_SIZE; gy++) {
    for (let gx = 0; gx * step < MAINLAND_SIZE; gx++) {
      const dx = Math.floor(tileChance(gx, gy, seed) * span) - jitter;
      const dy = Math.floor(tileChance(gy, gx, seed + 1) * span) - jitter;
      points.push({ x: gx * step + Math.floor(step / 2) + dx, y: gy * step + Math.floor(step / 2) + dy });
    }
  }
  return points;
}

const chebyshev = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.max(Math.abs(a.x - b.x), Math.abs(a.y - b.y));

/**
 * The mainland's bank booths and the resources that change the terrain (rocks, the outpost's range and
 * fire, the beach's and the camp's fires), set into `terrain` as blocked tiles. A rock stands alone (its
 * eight neighbours stay walkable, so it never cuts a way off) where a player coming from the spawn can stand
 * next to it. Rocks by the mine's part: copper and tin near the crossroads, iron deeper, coal farthest
 * (and in the wilderness mine, with iron).
 */
export function placeSolidThings(terrain: Terrain): { banks: { x: number; y: number }[]; resources: ResourceSpec[] } {
  const { ground, collision } = terrain;
  const solid = (x: number, y: number) => {
    collision.set(x, y, GID.wall);
    ground.set(x, y, GID.wall);
  };
  const banks = [{ x: OUTPOST.x + 2, y: OUTPOST.y + 2 }, { x: OUTPOST.x + 3, y: OUTPOST.y + 2 }];
  const cooking: ResourceSpec[] = [
    { kind: "range", x: OUTPOST.x + OUTPOST.width - 3, y: OUTPOST.y + 2 },
    { kind: "fire", x: OUTPOST.x + OUTPOST.width - 3, y: OUTPOST.y + OUTPOST.height - 3 },
    { kind: "fire", x: Math.max(218, coastX(232) - 4), y: 232 },
    { kind: "fire", x: 190, y: 44 },
  ];
  for (const p of [...banks, ...cooking]) solid(p.x, p.y);

  const reachable = reachableFrom(collision, MAINLAND_SPAWN);
  const rocks: ResourceSpec[] = [];
  const reserved = new Set<string>();
  const alone = (x: number, y: number) => {
    for (let j = y - 1; j <= y + 1; j++) for (let i = x - 1; i <= x + 1; i++) if (collision.get(i, j) !== GID.empty || reserved.has(`${i},${j}`)) return false;
    return true;
  };
  for (const p of lattice(4, 1, 20)) {
    const inMine = inRect(MINE, p.x, p.y);
    const inWildMine = inRect(WILD_MINE, p.x, p.y);
    if ((!inMine && !inWildMine) || tileChance(p.x, p.y, 21) >= 0.55 || !alone(p.x, p.y)) continue;
    if (!reachableBeside(reachable, MAINLAND_SIZE, p.x, p.y) || collision.get(p.x, p.y) !== GID.empty) continue;
    let kind: string;
    const roll = tileChance(p.x, p.y, 22);
    if (inWildMine) kind = roll < 0.6 ? "coal_rock" : "iron_rock";
    else {
      // 0 at the mine's south-west corner (nearest the crossroads), 1 at its north-east corner.
      const depth = (p.x - MINE.x + (MINE.y + MINE.height - p.y)) / (MINE.width + MINE.height);
      kind = depth < 0.45 ? (roll < 0.5 ? "copper_rock" : "tin_rock") : depth < 0.68 ? "iron_rock" : "coal_rock";
    }
    for (let j = p.y - 1; j <= p.y + 1; j++) for (let i = p.x - 1; i <= p.x + 1; i++) reserved.add(`${i},${j}`);
    solid(p.x, p.y);
    rocks.push({ kind, ...p });
  }
  return { banks, resources: [...cooking, ...rocks] };
}

/**
 * The resources on the terrain as it is: trees (normal and oak in the forest, oaks mostly in its west,
 * willows in the lakeside wood, a few normal trees over the open country) on tree tiles, and fishing spots on water
 * next to the shore (shrimp on the beach near the gate, trout farther north and in the lake, lobster in the
 * north and along the wilderness coast), each where a player coming from the spawn can stand next to it.
 */
export function placeTreesAndSpots(terrain: Terrain): ResourceSpec[] {
  const { collision } = terrain;
  const reachable = reachableFrom(collision, MAINLAND_SPAWN);
  const beside = (x: number, y: number) => reachableBeside(reachable, MAINLAND_SIZE, x, y);
  const resources: ResourceSpec[] = [];
  const used = new Set<string>();
  const add = (kind: string, x: number, y: number) => {
    used.add(`${x},${y}`);
    resources.push({ kind, x, y });
  };
  for (const p of lattice(5, 2, 30)) {
    if (collision.get(p.x, p.y) !== GID.tree || !beside(p.x, p.y) || used.has(`${p.x},${p.y}`)) continue;
    const region = regionOf(p.x, p.y);
    const roll = tileChance(p.x, p.y, 31);
    if (Math.hypot(p.x - LAKE.x, p.y - LAKE.y) < LAKE.radiusTiles + 9) continue;
    if (region === "forest" && roll < 0.55) add(roll < (p.x < 60 ? 0.35 : 0.15) ? "oak_tree" : "tree", p.x, p.y);
    else if (region === "country" && roll < 0.5) add("tree", p.x, p.y);
  }
  const wood = LAKE.radiusTiles + 8;
  for (let y = LAKE.y - wood; y <= LAKE.y + wood; y++) {
    for (let x = LAKE.x - wood; x <= LAKE.x + wood; x++) {
      if (collision.get(x, y) === GID.tree && beside(x, y) && tileChance(x, y, 32) < 0.3) add("willow_tree", x, y);
    }
  }
  for (let y = 4; y < MAINLAND_SIZE - 4; y += 5) {
    const x = coastX(y);
    if (collision.get(x, y) !== GID.water || !beside(x, y)) continue;
    add(y >= 180 ? "shrimp_spot" : y >= 120 ? "trout_spot" : "lobster_spot", x, y);
  }
  for (let angle = 0; angle < 12; angle++) {
    // Round the lake's shore: the first water tile in from each of twelve directions, every other one fished.
    if (angle % 2 === 1) continue;
    const dx = Math.cos((angle * Math.PI) / 6);
    const dy = Math.sin((angle * Math.PI) / 6);
    for (let r = LAKE.radiusTiles + 6; r > 0; r--) {
      const x = Math.round(LAKE.x + dx * r);
      const y = Math.round(LAKE.y + dy * r);
      if (!isLake(x, y) || isRiver(x, y)) continue;
      if (beside(x, y) && !used.has(`${x},${y}`)) add("trout_spot", x, y);
      break;
    }
  }
  return resources;
}

/** NPC kinds by region: weak ones in the open country near the gate, stronger ones farther off and in the wilderness. */
function kindsAt(x: number, y: number): { kinds: Weighted; density: number } {
  const fromGate = chebyshev({ x, y }, MAINLAND_SPAWN);
  const region = regionOf(x, y);
  if (fromGate < 45) return { kinds: region === "country" ? [["chicken", 3], ["rat", 2], ["cow", 3]] : [["rat", 2], ["chicken", 1]], density: 0.3 };
  switch (region) {
    case "wilderness":
      return { kinds: [["bandit", 3], ["wolf", 3], ["bear", 1], ["troll", y < 40 ? 1 : 0]], density: 0.45 };
    case "forest":
      return { kinds: x < 60 ? [["wolf", 3], ["bear", 2], ["goblin", 1]] : [["goblin", 3], ["rat", 1], ["chicken", 1], ["wolf", 1]], density: 0.35 };
    case "mine":
      return { kinds: y > 150 ? [["goblin", 2], ["rat", 1]] : [["goblin", 2], ["bandit", 1]], density: 0.3 };
    case "coast":
      return { kinds: [["rat", 2], ["chicken", 1], ["goblin", 1]], density: 0.25 };
    case "country":
      return { kinds: [["cow", 3], ["rat", 1], ["goblin", 2], ["chicken", 1]], density: 0.3 };
  }
}

/**
 * The mainland's NPC spawns: cows and chickens in the farms, guards at the outpost and at the wilderness
 * gates, then one NPC at about a third of the points of a 7-tile lattice, of a kind that suits its region
 * and its distance from the gate. Only on walkable tiles a player can reach from the spawn, none next to
 * the spawn or the arrival tile.
 */
export function placeNpcs(terrain: Terrain): NpcSpawnSpec[] {
  const { collision } = terrain;
  const reachable = reachableFrom(collision, MAINLAND_SPAWN);
  const taken = new Set<string>();
  const npcs: NpcSpawnSpec[] = [];
  const free = (x: number, y: number) =>
    reachable[y * MAINLAND_SIZE + x] === 1 && !taken.has(`${x},${y}`) && chebyshev({ x, y }, MAINLAND_SPAWN) > 4 && chebyshev({ x, y }, TOWN_ARRIVAL) > 4;
  const add = (npc: string, x: number, y: number, wanderRadius?: number) => {
    if (!free(x, y)) throw new Error(`${npc} at (${x}, ${y}): not a free reachable tile`);
    taken.add(`${x},${y}`);
    npcs.push({ npc, x, y, ...(wanderRadius === undefined ? {} : { wanderRadius }) });
  };
  for (const [i, farm] of FARMS.entries()) {
    for (let k = 0; k < 8; k++) add(i === 0 ? "cow" : "chicken", farm.x + 3 + (k % 4) * 5, farm.y + 5 + Math.floor(k / 4) * 10, 3);
  }
  add("guard", OUTPOST.x + 6, OUTPOST.y - 1, 1);
  add("guard", OUTPOST.x + 6, OUTPOST.y + OUTPOST.height, 1);
  for (const gateX of [126, 213]) add("guard", gateX, WILDERNESS_EDGE_Y + 2, 1);
  for (const p of lattice(7, 2, 40)) {
    if (p.x <= 0 || p.y <= 0 || p.x >= MAINLAND_SIZE - 1 || p.y >= MAINLAND_SIZE - 1 || !free(p.x, p.y)) continue;
    if (FARMS.some((farm) => inRect(farm, p.x, p.y))) continue;
    const { kinds, density } = kindsAt(p.x, p.y);
    if (tileChance(p.x, p.y, 41) >= density) continue;
    add(pick(kinds, tileChance(p.x, p.y, 42)), p.x, p.y);
  }
  return npcs;
}
