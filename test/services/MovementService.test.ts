import assert from "node:assert/strict";
import { GameMap } from "../../src/content/GameMap.js";
import { loadMaps } from "../../src/content/loadMaps.js";
import type { Direction } from "../../src/protocol/index.js";
import { MovementService } from "../../src/services/MovementService.js";
import { WorldService } from "../../src/services/WorldService.js";
import type { GameStateManager } from "../../src/state/GameStateManager.js";
import { createAccount, createOnlinePlayer, serviceTestRules } from "../support/factories.js";
import { openTestStores, type TestStores } from "../support/stores.js";

/** A 3x3 open field (no walls at its edges) with a spawn in the middle, to walk off the map's edge. */
function fieldMap(): GameMap {
  const tiles = new Array<number>(9).fill(0);
  return GameMap.fromTiled("field", {
    type: "map",
    orientation: "orthogonal",
    infinite: false,
    width: 3,
    height: 3,
    tilewidth: 32,
    tileheight: 32,
    layers: [
      { type: "tilelayer", name: "collision", width: 3, height: 3, data: tiles },
      { type: "objectgroup", name: "objects", objects: [{ id: 1, type: "player_spawn", point: true, x: 48, y: 48 }] },
    ],
  });
}

describe("MovementService", () => {
  let stores: TestStores;
  let gsm: GameStateManager;
  let movement: MovementService;
  let playerId: number;
  const maps = new Map([...loadMaps(), ["field", fieldMap()]]);
  const world = new WorldService(maps, "town");
  const town = world.get("town")!;
  const forest = world.get("forest")!;
  const toForest = town.portals.find((p) => p.targetMap === "forest")!;
  const toTown = forest.portals.find((p) => p.targetMap === "town")!;

  beforeEach(async () => {
    stores = await openTestStores();
    gsm = stores.newGsm();
    movement = new MovementService({ gsm, world, rules: serviceTestRules() });
    playerId = (await createOnlinePlayer(gsm, { mapId: "town", ...town.spawn })).id;
  });
  afterEach(async () => stores.close());

  const position = () => gsm.getPlayerPosition(playerId);
  const place = (mapId: string, x: number, y: number) => gsm.fields.setPlayerPosition(playerId, x, y, mapId);
  const codeOf = (result: { ok: boolean; code?: string }) => (result.ok ? "ok" : result.code);

  describe("move", () => {
    it("moves one tile in each direction and reports where and which way the player faces", async () => {
      const { x, y } = town.spawn;
      const steps: Array<[Direction, number, number]> = [["up", x, y - 1], ["right", x + 1, y - 1], ["down", x + 1, y], ["left", x, y]];
      for (const [dir, ex, ey] of steps) {
        assert.deepEqual(await movement.move(playerId, dir), { ok: true, data: { mapId: "town", x: ex, y: ey, facing: dir, portal: null } });
        assert.deepEqual(await position(), { mapId: "town", x: ex, y: ey });
      }
    });

    it("refuses a move onto a wall or water with BLOCKED, changing nothing", async () => {
      const cases: Array<[number, number, Direction]> = [[1, 5, "left"], [5, 1, "up"], [11, 14, "right"], [21, 22, "right"]];
      for (const [x, y, dir] of cases) {
        await place("town", x, y);
        const before = await gsm.readPlayer(playerId);
        assert.equal(codeOf(await movement.move(playerId, dir)), "BLOCKED", `(${x}, ${y}) ${dir}`);
        assert.deepEqual(await gsm.readPlayer(playerId), before);
      }
    });

    it("refuses a move off the edge of the map with BLOCKED", async () => {
      const edges: Array<[number, number, Direction]> = [[0, 1, "left"], [2, 1, "right"], [1, 0, "up"], [1, 2, "down"]];
      for (const [x, y, dir] of edges) {
        await place("field", x, y);
        assert.equal(codeOf(await movement.move(playerId, dir)), "BLOCKED", `(${x}, ${y}) ${dir}`);
        assert.deepEqual(await position(), { mapId: "field", x, y });
      }
    });

    it("refuses a dead player with DEAD: at 0 HP, or while a respawn is pending", async () => {
      await gsm.fields.setPlayerHp(playerId, 0);
      assert.equal(codeOf(await movement.move(playerId, "up")), "DEAD");
      await gsm.fields.setPlayerHp(playerId, 10);
      await gsm.commit(gsm.transaction().setDeath(playerId, gsm.now() + 60_000));
      assert.equal(codeOf(await movement.move(playerId, "up")), "DEAD");
      assert.deepEqual(await position(), { mapId: "town", ...town.spawn });
    });

    it("refuses a player who is not loaded with NOT_FOUND, and a bad direction with INVALID_PAYLOAD", async () => {
      const offline = await createAccount(gsm, { mapId: "town", ...town.spawn });
      assert.equal(codeOf(await movement.move(offline.id, "up")), "NOT_FOUND");
      assert.equal(codeOf(await movement.move(playerId, "north" as Direction)), "INVALID_PAYLOAD");
    });

    it("takes a portal in the same commit as the step: the player lands on the target map and tile", async () => {
      await place("town", toForest.x - 1, toForest.y + 1);
      const versionBefore = (await gsm.readPlayer(playerId))!.version;
      const result = await movement.move(playerId, "right");
      const landing = { mapId: "forest", x: toForest.targetX, y: toForest.targetY };
      assert.deepEqual(result, { ok: true, data: { ...landing, facing: "right", portal: landing } });
      const after = (await gsm.readPlayer(playerId))!;
      assert.deepEqual(after.position, landing);
      assert.equal(after.version, versionBefore + 1, "one commit, not a step and then a transfer");
    });

    it("walks back through the forest's portal to the town", async () => {
      await place("forest", toForest.targetX, toForest.targetY);
      const result = await movement.move(playerId, "left");
      const landing = { mapId: "town", x: toTown.targetX, y: toTown.targetY };
      assert.deepEqual(result, { ok: true, data: { ...landing, facing: "left", portal: landing } });
      assert.deepEqual(await position(), landing);
    });

    it("applies concurrent moves from two processes one at a time, losing none", async () => {
      const other = new MovementService({ gsm: stores.newGsm(), world, rules: serviceTestRules() });
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? other : movement).move(playerId, "right")));
      const moved = results.filter((r) => r.ok).length;
      assert.ok(results.every((r) => r.ok || r.code === "UNAVAILABLE"));
      assert.ok(moved > 0);
      assert.deepEqual(await position(), { mapId: "town", x: town.spawn.x + moved, y: town.spawn.y });
    });
  });

  describe("teleport", () => {
    it("puts the player on a tile of the same map", async () => {
      assert.deepEqual(await movement.teleport(playerId, { mapId: "town", x: 5, y: 5 }), {
        ok: true,
        data: { mapId: "town", x: 5, y: 5, mapChanged: false },
      });
      assert.deepEqual(await position(), { mapId: "town", x: 5, y: 5 });
    });

    it("puts the player on another map and says so", async () => {
      const result = await movement.teleport(playerId, { mapId: "forest", ...forest.spawn });
      assert.deepEqual(result, { ok: true, data: { mapId: "forest", ...forest.spawn, mapChanged: true } });
      assert.deepEqual(await position(), { mapId: "forest", ...forest.spawn });
    });

    it("does not take a portal it lands on", async () => {
      const result = await movement.teleport(playerId, { mapId: "town", x: toForest.x, y: toForest.y });
      assert.equal(result.ok, true);
      assert.deepEqual(await position(), { mapId: "town", x: toForest.x, y: toForest.y });
    });

    it("refuses a blocked tile or one outside the map with BLOCKED, changing nothing", async () => {
      for (const [x, y] of [[0, 0], [12, 12], [-1, 5], [64, 5], [5, 64]] as const) {
        assert.equal(codeOf(await movement.teleport(playerId, { mapId: "town", x, y })), "BLOCKED", `(${x}, ${y})`);
      }
      assert.deepEqual(await position(), { mapId: "town", ...town.spawn });
    });

    it("refuses an unknown map or a player who is not loaded with NOT_FOUND", async () => {
      assert.equal(codeOf(await movement.teleport(playerId, { mapId: "atlantis", x: 1, y: 1 })), "NOT_FOUND");
      const offline = await createAccount(gsm);
      assert.equal(codeOf(await movement.teleport(offline.id, { mapId: "town", x: 5, y: 5 })), "NOT_FOUND");
      assert.deepEqual(await position(), { mapId: "town", ...town.spawn });
    });
  });
});
