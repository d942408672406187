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

describe("MapWorld (stepped tick by tick, seeded)", () => {
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
    });
  });

  describe("reach", () => {
    it("lets a player attack on its own tile or a cardinal neighbour, not diagonally", () => {
      const world = newWorld(openField(), [spawnOf(testKind(), 10, 10)]);
      world.upsertPlayer(worldPlayer(1, 11, 11));
      assert.deepEqual(world.attack(1, { type: "npc", id: 1 }), { ok: false, code: "TOO_FAR", message: "the target is not in reach" });
      world.upsertPlayer(worldPlayer(1, 11, 10));
      assert.equal(world.attack(1, { type: "npc", id: 1 }).ok, true);
      world.upsertPlayer(worldPlayer(1, 10, 10));
      assert.equal(world.attack(1, { type: "npc", id: 1 }).ok, true);
    });

    it("makes an attacking player wait, not swing, while its target is out of reach", () => {
      const world = newWorld(openField(), [spawnOf(testKind({ levels: { attack: 1, strength: 1, defence: 1, hitpoints: 500 } }), 10, 10)]);
      world.upsertPlayer(worldPlayer(1, 11, 10));
      world.attack(1, { type: "npc", id: 1 });
      world.upsertPlayer(worldPlayer(1, 12, 11)); // stepped away (the room would clear the target; here it stays)
      const s = new Stepper(world);
      s.step(3);
      assert.deepEqual(s.ticksOf("npcHit"), []);
    });

    it("refuses peaceful NPCs, NPCs out of sight and dead targets", () => {
      const world = newWorld(openField(80), [spawnOf(testKind({ behaviour: "peaceful" }), 10, 10), spawnOf(testKind(), 50, 10)]);
      world.upsertPlayer(worldPlayer(1, 11, 10));
      const refusal = world.attack(1, { type: "npc", id: 1 });
      assert.equal(!refusal.ok && refusal.code, "NOT_ATTACKABLE");
      const far = world.attack(1, { type: "npc", id: 2 }); // 39 tiles away
      assert.equal(!far.ok && far.code, "NOT_FOUND");
      const missing = world.attack(1, { type: "npc", id: 99 });
      assert.equal(!missing.ok && missing.code, "NOT_FOUND");
    });
  });

  describe("attack timers", () => {
    const sturdy = testKind({ levels: { attack: 1, strength: 1, defence: 1, hitpoints: 5_000 }, attackSpeedTicks: 5 });

    for (const speed of [4, 5, 6]) {
      it(`swings every ${speed} ticks with a weapon of speed ${speed}`, () => {
        const world = newWorld(openField(), [spawnOf(sturdy, 10, 10)]);
        world.upsertPlayer(worldPlayer(1, 11, 10, { attackSpeedTicks: speed }));
        assert.equal(world.attack(1, { type: "npc", id: 1 }).ok, true);
        const s = new Stepper(world);
        s.step(3 * speed);
        assert.deepEqual(s.ticksOf("npcHit"), [1, 1 + speed, 1 + 2 * speed]);
      });
    }

    it("gives NPCs their kind's speed, the first swing one tick after they were hit", () => {
      const world = newWorld(openField(), [spawnOf(sturdy, 10, 10)]);
      world.upsertPlayer(worldPlayer(1, 11, 10));
      world.attack(1, { type: "npc", id: 1 });
      const s = new Stepper(world);
      s.step(13);
      assert.deepEqual(s.ticksOf("npcHit"), [1, 5, 9, 13]);
      assert.deepEqual(s.ticksOf("playerHit"), [2, 7, 12]);
    });

    it("delays the next swing by 3 ticks when the player eats", () => {
      const world = newWorld(openField(), [spawnOf(sturdy, 10, 10)]);
      world.upsertPlayer(worldPlayer(1, 11, 10));
      world.attack(1, { type: "npc", id: 1 });
      const s = new Stepper(world);
      s.step(2); // swung on tick 1; next due on tick 5
      world.delaySwing(1, 3);
      s.step(10);
      assert.deepEqual(s.ticksOf("npcHit"), [1, 8, 12]);
    });

    it("keeps the timer when the player switches targets", () => {
      const world = newWorld(openField(), [spawnOf(sturdy, 10, 10), spawnOf(sturdy, 12, 10)]);
      world.upsertPlayer(worldPlayer(1, 11, 10));
      world.attack(1, { type: "npc", id: 1 });
      const s = new Stepper(world);
      s.step(1);
      world.attack(1, { type: "npc", id: 2 });
      s.step(4);
      assert.deepEqual(s.log.filter((l) => l.event.type === "npcHit").map((l) => [l.tick, l.event.type === "npcHit" && l.event.npcId]), [[1, 1], [5, 2]]);
    });
  });

  describe("retaliation", () => {
    it("turns a passive NPC on its attacker, its first swing one tick later", () => {
      const world = newWorld(openField(), [spawnOf(testKind({ levels: { attack: 1, strength: 1, defence: 1, hitpoints: 500 } }), 10, 10)]);
      world.upsertPlayer(worldPlayer(1, 11, 10));
      const s = new Stepper(world);
      s.step(3);
      assert.deepEqual(s.ticksOf("playerHit"), [], "passive: no fight unprovoked");
      world.attack(1, { type: "npc", id: 1 });
      s.step(2);
      assert.deepEqual(s.ticksOf("npcHit"), [4]);
      assert.deepEqual(s.ticksOf("playerHit"), [5]);
    });

    it("keeps fighting its first target when another player hits it", () => {
      const world = newWorld(openField(), [spawnOf(testKind({ levels: { attack: 1, strength: 1, defence: 1, hitpoints: 500 } }), 10, 10)]);
      world.upsertPlayer(worldPlayer(1, 11, 10));
      world.upsertPlayer(worldPlayer(2, 9, 10));
      world.attack(1, { type: "npc", id: 1 });
      world.attack(2, { type: "npc", id: 1 });
      const s = new Stepper(world);
      s.step(12);
      const targets = new Set(s.log.flatMap((l) => (l.event.type === "playerHit" ? [l.event.playerId] : [])));
      assert.deepEqual([...targets], [1]);
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

  describe("death, drops and respawn", () => {
    const chicken = testKind({ levels: { attack: 1, strength: 1, defence: 1, hitpoints: 3 }, respawnMs: 6_000 });

    for (const scale of [1, 0.5]) {
      it(`respawns at its spawn point with the same id after respawnMs x ${scale}`, () => {
        const world = newWorld(openField(), [spawnOf(chicken, 10, 10)], { respawnScale: scale });
        world.upsertPlayer(strongPlayer(1, 11, 10));
        world.attack(1, { type: "npc", id: 1 });
        const s = new Stepper(world, constant(0.5));
        s.step(1);
        assert.deepEqual(s.ticksOf("npcDied"), [1]);
        assert.equal(world.npcView(1), undefined);
        assert.equal(world.targetOf(1), null, "the killer's target is cleared");
        const refused = world.attack(1, { type: "npc", id: 1 });
        assert.equal(!refused.ok && refused.code, "NOT_FOUND");
        const ticks = (6_000 * scale) / 600;
        s.step(ticks + 2);
        assert.deepEqual(s.ticksOf("npcAppeared"), [1 + ticks]);
        const back = world.npcView(1)!;
        assert.deepEqual([back.id, back.x, back.y, back.hp], [1, 10, 10, 3]);
      });
    }

    it("reports the drops on the NPC's tile for the top damage dealer", () => {
      const world = newWorld(openField(), [spawnOf(testKind({ levels: { attack: 1, strength: 1, defence: 1, hitpoints: 20 } }), 10, 10)]);
      world.upsertPlayer(worldPlayer(1, 11, 10)); // hits 1 a swing
      world.upsertPlayer(strongPlayer(2, 9, 10)); // hits 6 a swing
      world.attack(1, { type: "npc", id: 1 });
      const s = new Stepper(world, constant(0.5));
      s.step(1);
      world.attack(2, { type: "npc", id: 1 });
      s.step(12);
      const died = s.log.find((l) => l.event.type === "npcDied")?.event;
      assert.ok(died?.type === "npcDied");
      assert.deepEqual([died.ownerId, died.x, died.y, died.drops], [2, 10, 10, [{ itemId: 410, quantity: 1 }]]);
    });

    it("gives a tie to the player who dealt damage first", () => {
      for (const [first, second] of [[1, 2], [2, 1]]) {
        const world = newWorld(openField(), [spawnOf(testKind({ levels: { attack: 1, strength: 1, defence: 1, hitpoints: 24 } }), 10, 10)]);
        world.upsertPlayer(strongPlayer(1, 11, 10));
        world.upsertPlayer(strongPlayer(2, 9, 10));
        world.attack(first!, { type: "npc", id: 1 });
        const s = new Stepper(world, constant(0.5));
        s.step(1);
        world.attack(second!, { type: "npc", id: 1 });
        s.step(8);
        const died = s.log.find((l) => l.event.type === "npcDied")?.event;
        assert.ok(died?.type === "npcDied", "died");
        assert.equal(died.ownerId, first, `6 + 6 each; ${first} hit first`);
      }
    });

    it("clears the target of every player attacking an NPC that died", () => {
      const world = newWorld(openField(), [spawnOf(chicken, 10, 10)]);
      world.upsertPlayer(strongPlayer(1, 11, 10));
      world.upsertPlayer(strongPlayer(2, 9, 10));
      world.attack(1, { type: "npc", id: 1 });
      world.attack(2, { type: "npc", id: 1 });
      const s = new Stepper(world, constant(0.5));
      s.step(1);
      assert.equal(world.targetOf(1), null);
      assert.equal(world.targetOf(2), null);
      assert.deepEqual(s.ticksOf("npcHit"), [1], "the second attacker found it dead");
    });

    it("never brings back an NPC spawned by an admin", () => {
      const world = newWorld(openField(), []);
      const spawned = world.spawn("dummy", { x: 10, y: 10 });
      assert.ok(spawned.ok);
      assert.deepEqual(world.takeEvents(), [{ type: "npcAppeared", npcId: spawned.data.npcId }]);
      world.upsertPlayer(strongPlayer(1, 11, 10));
      world.attack(1, { type: "npc", id: spawned.data.npcId });
      const s = new Stepper(world, constant(0.5));
      s.step(200);
      assert.equal(s.ticksOf("npcDied").length, 1);
      assert.deepEqual(s.ticksOf("npcAppeared"), []);
      assert.equal(world.npcViews().length, 0);
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

  describe("player against player", () => {
    const map = asciiMap([
      "##########",
      "#........#",
      "#...~~~~.#",
      "#...~~~~.#",
      "##########",
    ]);

    it("is refused unless both stand in a PvP area, and refused against yourself", () => {
      const world = newWorld(map, []);
      world.upsertPlayer(worldPlayer(1, 3, 2));
      world.upsertPlayer(worldPlayer(2, 4, 2));
      const outside = world.attack(1, { type: "player", id: 2 });
      assert.equal(!outside.ok && outside.code, "NOT_ATTACKABLE");
      const self = world.attack(2, { type: "player", id: 2 });
      assert.equal(!self.ok && self.code, "NOT_ATTACKABLE");
      world.upsertPlayer(worldPlayer(1, 5, 2));
      assert.equal(world.attack(1, { type: "player", id: 2 }).ok, true);
      const s = new Stepper(world);
      s.step(5);
      assert.deepEqual(s.ticksOf("playerHit", (e) => e.attacker.type === "player" && e.attacker.id === 1 && e.playerId === 2), [1, 5]);
      world.upsertPlayer(worldPlayer(2, 4, 1)); // stepped out of the area
      s.step(5);
      assert.equal(world.targetOf(1), null);
      assert.equal(s.ticksOf("playerHit").length, 2);
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
