import type { GameMap, TilePoint } from "../../src/content/GameMap.js";
import { npcKindByName } from "../../src/content/npcKinds.js";
import { chebyshev } from "../../src/services/rules/distance.js";
import { mulberry32 } from "../../src/services/rules/random.js";

/** A place where players gather: a share of the bots stands around (x, y), most within `radiusTiles`. */
export interface Hotspot {
  name: string;
  x: number;
  y: number;
  /** The standard deviation of the bots' distance from the centre along each axis, in tiles. */
  radiusTiles: number;
  /** The hotspot's share of the clustered bots (weights are normalised). */
  weight: number;
}

/**
 * How a live world on the mainland is spread (the places of `scripts/maps/mainlandTerrain.ts`): most
 * players gather where the game sends them (the gate from the town, the outpost's bank, the mine, the
 * farms, the forest's trees, the lake and the coast's fishing spots, a few in the wilderness), and a
 * share are on their way between them anywhere on the map.
 */
export const MAINLAND_HOTSPOTS: readonly Hotspot[] = [
  { name: "gate (from the town)", x: 128, y: 244, radiusTiles: 6, weight: 18 },
  // The outpost's plaza itself is in reach of the goblin that spawns on it: its visitors wait on the road south of it.
  { name: "outpost (south road)", x: 128, y: 174, radiusTiles: 4, weight: 18 },
  { name: "mine", x: 184, y: 150, radiusTiles: 12, weight: 12 },
  { name: "farms", x: 163, y: 213, radiusTiles: 10, weight: 10 },
  { name: "forest (west road)", x: 60, y: 160, radiusTiles: 14, weight: 10 },
  { name: "lake (willows, trout)", x: 150, y: 104, radiusTiles: 12, weight: 8 },
  { name: "coast (fishing)", x: 218, y: 190, radiusTiles: 10, weight: 8 },
  { name: "wilderness gate", x: 128, y: 78, radiusTiles: 6, weight: 6 },
  { name: "wilderness mine", x: 182, y: 28, radiusTiles: 10, weight: 3 },
];

/** The share of bots scattered uniformly over the map's safe tiles (players travelling between places). */
export const SCATTERED_SHARE = 0.1;

/**
 * The tiles a bench bot may stand on: reachable from the map's spawn, not a portal, with a walkable
 * non-portal tile to its left (the CCU bot steps left and back), and out of reach of every aggressive NPC
 * (farther from its spawn than its wander radius plus its aggression radius plus one), so that a bot's
 * results measure the server, not fights it did not choose. As a bitmap over the map (y * width + x).
 */
export function safeTiles(map: GameMap): Uint8Array {
  const { width, height } = map;
  const walkable = (x: number, y: number) => !map.isBlocked(x, y) && map.portalAt(x, y) === null;
  const reachable = new Uint8Array(width * height);
  const queue: number[] = [];
  if (walkable(map.spawn.x, map.spawn.y)) {
    reachable[map.spawn.y * width + map.spawn.x] = 1;
    queue.push(map.spawn.y * width + map.spawn.x);
  }
  for (let head = 0; head < queue.length; head++) {
    const i = queue[head]!;
    const x = i % width;
    const y = (i - x) / width;
    for (const [nx, ny] of [[x + 1, y], [x - 1, y], [x, y + 1], [x, y - 1]] as const) {
      if (!walkable(nx, ny) || reachable[ny * width + nx] === 1) continue;
      reachable[ny * width + nx] = 1;
      queue.push(ny * width + nx);
    }
  }
  const danger = map.npcSpawns.flatMap((s) => {
    const kind = npcKindByName(s.kind);
    if (!kind || kind.behaviour !== "aggressive") return [];
    return [{ x: s.x, y: s.y, reach: (s.wanderRadiusTiles ?? kind.wanderRadiusTiles) + kind.aggressionRadiusTiles + 1 }];
  });
  const safe = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 1; x < width; x++) {
      if (reachable[y * width + x] !== 1 || reachable[y * width + x - 1] !== 1) continue;
      if (danger.some((d) => chebyshev(d, { x, y }) <= d.reach || chebyshev(d, { x: x - 1, y }) <= d.reach)) continue;
      safe[y * width + x] = 1;
    }
  }
  return safe;
}

/**
 * `count` bot positions over `map`: `SCATTERED_SHARE` of them on uniformly chosen safe tiles, the others
 * around the hotspots by weight (each at a normally distributed offset from its hotspot's centre; a bot
 * whose tile is not safe draws again, up to 50 times, then takes a scattered tile). Deterministic for a
 * seed. Bots may share a tile (the server lets players stand together).
 */
export function spreadBots(map: GameMap, count: number, hotspots: readonly Hotspot[], seed = 1): TilePoint[] {
  const safe = safeTiles(map);
  const safeList: number[] = [];
  for (let i = 0; i < safe.length; i++) if (safe[i] === 1) safeList.push(i);
  if (safeList.length === 0) throw new Error(`map ${map.id} has no safe tile for a bot`);
  const random = mulberry32(seed);
  const tileOf = (i: number): TilePoint => ({ x: i % map.width, y: Math.floor(i / map.width) });
  const scattered = () => tileOf(safeList[Math.floor(random() * safeList.length)]!);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const total = hotspots.reduce((s, h) => s + h.weight, 0);
  const pickHotspot = (): Hotspot | null => {
    let at = random() * total;
    for (const h of hotspots) {
      if (at < h.weight) return h;
      at -= h.weight;
    }
    return hotspots.at(-1) ?? null;
  };
  const out: TilePoint[] = [];
  for (let n = 0; n < count; n++) {
    const hotspot = random() < SCATTERED_SHARE ? null : pickHotspot();
    let tile: TilePoint | null = null;
    for (let attempt = 0; hotspot && attempt < 50 && !tile; attempt++) {
      const x = Math.round(hotspot.x + gaussian() * hotspot.radiusTiles);
      const y = Math.round(hotspot.y + gaussian() * hotspot.radiusTiles);
      if (map.contains(x, y) && safe[y * map.width + x] === 1) tile = { x, y };
    }
    out.push(tile ?? scattered());
  }
  return out;
}

/** The hotspot each position is nearest to (or "scattered" beyond 3 radii of every hotspot), as counts. */
export function spreadSummary(positions: readonly TilePoint[], hotspots: readonly Hotspot[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of positions) {
    const near = hotspots
      .map((h) => ({ h, d: chebyshev(h, p) }))
      .filter(({ h, d }) => d <= 3 * h.radiusTiles)
      .sort((a, b) => a.d - b.d)[0];
    const key = near?.h.name ?? "scattered";
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}
