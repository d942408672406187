import { reachableBeside, reachableFrom } from "./Grid.js";
import type { MapSpec } from "./MapSpec.js";
import { placeNpcs, placeSolidThings, placeTreesAndSpots } from "./mainlandPlaces.js";
import { MAINLAND_SIZE, MAINLAND_SPAWN, mainlandTerrain, TOWN_GATE, WILDERNESS_EDGE_Y } from "./mainlandTerrain.js";

/** Where the town's north road leads: the town tile a player coming back from the mainland lands on. */
export const TOWN_NORTH_ARRIVAL = { x: 32, y: 3 };

/**
 * The mainland (256 x 256), north of the town through the town's north gate: open country and farms by
 * the gate, an outpost with a bank at the crossroads, a forest in the west, a mine in the east, a sea coast
 * for fishing, and the wilderness north of a wall, where aggressive NPCs roam and players may fight each
 * other (one `pvp` area over all of it).
 */
export function mainland(): MapSpec {
  const terrain = mainlandTerrain();
  const { banks, resources: solid } = placeSolidThings(terrain);
  const resources = [...solid, ...placeTreesAndSpots(terrain)];
  const npcs = placeNpcs(terrain);
  const reachable = reachableFrom(terrain.collision, MAINLAND_SPAWN);
  for (const r of resources) {
    if (!reachableBeside(reachable, MAINLAND_SIZE, r.x, r.y)) throw new Error(`${r.kind} at (${r.x}, ${r.y}) cannot be reached from the spawn`);
  }
  return {
    width: MAINLAND_SIZE,
    height: MAINLAND_SIZE,
    ...terrain,
    spawn: MAINLAND_SPAWN,
    portals: [{ name: "to_town", ...TOWN_GATE, targetMap: "town", targetX: TOWN_NORTH_ARRIVAL.x, targetY: TOWN_NORTH_ARRIVAL.y }],
    npcs,
    pvp: [{ name: "wilderness", x: 1, y: 1, width: MAINLAND_SIZE - 2, height: WILDERNESS_EDGE_Y - 1 }],
    banks,
    resources,
  };
}
