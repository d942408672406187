import { strict as assert } from "node:assert";
import { MAINLAND_HOTSPOTS, safeTiles, SCATTERED_SHARE, spreadBots, spreadSummary } from "../../bench/lib/spread.js";
import { npcKindByName } from "../../src/content/npcKinds.js";
import { loadMaps } from "../../src/content/loadMaps.js";
import { chebyshev } from "../../src/services/rules/distance.js";

describe("bench bot spread over the mainland", () => {
  const mainland = loadMaps().get("mainland")!;

  it("puts every bot on a walkable, non-portal tile with a walkable tile to its left, out of every aggressive NPC's reach", () => {
    const bots = spreadBots(mainland, 1_250, MAINLAND_HOTSPOTS, 13);
    assert.equal(bots.length, 1_250);
    const aggressive = mainland.npcSpawns.flatMap((s) => {
      const kind = npcKindByName(s.kind)!;
      return kind.behaviour === "aggressive" ? [{ ...s, reach: (s.wanderRadiusTiles ?? kind.wanderRadiusTiles) + kind.aggressionRadiusTiles }] : [];
    });
    assert.ok(aggressive.length > 0, "the mainland has aggressive NPCs to keep away from");
    for (const b of bots) {
      for (const tile of [b, { x: b.x - 1, y: b.y }]) {
        assert.equal(mainland.isBlocked(tile.x, tile.y), false, `(${tile.x}, ${tile.y}) walkable`);
        assert.equal(mainland.portalAt(tile.x, tile.y), null, `(${tile.x}, ${tile.y}) not a portal`);
        for (const npc of aggressive) assert.ok(chebyshev(npc, tile) > npc.reach, `(${tile.x}, ${tile.y}) out of reach of the ${npc.kind} at (${npc.x}, ${npc.y})`);
      }
    }
  });

  it("clusters bots around the hotspots by weight, scatters about a tenth, and covers the whole map", () => {
    const bots = spreadBots(mainland, 2_000, MAINLAND_HOTSPOTS, 5);
    const counts = spreadSummary(bots, MAINLAND_HOTSPOTS);
    const gate = counts["gate (from the town)"] ?? 0;
    const wildMine = counts["wilderness mine"] ?? 0;
    assert.ok(gate > 4 * wildMine, `the gate (${gate}) is busier than the wilderness mine (${wildMine})`);
    for (const h of MAINLAND_HOTSPOTS) assert.ok((counts[h.name] ?? 0) > 0, `someone at ${h.name}`);
    assert.ok((counts.scattered ?? 0) < 2_000 * SCATTERED_SHARE * 2, "most bots are near a hotspot");
    const ys = bots.map((b) => b.y);
    const xs = bots.map((b) => b.x);
    assert.ok(Math.min(...ys) < 64 && Math.max(...ys) > 192, "from the wilderness to the gate");
    assert.ok(Math.min(...xs) < 64 && Math.max(...xs) > 192, "from the west forest to the coast");
  });

  it("is deterministic for a seed", () => {
    assert.deepEqual(spreadBots(mainland, 50, MAINLAND_HOTSPOTS, 3), spreadBots(mainland, 50, MAINLAND_HOTSPOTS, 3));
    assert.notDeepEqual(spreadBots(mainland, 50, MAINLAND_HOTSPOTS, 3), spreadBots(mainland, 50, MAINLAND_HOTSPOTS, 4));
  });

  it("finds safe tiles only where a bot can walk from the spawn", () => {
    const safe = safeTiles(mainland);
    assert.equal(safe[mainland.spawn.y * mainland.width + mainland.spawn.x], 1, "the spawn (gate) is safe");
    assert.equal(safe[0], 0, "the walled corner is not");
  });
});
