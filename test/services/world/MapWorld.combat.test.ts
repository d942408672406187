import assert from "node:assert/strict";
import {
  asciiMap, constant, newWorld, openField, spawnOf, Stepper, strongPlayer, testKind, worldPlayer,
} from "../../support/worldFixtures.js";

describe("MapWorld: melee, deaths and drops (stepped tick by tick, seeded)", () => {
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
});
