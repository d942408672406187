import assert from "node:assert/strict";
import { loadConfig } from "../../src/config/config.js";
import { loadMaps } from "../../src/content/loadMaps.js";
import { npcKindByName } from "../../src/content/npcKinds.js";
import { resourceKindByName } from "../../src/content/resourceKinds.js";
import { npcCombatLevel } from "../../src/services/rules/combat.js";
import { chebyshev } from "../../src/services/rules/distance.js";
import { walkable } from "../support/mapWalk.js";

describe("the mainland map", () => {
  const maps = loadMaps();
  const mainland = maps.get("mainland")!;
  const town = maps.get("town")!;
  const aoi = loadConfig({ NODE_ENV: "test" }).rules.areaOfInterestTiles;
  const levelOf = (kind: string) => npcCombatLevel(npcKindByName(kind)!.levels);

  it("is at least 256x256, so that an area of interest covers less than a tenth of it", () => {
    assert.ok(mainland.width >= 256 && mainland.height >= 256);
    const side = 2 * aoi + 1;
    assert.ok((side * side) / (mainland.width * mainland.height) < 0.1, `${side}x${side} of ${mainland.width}x${mainland.height}`);
  });

  it("is joined to the town by portals both ways: the town's north gate and the mainland's south gate", () => {
    const toMainland = town.portals.filter((p) => p.targetMap === "mainland");
    const toTown = mainland.portals.filter((p) => p.targetMap === "town");
    assert.deepEqual(toMainland, [{ x: 31, y: 1, width: 2, height: 1, targetMap: "mainland", targetX: 128, targetY: 251 }]);
    assert.deepEqual(toTown, [{ x: 127, y: 254, width: 2, height: 1, targetMap: "town", targetX: 32, targetY: 3 }]);
    assert.deepEqual(mainland.spawn, { x: 128, y: 246 });
    const fromArrival = walkable(mainland, { x: 128, y: 251 });
    assert.ok(fromArrival.has("128,246") && fromArrival.has("127,254"), "the gate, the spawn and the portal are joined");
  });

  it("has a wilderness in the north where players may fight, and nowhere else", () => {
    assert.deepEqual(mainland.pvpAreas, [{ x: 1, y: 1, width: 254, height: 71 }]);
    assert.equal(mainland.inPvpArea(128, 71), true);
    assert.equal(mainland.inPvpArea(128, 72), false);
    assert.equal(mainland.inPvpArea(mainland.spawn.x, mainland.spawn.y), false);
    const reached = walkable(mainland, mainland.spawn);
    assert.ok(reached.has("128,40"), "the wilderness can be walked to");
    // The wilderness wall is crossed only at its gates.
    const gates = [...reached].filter((key) => key.endsWith(",72")).map((key) => Number(key.split(",")[0])).sort((a, b) => a - b);
    assert.deepEqual(gates, [126, 127, 128, 129, 213, 214, 215, 216]);
  });

  it("has a few hundred NPCs, only weak ones near the gate and the strongest only far from it", () => {
    const npcs = mainland.npcSpawns;
    assert.ok(npcs.length >= 250 && npcs.length <= 600, `${npcs.length} NPCs`);
    const reached = walkable(mainland, mainland.spawn);
    for (const npc of npcs) {
      const where = `${npc.kind} at (${npc.x}, ${npc.y})`;
      assert.ok(reached.has(`${npc.x},${npc.y}`), `${where} cannot be reached`);
      const distance = chebyshev(npc, mainland.spawn);
      if (distance <= 40) assert.ok(levelOf(npc.kind) <= 3 && npcKindByName(npc.kind)!.behaviour !== "aggressive", `${where} is near the gate`);
      if (npc.kind === "troll") assert.ok(mainland.inPvpArea(npc.x, npc.y), `${where} is outside the wilderness`);
    }
    const meanLevel = (near: boolean) => {
      const chosen = npcs.filter((n) => (chebyshev(n, mainland.spawn) <= 60) === near);
      return chosen.reduce((sum, n) => sum + levelOf(n.kind), 0) / chosen.length;
    };
    assert.ok(meanLevel(false) > 3 * meanLevel(true), `mean levels ${meanLevel(true)} near, ${meanLevel(false)} far`);
    const wild = npcs.filter((n) => mainland.inPvpArea(n.x, n.y));
    assert.ok(wild.length >= 50 && wild.every((n) => npcKindByName(n.kind)!.behaviour !== "peaceful"));
  });

  it("has many resources of every gathering kind by area: rocks in the mines, fish on the coast, willows by the lake", () => {
    const count = (category: string) => mainland.resources.filter((r) => resourceKindByName(r.kind)!.category === category).length;
    assert.ok(mainland.resources.length >= 200, `${mainland.resources.length} resources`);
    assert.ok(count("tree") >= 100 && count("rock") >= 50 && count("fishing_spot") >= 30, "trees, rocks and fishing spots");
    const kinds = new Set(mainland.resources.map((r) => r.kind));
    for (const kind of ["tree", "oak_tree", "willow_tree", "copper_rock", "tin_rock", "iron_rock", "coal_rock", "shrimp_spot", "trout_spot", "lobster_spot", "fire", "range"]) {
      assert.ok(kinds.has(kind), kind);
    }
    // Shrimp, the fish for beginners, nearest the gate; lobster farthest.
    const meanDistance = (kind: string) => {
      const spots = mainland.resources.filter((r) => r.kind === kind);
      return spots.reduce((sum, r) => sum + chebyshev(r, mainland.spawn), 0) / spots.length;
    };
    assert.ok(meanDistance("shrimp_spot") < meanDistance("trout_spot") && meanDistance("trout_spot") < meanDistance("lobster_spot"));
    assert.ok(meanDistance("copper_rock") < meanDistance("coal_rock"));
    for (const spot of mainland.resources.filter((r) => r.kind.endsWith("_spot"))) assert.ok(mainland.isBlocked(spot.x, spot.y), "a fishing spot is on water");
  });

  it("has a bank, a range and a fire at the outpost on the crossroads", () => {
    assert.deepEqual(mainland.banks, [{ x: 124, y: 156 }, { x: 125, y: 156 }]);
    assert.deepEqual(mainland.resources.slice(0, 2), [
      { id: 1, kind: "range", x: 132, y: 156 },
      { id: 2, kind: "fire", x: 132, y: 164 },
    ]);
  });
});
