import { GID, Grid } from "./Grid.js";
import type { MapSpec, NpcSpawnSpec, ResourceSpec } from "./MapSpec.js";
import { TOWN_ARRIVAL } from "./mainlandTerrain.js";

/**
 * The town (64 x 64): where players spawn. Two roads cross at the square; the east road leads to the forest.
 * The general store's shopkeeper stands at the door of the north-west house, the blacksmith at the door of
 * the south-west house; the bank, a fire, a range and a few trees are within a short walk of the square.
 */
export function town(): MapSpec {
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
    // The blacksmith at the door of the south-west house (after the others, so that their NPC ids stay).
    { npc: "blacksmith", x: 15, y: 52, wanderRadius: 1 },
  ];
  // The bank: two booths (a counter) north-west of the square. The kitchen's range is in the south wall of
  // the north-east house, a fire pit south-east of the square, and a few trees on the west side.
  const banks = [{ x: 28, y: 29 }, { x: 29, y: 29 }];
  const fire = { x: 35, y: 35 };
  for (const solid of [...banks, fire]) {
    collision.set(solid.x, solid.y, GID.wall);
    ground.set(solid.x, solid.y, GID.wall);
  }
  const trees = [{ x: 5, y: 24 }, { x: 8, y: 26 }, { x: 5, y: 38 }, { x: 8, y: 36 }];
  for (const t of trees) collision.set(t.x, t.y, GID.tree);
  const resources: ResourceSpec[] = [
    { kind: "range", x: 43, y: 16 },
    { kind: "fire", ...fire },
    ...trees.map((t) => ({ kind: "tree", ...t })),
  ];
  return {
    width,
    height,
    ground,
    collision,
    spawn: { x: 32, y: 32 },
    portals: [
      { name: "to_forest", x: 62, y: 31, width: 1, height: 2, targetMap: "forest", targetX: 2, targetY: 40 },
      { name: "to_mainland", x: 31, y: 1, width: 2, height: 1, targetMap: "mainland", targetX: TOWN_ARRIVAL.x, targetY: TOWN_ARRIVAL.y },
    ],
    npcs,
    pvp: [],
    banks,
    resources,
  };
}
