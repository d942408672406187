import assert from "node:assert/strict";
import { loadMaps } from "../../src/content/loadMaps.js";
import { WorldService } from "../../src/services/WorldService.js";

describe("WorldService", () => {
  const maps = loadMaps();

  it("holds every map by id and knows the default map", () => {
    const world = new WorldService(maps, "town");
    assert.equal(world.defaultMap.id, "town");
    assert.equal(world.defaultMapId, "town");
    assert.deepEqual(world.all().map((m) => m.id), ["forest", "mainland", "town"]);
    assert.equal(world.get("forest"), maps.get("forest"));
    assert.equal(world.has("forest"), true);
    assert.equal(world.has("atlantis"), false);
    assert.equal(world.get("atlantis"), undefined);
  });

  it("gives each map's spawn, and the default map's for a map that does not exist", () => {
    const world = new WorldService(maps, "town");
    assert.deepEqual(world.spawnOf("forest"), { mapId: "forest", x: 10, y: 40 });
    assert.deepEqual(world.spawnOf(), { mapId: "town", x: 32, y: 32 });
    assert.deepEqual(world.spawnOf("atlantis"), { mapId: "town", x: 32, y: 32 });
  });

  it("tells walkable positions from blocked ones and unknown maps", () => {
    const world = new WorldService(maps, "town");
    assert.equal(world.isWalkable({ mapId: "town", x: 32, y: 32 }), true);
    assert.equal(world.isWalkable({ mapId: "town", x: 0, y: 0 }), false);
    assert.equal(world.isWalkable({ mapId: "atlantis", x: 1, y: 1 }), false);
  });

  it("refuses to be built without its default map", () => {
    assert.throws(() => new WorldService(maps, "atlantis"), /default map "atlantis" is not among the loaded maps \(forest, mainland, town\)/);
  });
});
