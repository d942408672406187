import assert from "node:assert/strict";
import { chebyshev } from "../../../src/services/rules/distance.js";
import { mulberry32 } from "../../../src/services/rules/random.js";
import {
  asciiMap, constant, newWorld, openField, spawnOf, Stepper, strongPlayer, testKind, worldPlayer,
} from "../../support/worldFixtures.js";

const goblin = testKind({
  kind: "goblin", behaviour: "aggressive", aggressionRadiusTiles: 3, leashRadiusTiles: 10,
  levels: { attack: 5, strength: 5, defence: 4, hitpoints: 7 }, // combat level 6
});

describe("MapWorld: NPC behaviour (stepped tick by tick, seeded)", () => {
  describe("aggression", () => {
    it("targets a player within its aggression radius, walks up and swings", () => {
      const world = newWorld(openField(), [spawnOf(goblin, 10, 10)]);
      world.upsertPlayer(worldPlayer(1, 13, 10));
      const s = new Stepper(world);
      s.step(6);
      // Tick 1 picks the target; ticks 2 and 3 walk to (12, 10); tick 4 swings (its timer was ready).
      assert.deepEqual(s.ticksOf("npcMoved"), [2, 3]);
      assert.deepEqual(s.ticksOf("playerHit", (e) => e.attacker.type === "npc" && e.attacker.id === 1 && e.playerId === 1), [4]);
    });

    it("ignores players beyond the radius", () => {
      const world = newWorld(openField(), [spawnOf(goblin, 10, 10)]);
      world.upsertPlayer(worldPlayer(1, 14, 10));
      const s = new Stepper(world);
      assert.deepEqual(s.step(20), []);
    });

    it("attacks players of at most twice its combat level, never stronger ones", () => {
      const strong = newWorld(openField(), [spawnOf(goblin, 10, 10)]);
      strong.upsertPlayer(worldPlayer(1, 11, 10, { combatLevel: 13 }));
      assert.deepEqual(new Stepper(strong).step(20), []);
      const even = newWorld(openField(), [spawnOf(goblin, 10, 10)]);
      even.upsertPlayer(worldPlayer(1, 11, 10, { combatLevel: 12 }));
      const s = new Stepper(even);
      s.step(3);
      assert.deepEqual(s.ticksOf("playerHit"), [2]);
    });

    it("picks the nearest player, and the lowest id among the nearest", () => {
      const world = newWorld(openField(), [spawnOf(goblin, 10, 10)]);
      world.upsertPlayer(worldPlayer(9, 12, 10)); // distance 2
      world.upsertPlayer(worldPlayer(5, 10, 12)); // distance 2
      world.upsertPlayer(worldPlayer(2, 13, 13)); // distance 3
      const s = new Stepper(world);
      s.step(4);
      const hits = s.log.filter((l) => l.event.type === "playerHit").map((l) => l.event);
      assert.equal(hits.length, 1);
      assert.equal(hits[0]!.type === "playerHit" && hits[0]!.playerId, 5);
    });

    it("leaves dead players alone", () => {
      const world = newWorld(openField(), [spawnOf(goblin, 10, 10)]);
      world.upsertPlayer(worldPlayer(1, 11, 10, { alive: false }));
      assert.deepEqual(new Stepper(world).step(10), []);
    });
  });

  describe("chase", () => {
    it("walks a shortest 4-direction path around a wall, never through it", () => {
      const map = asciiMap([
        "#########",
        "#...#...#",
        "#...#...#",
        "#...#...#",
        "#...#...#",
        "#.......#",
        "#########",
      ]);
      const world = newWorld(map, [spawnOf(testKind({ ...goblin, aggressionRadiusTiles: 4 }), 2, 2)]);
      world.upsertPlayer(worldPlayer(1, 6, 2));
      const s = new Stepper(world);
      s.step(12, () => {
        const npc = world.npcView(1)!;
        assert.ok(!map.isBlocked(npc.x, npc.y), `the NPC stands on a wall at (${npc.x}, ${npc.y})`);
      });
      // Around the wall: three down, three across, three up (9 steps) to a tile in reach, then the swing.
      assert.deepEqual(s.ticksOf("npcMoved"), [2, 3, 4, 5, 6, 7, 8, 9, 10]);
      assert.deepEqual(s.ticksOf("playerHit"), [11]);
      const npc = world.npcView(1)!;
      assert.equal(Math.abs(npc.x - 6) + Math.abs(npc.y - 2), 1);
      assert.equal(npc.facing, npc.x === 5 ? "right" : "up", "it faces the player it swings at");
    });
  });

  describe("leash and return", () => {
    const kind = testKind({ levels: { attack: 1, strength: 1, defence: 1, hitpoints: 50 }, leashRadiusTiles: 5 });

    it("gives up a target beyond the leash, walks home and heals to full there", () => {
      const world = newWorld(openField(), [spawnOf(kind, 10, 10)]);
      world.upsertPlayer(strongPlayer(1, 11, 10));
      world.attack(1, { type: "npc", id: 1 });
      const s = new Stepper(world, constant(0.5));
      s.step(1);
      assert.ok(world.npcView(1)!.hp < 50, "hurt");
      world.stopAttack(1);
      world.upsertPlayer(strongPlayer(1, 13, 10)); // within the leash: it chases to (12, 10)
      s.step(3);
      assert.deepEqual([world.npcView(1)!.x, world.npcView(1)!.y], [12, 10]);
      world.upsertPlayer(strongPlayer(1, 17, 10)); // 7 from the spawn point: beyond the leash of 5
      s.step(2);
      assert.deepEqual([world.npcView(1)!.x, world.npcView(1)!.y], [10, 10]);
      assert.equal(s.ticksOf("npcHealed").length, 1);
      assert.equal(world.npcView(1)!.hp, 50);
      s.step(10);
      assert.equal(s.ticksOf("playerHit", (e) => e.attacker.type === "npc").filter((t) => t > 4).length, 0, "no more swings");
    });

    it("can be attacked on its way home, and then fights its new attacker", () => {
      const world = newWorld(openField(), [spawnOf(kind, 10, 10)]);
      world.upsertPlayer(worldPlayer(1, 11, 10));
      world.attack(1, { type: "npc", id: 1 });
      const s = new Stepper(world, constant(0.5));
      s.step(1);
      world.stopAttack(1);
      world.upsertPlayer(worldPlayer(1, 14, 10));
      s.step(3); // chased to (13, 10)
      world.upsertPlayer(worldPlayer(1, 20, 10)); // beyond the leash: it turns home
      s.step(1);
      const npc = world.npcView(1)!;
      assert.deepEqual([npc.x, npc.y], [12, 10]);
      world.upsertPlayer(worldPlayer(2, 11, 10)); // where its next step home leads
      assert.equal(world.attack(2, { type: "npc", id: 1 }).ok, true);
      s.step(2);
      assert.deepEqual(s.ticksOf("npcHit", (e) => e.attackerId === 2), [6]);
      assert.deepEqual(s.ticksOf("playerHit", (e) => e.playerId === 2), [7], "it fights player 2");
      assert.equal(s.ticksOf("npcHealed").length, 0);
    });

    it("returns when its target dies or leaves the map", () => {
      for (const end of ["dies", "leaves"] as const) {
        const world = newWorld(openField(), [spawnOf(goblin, 10, 10)]);
        world.upsertPlayer(worldPlayer(1, 12, 10));
        const s = new Stepper(world);
        s.step(3);
        assert.equal(s.ticksOf("playerHit").length, 1, end);
        if (end === "dies") world.upsertPlayer(worldPlayer(1, 12, 10, { alive: false }));
        else world.removePlayer(1);
        s.step(10);
        assert.equal(s.ticksOf("playerHit").length, 1, `no swing after the target ${end}`);
        assert.deepEqual([world.npcView(1)!.x, world.npcView(1)!.y], [10, 10], end);
      }
    });
  });

  describe("wandering", () => {
    it("stays within its wander radius of the spawn point, moving about one tick in eight", () => {
      const kind = testKind({ wanderRadiusTiles: 2 });
      const world = newWorld(openField(), [spawnOf(kind, 20, 20)]);
      const s = new Stepper(world, mulberry32(42));
      const visited = new Set<string>();
      s.step(3_000, () => {
        const npc = world.npcView(1)!;
        assert.ok(chebyshev(npc, { x: 20, y: 20 }) <= 2, `(${npc.x}, ${npc.y}) is outside the radius`);
        visited.add(`${npc.x},${npc.y}`);
      });
      const moves = s.ticksOf("npcMoved").length;
      assert.ok(moves > 250 && moves < 500, `${moves} moves in 3,000 ticks`);
      assert.ok(visited.size >= 20, `visited ${visited.size} of 25 tiles`);
    });

    it("uses the spawn point's wander radius over the kind's", () => {
      const world = newWorld(openField(), [spawnOf(testKind({ wanderRadiusTiles: 5 }), 20, 20, 0)]);
      assert.deepEqual(new Stepper(world, mulberry32(3)).step(500), []);
    });
  });

  describe("tiles", () => {
    it("never puts two NPCs on one tile, wandering or chasing", () => {
      const wanderer = testKind({ wanderRadiusTiles: 3 });
      const hunter = testKind({ ...goblin, wanderRadiusTiles: 2, aggressionRadiusTiles: 6 });
      const spawns = [];
      for (let y = 8; y < 14; y++) for (let x = 8; x < 14; x += 2) spawns.push(spawnOf(y % 2 === 0 ? wanderer : hunter, x + (y % 2), y));
      const world = newWorld(openField(), spawns);
      const random = mulberry32(9);
      const s = new Stepper(world, random);
      const player = worldPlayer(1, 10, 10);
      world.upsertPlayer(player);
      s.step(1_500, (tick) => {
        const seen = new Set<string>();
        for (const npc of world.npcViews()) {
          const key = `${npc.x},${npc.y}`;
          assert.ok(!seen.has(key), `two NPCs on (${key}) at tick ${tick}`);
          seen.add(key);
        }
        if (tick % 7 === 0) world.upsertPlayer(worldPlayer(1, 8 + Math.floor(random() * 8), 8 + Math.floor(random() * 8)));
      });
      assert.ok(s.ticksOf("npcMoved").length > 300);
      assert.ok(s.ticksOf("playerHit").length > 10);
    });

    it("never steps onto a portal, not even to reach its target", () => {
      const map = asciiMap([
        "############",
        "#..........#",
        "#....P.....#",
        "#...PPP....#",
        "#....P.....#",
        "#..........#",
        "############",
      ]);
      const kind = testKind({ ...goblin, aggressionRadiusTiles: 8, leashRadiusTiles: 12, wanderRadiusTiles: 3 });
      const world = newWorld(map, [spawnOf(kind, 3, 3), spawnOf(testKind({ wanderRadiusTiles: 3 }), 7, 3)]);
      world.upsertPlayer(worldPlayer(1, 5, 1)); // above the portals: reachable only from its sides
      const s = new Stepper(world, mulberry32(5));
      s.step(400, (tick) => {
        for (const npc of world.npcViews()) assert.equal(map.portalAt(npc.x, npc.y), null, `NPC ${npc.id} on a portal at tick ${tick}`);
        if (tick === 200) world.upsertPlayer(worldPlayer(1, 9, 5));
      });
      assert.ok(s.ticksOf("npcMoved").length > 20);
      const onPortal = world.spawn("dummy", { x: 5, y: 2 });
      assert.equal(!onPortal.ok && onPortal.code, "BLOCKED");
    });

    it("refuses to spawn on a blocked or taken tile, or an unknown kind", () => {
      const world = newWorld(openField(), [spawnOf(testKind(), 10, 10)]);
      const wall = world.spawn("dummy", { x: 0, y: 0 });
      assert.equal(!wall.ok && wall.code, "BLOCKED");
      const taken = world.spawn("dummy", { x: 10, y: 10 });
      assert.equal(!taken.ok && taken.code, "BLOCKED");
      const unknown = world.spawn("dragon", { x: 12, y: 12 });
      assert.equal(!unknown.ok && unknown.code, "NOT_FOUND");
    });
  });

  describe("shopkeepers", () => {
    const keeper = testKind({ kind: "keeper", behaviour: "peaceful", shop: "general_store" });
    const world = () => {
      const w = newWorld(openField(60), [spawnOf(keeper, 10, 10), spawnOf(testKind(), 12, 10)], { areaOfInterestTiles: 32 });
      w.upsertPlayer(worldPlayer(1, 11, 11));
      w.upsertPlayer(worldPlayer(2, 10, 45));
      return w;
    };

    it("names the shop a living NPC in the player's view keeps, and where it stands", () => {
      assert.deepEqual(world().shopkeeper(1, 1), { ok: true, data: { shopId: "general_store", x: 10, y: 10 } });
    });

    it("answers NOT_FOUND for an NPC without a shop, one out of view, an unknown NPC and a player not on the map", () => {
      const w = world();
      for (const [playerId, npcId] of [[1, 2], [2, 1], [1, 99], [7, 1]] as const) {
        const found = w.shopkeeper(playerId, npcId);
        assert.equal(!found.ok && found.code, "NOT_FOUND", `player ${playerId}, NPC ${npcId}`);
      }
    });
  });

    it("is reproducible: the same seed gives the same events", () => {
    const run = () => {
      const world = newWorld(openField(), [spawnOf(goblin, 10, 10), spawnOf(testKind({ wanderRadiusTiles: 4 }), 20, 20)]);
      world.upsertPlayer(worldPlayer(1, 12, 12));
      const s = new Stepper(world, mulberry32(77));
      s.step(300);
      return JSON.stringify(s.log);
    };
    assert.equal(run(), run());
  });
});
