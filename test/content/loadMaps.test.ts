import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GameMap, MapFormatError, neighbours, type TilePoint } from "../../src/content/GameMap.js";
import { defaultMapsDir, loadMaps, MapLoadError } from "../../src/content/loadMaps.js";
import { npcKindByName } from "../../src/content/npcKinds.js";
import { isCookingPlace, RESOURCE_KINDS, resourceKindByName } from "../../src/content/resourceKinds.js";
import { npcCombatLevel } from "../../src/services/rules/combat.js";
import { chebyshev, manhattan } from "../../src/services/rules/distance.js";
import { walkable } from "../support/mapWalk.js";

type Json = Record<string, unknown> & { layers: Array<Record<string, unknown>> };

const shippedJson = (id: string): Json => JSON.parse(readFileSync(join(defaultMapsDir(), `${id}.tmj`), "utf8")) as Json;
const layer = (json: Json, name: string) => json.layers.find((l) => l.name === name)!;
const objectsOf = (json: Json) => layer(json, "objects").objects as Array<Record<string, unknown>>;

describe("loadMaps", () => {
  describe("the shipped maps", () => {
    const maps = loadMaps();

    it("loads town (64x64), forest (80x80) and mainland (256x256), keyed by file stem", () => {
      assert.deepEqual([...maps.keys()].sort(), ["forest", "mainland", "town"]);
      assert.deepEqual([maps.get("town")!.width, maps.get("town")!.height], [64, 64]);
      assert.deepEqual([maps.get("forest")!.width, maps.get("forest")!.height], [80, 80]);
      assert.deepEqual([maps.get("mainland")!.width, maps.get("mainland")!.height], [256, 256]);
    });

    it("keeps every spawn and its four neighbours walkable and free of portals", () => {
      for (const map of maps.values()) {
        for (const p of [map.spawn, ...neighbours(map.spawn)]) {
          assert.equal(map.isBlocked(p.x, p.y), false, `${map.id} (${p.x}, ${p.y}) is blocked`);
          assert.equal(map.portalAt(p.x, p.y), null, `${map.id} (${p.x}, ${p.y}) holds a portal`);
        }
      }
    });

    it("lands every portal on a walkable tile of its target map that holds no portal", () => {
      for (const map of maps.values()) {
        assert.ok(map.portals.length > 0, `${map.id} has no portal`);
        for (const portal of map.portals) {
          const target = maps.get(portal.targetMap);
          assert.ok(target, `${map.id} leads to unknown ${portal.targetMap}`);
          assert.equal(target.isBlocked(portal.targetX, portal.targetY), false);
          assert.equal(target.portalAt(portal.targetX, portal.targetY), null);
        }
      }
    });

    it("connects every map to every other through portals", () => {
      for (const start of maps.keys()) {
        const reached = new Set([start]);
        const queue = [start];
        for (let id = queue.shift(); id; id = queue.shift()) {
          for (const portal of maps.get(id)!.portals) {
            if (!reached.has(portal.targetMap)) reached.add(portal.targetMap), queue.push(portal.targetMap);
          }
        }
        assert.deepEqual([...reached].sort(), [...maps.keys()].sort(), `from ${start}`);
      }
    });

    it("lets a player walk from each spawn to each portal, and from each arrival tile back to the spawn", () => {
      for (const map of maps.values()) {
        const fromSpawn = walkable(map, map.spawn);
        for (const portal of map.portals) assert.ok(fromSpawn.has(`${portal.x},${portal.y}`), `${map.id} portal unreachable`);
      }
      for (const map of maps.values()) {
        for (const portal of map.portals) {
          const target = maps.get(portal.targetMap)!;
          const back = walkable(target, { x: portal.targetX, y: portal.targetY });
          assert.ok(back.has(`${target.spawn.x},${target.spawn.y}`), `${target.id} spawn unreachable from the arrival`);
        }
      }
    });

    it("spawns at least 40 NPCs: weak ones near the spawn, the peaceful townsfolk in town, aggressive ones far out", () => {
      const all = [...maps.values()].flatMap((map) => map.npcSpawns.map((spawn) => ({ map, spawn, kind: npcKindByName(spawn.kind)! })));
      assert.ok(all.length >= 40, `${all.length} NPCs`);
      const town = maps.get("town")!;
      for (const { map, spawn, kind } of all) {
        const level = npcCombatLevel(kind.levels);
        const where = `${kind.kind} at (${spawn.x}, ${spawn.y}) of ${map.id}`;
        const fights = kind.behaviour !== "peaceful";
        if (map.id === "town" && fights && chebyshev(spawn, town.spawn) <= 15) assert.ok(level <= 3, `${where}: level ${level} next to the spawn`);
        if (kind.behaviour === "aggressive") {
          assert.notEqual(map.id, "town", where);
          assert.ok(chebyshev(spawn, map.spawn) > 12, `${where}: aggressive, near the spawn`);
          for (const other of maps.values()) {
            for (const portal of other.portals.filter((q) => q.targetMap === map.id)) {
              assert.ok(chebyshev(spawn, { x: portal.targetX, y: portal.targetY }) > 12, `${where}: aggressive, near an arrival tile`);
            }
          }
        }
      }
      const townsfolk = town.npcSpawns.map((s) => npcKindByName(s.kind)!).filter((k) => k.behaviour === "peaceful");
      assert.deepEqual(townsfolk.map((k) => k.kind).sort(), ["blacksmith", "shopkeeper", "villager"]);
      assert.ok(all.filter((n) => n.kind.behaviour === "aggressive").length >= 10);
    });

    it("ships a PvP area in the forest, away from the spawn and from the town", () => {
      assert.deepEqual(maps.get("town")!.pvpAreas, []);
      const forest = maps.get("forest")!;
      assert.deepEqual(forest.pvpAreas, [{ x: 52, y: 48, width: 9, height: 9 }]);
      assert.equal(forest.inPvpArea(52, 48), true);
      assert.equal(forest.inPvpArea(60, 56), true);
      assert.equal(forest.inPvpArea(61, 56), false);
      assert.equal(forest.inPvpArea(forest.spawn.x, forest.spawn.y), false);
      assert.ok(walkable(forest, forest.spawn).has("56,52"), "the arena can be walked to");
    });

    it("places bank booths and resources of every kind, ids 1..n in file order, at least 30 in all", () => {
      const counts = Object.fromEntries([...maps.values()].map((m) => [m.id, [m.banks.length, m.resources.length]]));
      assert.deepEqual(counts, { town: [2, 6], forest: [0, 37], mainland: [2, 305] });
      const all = [...maps.values()].flatMap((m) => m.resources);
      assert.ok(all.length >= 30, `${all.length} resources`);
      assert.deepEqual([...new Set(all.map((r) => r.kind))].sort(), RESOURCE_KINDS.map((k) => k.kind).sort());
      for (const map of maps.values()) assert.deepEqual(map.resources.map((r) => r.id), map.resources.map((_, i) => i + 1), map.id);
      assert.deepEqual(maps.get("town")!.banks, [{ x: 28, y: 29 }, { x: 29, y: 29 }]);
    });

    it("lets a player walk from the spawn to within reach of every booth, resource and shopkeeper", () => {
      for (const map of maps.values()) {
        const reached = walkable(map, map.spawn);
        const within = (p: TilePoint, radius: number, distance: (a: TilePoint, b: TilePoint) => number) =>
          [...reached].some((key) => {
            const [x, y] = key.split(",").map(Number);
            return distance(p, { x: x!, y: y! }) <= radius && !map.portalAt(x!, y!);
          });
        for (const booth of map.banks) assert.ok(within(booth, 1, chebyshev), `${map.id} booth at (${booth.x}, ${booth.y})`);
        for (const r of map.resources) assert.ok(within(r, 1, manhattan), `${map.id} ${r.kind} at (${r.x}, ${r.y})`);
        for (const spawn of map.npcSpawns.filter((n) => npcKindByName(n.kind)!.shop !== null)) {
          assert.ok(within(spawn, 2, chebyshev), `${map.id} ${spawn.kind} at (${spawn.x}, ${spawn.y})`);
        }
      }
    });

    it("has a bank, the general store, the blacksmith, a fire and a range in town within 20 tiles of the spawn", () => {
      const town = maps.get("town")!;
      const near = (p: TilePoint) => chebyshev(p, town.spawn) <= 20;
      assert.ok(town.banks.length > 0 && town.banks.every(near));
      const keeper = (kind: string) => town.npcSpawns.find((n) => n.kind === kind);
      assert.deepEqual(keeper("shopkeeper"), { kind: "shopkeeper", x: 17, y: 19, wanderRadiusTiles: 1 });
      assert.deepEqual(keeper("blacksmith"), { kind: "blacksmith", x: 15, y: 52, wanderRadiusTiles: 1 });
      assert.equal(npcKindByName("shopkeeper")!.shop, "general_store");
      assert.deepEqual(town.resources.filter((r) => isCookingPlace(resourceKindByName(r.kind)!)), [
        { id: 1, kind: "range", x: 43, y: 16 },
        { id: 2, kind: "fire", x: 35, y: 35 },
      ]);
    });

    it("has walls on the town's border and a river crossed only by the forest's bridge", () => {
      const town = maps.get("town")!;
      for (let i = 0; i < 64; i++) for (const [x, y] of [[i, 0], [i, 63], [0, i], [63, i]] as const) assert.ok(town.isBlocked(x, y));
      const forest = maps.get("forest")!;
      const eastBank = (reached: Set<string>) => [...reached].filter((k) => Number(k.split(",")[0]) > 48);
      assert.ok(eastBank(walkable(forest, forest.spawn)).length > 0, "the bridge leads across");
      const offBridge = (p: TilePoint) => !(p.y >= 39 && p.y <= 41 && p.x >= 43 && p.x <= 48);
      assert.deepEqual(eastBank(walkable(forest, forest.spawn, offBridge)), [], "the river can be crossed elsewhere");
    });
  });

  describe("malformed maps", () => {
    let dir: string;

    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), "maps-"));
      for (const id of ["town", "forest"]) writeFileSync(join(dir, `${id}.tmj`), JSON.stringify(shippedJson(id)));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    /** Writes forest, changed by `edit`, as bad.tmj and returns loadMaps' error message. */
    function loadWithBadMap(edit: (json: Json) => void): string {
      const json = shippedJson("forest");
      edit(json);
      writeFileSync(join(dir, "bad.tmj"), JSON.stringify(json));
      try {
        loadMaps(dir);
      } catch (err) {
        assert.ok(err instanceof MapLoadError, String(err));
        return err.message;
      }
      assert.fail("loadMaps accepted a bad map");
    }
    const portalOf = (json: Json) => objectsOf(json).find((o) => o.type === "portal")!;
    const setProperty = (json: Json, name: string, value: unknown) => {
      const properties = portalOf(json).properties as Array<{ name: string; value: unknown }>;
      properties.find((p) => p.name === name)!.value = value;
    };

    it("rejects a map without a collision layer, naming the file", () => {
      const message = loadWithBadMap((json) => (json.layers = json.layers.filter((l) => l.name !== "collision")));
      assert.match(message, /bad\.tmj: no tile layer named "collision"/);
    });

    it("rejects a map without a player_spawn", () => {
      const message = loadWithBadMap((json) => (layer(json, "objects").objects = objectsOf(json).filter((o) => o.type !== "player_spawn")));
      assert.match(message, /bad\.tmj: expected one player_spawn object, found 0/);
    });

    it("rejects a portal without targetMap", () => {
      const message = loadWithBadMap((json) => {
        const portal = portalOf(json);
        portal.properties = (portal.properties as Array<{ name: string }>).filter((p) => p.name !== "targetMap");
      });
      assert.match(message, /bad\.tmj: portal "to_town" \(object 2\) has no targetMap/);
    });

    it("rejects a portal leading outside its target map", () => {
      const message = loadWithBadMap((json) => setProperty(json, "targetX", 64));
      assert.match(message, /bad\.tmj: portal at \(1, 39\) leads to \(64, 32\) of "town", outside that map/);
    });

    it("rejects a portal leading onto a blocked tile or onto another portal", () => {
      assert.match(loadWithBadMap((json) => setProperty(json, "targetX", 0)), /bad\.tmj: .* leads to \(0, 32\) of "town", a blocked tile/);
      assert.match(loadWithBadMap((json) => setProperty(json, "targetX", 62)), /bad\.tmj: .* of "town", onto another portal/);
    });

    it("rejects a portal to an unknown map", () => {
      const message = loadWithBadMap((json) => setProperty(json, "targetMap", "atlantis"));
      assert.match(message, /bad\.tmj: portal at \(1, 39\) leads to the unknown map "atlantis"/);
    });

    it("rejects a spawn next to a blocked tile", () => {
      const message = loadWithBadMap((json) => {
        const data = layer(json, "collision").data as number[];
        data[41 * 80 + 10] = 5;
      });
      assert.match(message, /bad\.tmj: player_spawn at \(10, 40\): tile \(10, 41\) is blocked/);
    });

    it("rejects layer data of the wrong size, broken JSON and a non-Tiled file, listing every bad file at once", () => {
      loadWithBadMap((json) => (layer(json, "collision").data = [0, 0, 0]));
      writeFileSync(join(dir, "broken.tmj"), "{ not json");
      writeFileSync(join(dir, "other.tmj"), JSON.stringify({ type: "tileset" }));
      assert.throws(() => loadMaps(dir), (err: Error) => {
        assert.match(err.message, /bad\.tmj: collision: layer must be 80x80/);
        assert.match(err.message, /broken\.tmj: .*JSON/);
        assert.match(err.message, /other\.tmj: type: /);
        return true;
      });
    });

    it("rejects NPC spawns of unknown kinds, on walls, on portals or sharing a tile, and PvP areas outside the map", () => {
      const message = loadWithBadMap((json) => {
        const objects = objectsOf(json);
        const spawn = (id: number, x: number, y: number, npc: unknown) => ({
          id, name: "", type: "npc_spawn", point: true, x: x * 32 + 16, y: y * 32 + 16, properties: [{ name: "npc", type: "string", value: npc }],
        });
        objects.push(spawn(900, 10, 42, "dragon"), spawn(901, 0, 0, "rat"), spawn(902, 1, 39, "rat"), spawn(903, 12, 40, "rat"), spawn(904, 12, 40, "cow"));
        objects.push({ ...spawn(905, 13, 40, "rat"), properties: [{ name: "npc", value: "rat" }, { name: "wanderRadius", value: -1 }] });
        objects.push({ id: 906, name: "", type: "pvp", x: 70 * 32, y: 70 * 32, width: 20 * 32, height: 32 });
      });
      assert.match(message, /npc_spawn \(object 900\) has no known npc kind \(got "dragon"\)/);
      assert.match(message, /npc_spawn \(object 901\) at \(0, 0\) is on a blocked tile/);
      assert.match(message, /npc_spawn \(object 902\) at \(1, 39\) is on a portal/);
      assert.match(message, /npc_spawn \(object 904\) at \(12, 40\) shares its tile with another npc_spawn/);
      assert.match(message, /npc_spawn \(object 905\) has a wanderRadius that is not a non-negative int/);
      assert.match(message, /pvp \(object 906\) is not inside the 80x80 map/);
    });

    /** A point object of `type` at tile (x, y) with the given properties. */
    const pointAt = (id: number, type: string, x: number, y: number, properties: { name: string; value: unknown }[] = []) =>
      ({ id, name: "", type, point: true, x: x * 32 + 16, y: y * 32 + 16, properties });
    const resourceAt = (id: number, x: number, y: number, kind: unknown) => pointAt(id, "resource", x, y, [{ name: "resource", value: kind }]);

    it("rejects bank booths and resources of unknown kinds, outside the map, on portals, sharing a tile or out of reach", () => {
      const message = loadWithBadMap((json) => {
        const objects = objectsOf(json);
        const data = layer(json, "collision").data as number[];
        // A 3x3 block of trees around (20, 20): its middle has no walkable tile within reach of anything.
        for (let y = 19; y <= 21; y++) for (let x = 19; x <= 21; x++) data[y * 80 + x] = 5;
        objects.push(resourceAt(910, 12, 42, "dragon_lair"), resourceAt(911, 12, 43, null), resourceAt(912, 80, 5, "tree"));
        objects.push(resourceAt(913, 1, 40, "tree"), resourceAt(914, 12, 44, "tree"), resourceAt(915, 12, 44, "oak_tree"));
        objects.push(resourceAt(916, 20, 20, "tree"), pointAt(917, "bank", 20, 20), pointAt(918, "bank", -1, 3), pointAt(919, "bank", 1, 39));
        objects.push(pointAt(920, "bank", 14, 44), pointAt(921, "bank", 14, 44));
      });
      assert.match(message, /resource \(object 910\) has no known resource kind \(got "dragon_lair"\)/);
      assert.match(message, /resource \(object 911\) has no known resource kind \(got null\)/);
      assert.match(message, /resource \(object 912\) at \(80, 5\) is outside the 80x80 map/);
      assert.match(message, /resource \(object 913\) at \(1, 40\) is on a portal/);
      assert.match(message, /resource \(object 915\) at \(12, 44\) shares its tile with another resource/);
      assert.match(message, /resource \(object 916\) at \(20, 20\) has no walkable tile without a portal within Manhattan distance 1/);
      assert.match(message, /bank \(object 917\) at \(20, 20\) has no walkable tile without a portal within Chebyshev distance 1/);
      assert.match(message, /bank \(object 918\) at \(-1, 3\) is outside the 80x80 map/);
      assert.match(message, /bank \(object 919\) at \(1, 39\) is on a portal/);
      assert.match(message, /bank \(object 921\) at \(14, 44\) shares its tile with another bank/);
      assert.doesNotMatch(message, /object 914\)/);
      assert.doesNotMatch(message, /object 920\)/);
    });

    it("accepts a resource on a blocked tile beside a walkable one and a booth reached only diagonally", () => {
      const json = shippedJson("forest");
      const data = layer(json, "collision").data as number[];
      // Walls around (20, 20) except the tile diagonally up-left of it, and a fishing spot on water at (30, 30).
      for (let y = 18; y <= 22; y++) for (let x = 18; x <= 22; x++) data[y * 80 + x] = 2;
      data[19 * 80 + 19] = 0;
      data[30 * 80 + 30] = 3;
      data[30 * 80 + 31] = 0;
      const before = GameMap.fromTiled("forest", json).resources.length;
      objectsOf(json).push(pointAt(930, "bank", 20, 20), resourceAt(931, 30, 30, "shrimp_spot"));
      const map = GameMap.fromTiled("forest", json);
      assert.deepEqual(map.banks, [{ x: 20, y: 20 }]);
      assert.deepEqual(map.resources.at(-1), { id: before + 1, kind: "shrimp_spot", x: 30, y: 30 });
      assert.equal(map.isBlocked(30, 30), true);
    });

    it("rejects a folder without maps", () => {
      const empty = mkdtempSync(join(tmpdir(), "maps-empty-"));
      try {
        assert.throws(() => loadMaps(empty), /no \.tmj map files/);
      } finally {
        rmSync(empty, { recursive: true, force: true });
      }
    });
  });
});

