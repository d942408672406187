import { GID, Grid, nearestFree, nearestWhere, reachableBeside, reachableFrom, tileHash } from "./Grid.js";
import type { MapSpec, NpcSpawnSpec, ResourceSpec } from "./MapSpec.js";

/**
 * The forest (80 x 80) east of the town: a road from the town gate over a river to the east edge, woods of
 * growing danger, a PvP arena beyond the river and the troll's clearing. Resources: a quarry of copper, tin
 * and iron in the north-west, coal in a clearing east of the river by the road, trees (normal near the
 * spawn, oaks farther, willows by the river), fishing spots along the river (shrimp by the bridge, trout
 * farther up and down, lobster on the far bank in the south) and a fire by the bridge.
 */
export function forest(): MapSpec {
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
  const resources = forestResources({ ground, collision, taken, spawn, riverX });
  return {
    width,
    height,
    ground,
    collision,
    spawn,
    portals: [{ name: "to_town", x: 1, y: 39, width: 1, height: 2, targetMap: "town", targetX: 61, targetY: 32 }],
    npcs,
    pvp: [arena],
    banks: [],
    resources,
  };
}

interface ForestTerrain {
  ground: Grid;
  collision: Grid;
  /** Tiles that NPC spawns hold: never turned into rock. */
  taken: Set<string>;
  spawn: { x: number; y: number };
  riverX: (y: number) => number;
}

/**
 * Places the forest's resources, after its NPCs so that none of their tiles moves: first the quarries and
 * the fire (which change the terrain), then trees on existing tree tiles and fishing spots on river tiles,
 * each the nearest to its named spot that a player can stand next to, coming from the spawn.
 */
function forestResources({ ground, collision, taken, spawn, riverX }: ForestTerrain): ResourceSpec[] {
  const solid = (x: number, y: number) => {
    if (taken.has(`${x},${y}`)) throw new Error(`(${x}, ${y}) holds an NPC spawn`);
    collision.set(x, y, GID.wall);
    ground.set(x, y, GID.wall);
    taken.add(`${x},${y}`);
  };
  // The quarries: cleared of trees, then rocks in rows with a walkable tile between each two.
  collision.rect(6, 6, 13, 11, GID.empty);
  collision.rect(66, 33, 11, 5, GID.empty);
  const rocks: ResourceSpec[] = [
    ...[7, 9, 11, 13].map((x) => ({ kind: "copper_rock", x, y: 8 })),
    ...[7, 9, 11, 13].map((x) => ({ kind: "tin_rock", x, y: 11 })),
    ...[8, 11, 14].map((x) => ({ kind: "iron_rock", x, y: 14 })),
    ...[68, 71, 74].map((x) => ({ kind: "coal_rock", x, y: 35 })),
  ];
  for (const rock of rocks) solid(rock.x, rock.y);
  const fire = { kind: "fire", x: 41, y: 37 };
  solid(fire.x, fire.y);

  const reachable = reachableFrom(collision, spawn);
  const besideReachable = (x: number, y: number) => reachableBeside(reachable, collision.width, x, y);
  const inner = (x: number, y: number) => x > 0 && y > 0 && x < collision.width - 1 && y < collision.height - 1;
  const onTree = (x: number, y: number) => inner(x, y) && collision.get(x, y) === GID.tree && besideReachable(x, y);
  const trees = (kind: string, spots: number[][]) => spots.map(([x, y]) => ({ kind, ...nearestWhere(x!, y!, taken, onTree) }));
  const westBank = (x: number, y: number) => x === riverX(y) && collision.get(x, y) === GID.water && besideReachable(x, y);
  const eastBank = (x: number, y: number) => x === riverX(y) + 2 && collision.get(x, y) === GID.water && besideReachable(x, y);
  const spots = (kind: string, bank: (x: number, y: number) => boolean, at: number[][]) =>
    at.map(([x, y]) => ({ kind, ...nearestWhere(x!, y!, taken, bank) }));
  const resources = [
    ...rocks,
    fire,
    ...trees("tree", [[16, 30], [20, 48], [13, 33], [22, 36], [17, 52]]),
    ...trees("oak_tree", [[28, 28], [30, 52], [34, 24], [36, 56]]),
    ...trees("willow_tree", [[41, 30], [41, 50], [42, 60]]),
    ...spots("shrimp_spot", westBank, [[44, 36], [44, 34], [44, 44], [44, 46]]),
    ...spots("trout_spot", westBank, [[44, 26], [44, 54], [44, 58]]),
    ...spots("lobster_spot", eastBank, [[47, 64], [47, 68], [47, 72]]),
  ];
  for (const r of resources) {
    if (!besideReachable(r.x, r.y)) throw new Error(`${r.kind} at (${r.x}, ${r.y}) cannot be reached from the spawn`);
  }
  return resources;
}