describe("GameMap", () => {
  const town = GameMap.fromTiled("town", shippedJson("town"));

  it("blocks walls and every tile outside the map", () => {
    assert.equal(town.isBlocked(0, 0), true);
    assert.equal(town.isBlocked(12, 12), true);
    assert.equal(town.isBlocked(32, 32), false);
    for (const [x, y] of [[-1, 5], [5, -1], [64, 5], [5, 64], [1.5, 2]] as const) assert.equal(town.isBlocked(x, y), true);
  });

  it("finds the portal covering a tile, in tiles", () => {
    const portal = { x: 62, y: 31, width: 1, height: 2, targetMap: "forest", targetX: 2, targetY: 40 };
    assert.deepEqual(town.portalAt(62, 31), portal);
    assert.deepEqual(town.portalAt(62, 32), portal);
    assert.equal(town.portalAt(61, 32), null);
    assert.equal(town.portalAt(99, 99), null);
  });

  it("summarises itself for GET /maps and keeps the Tiled JSON as read", () => {
    assert.deepEqual(town.summary(), {
      id: "town",
      width: 64,
      height: 64,
      spawn: { x: 32, y: 32 },
      portals: [
        { x: 62, y: 31, width: 1, height: 2, targetMap: "forest", targetX: 2, targetY: 40 },
        { x: 31, y: 1, width: 2, height: 1, targetMap: "mainland", targetX: 128, targetY: 251 },
      ],
      banks: [{ x: 28, y: 29 }, { x: 29, y: 29 }],
    });
    assert.deepEqual(town.tiled, shippedJson("town"));
  });

  it("ignores Tiled's flip flags in collision gids and reads the object class of Tiled 1.9", () => {
    const json = shippedJson("town");
    (layer(json, "collision").data as number[])[5 * 64 + 5] = 0x80000000;
    for (const o of objectsOf(json)) (o.class = o.type), delete o.type;
    const map = GameMap.fromTiled("town", json);
    assert.equal(map.isBlocked(5, 5), false);
    assert.equal(map.portals.length, 2);
  });

  it("names every problem of a bad map at once", () => {
    const json = shippedJson("town");
    json.infinite = true;
    json.orientation = "isometric";
    assert.throws(() => GameMap.fromTiled("town", json), (err: MapFormatError) => {
      assert.equal(err.problems.length, 2);
      assert.match(err.message, /infinite maps are not supported/);
      return true;
    });
  });
});
