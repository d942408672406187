import assert from "node:assert/strict";
import type { MapResource } from "../../../src/content/GameMap.js";
import { resourceKindByName } from "../../../src/content/resourceKinds.js";
import type { EquipmentSlot, SkillName } from "../../../src/protocol/names.js";
import type { Result } from "../../../src/services/results.js";
import { ItemService } from "../../../src/services/ItemService.js";
import { mulberry32, type RandomSource } from "../../../src/services/rules/random.js";
import { xpForLevel } from "../../../src/services/rules/xpTable.js";
import type { MapWorld } from "../../../src/services/world/MapWorld.js";
import type { Holdings, WorldEvent } from "../../../src/services/world/worldTypes.js";
import type { ItemStack } from "../../../src/state/types.js";
import { constant, newWorld, openField, Stepper, TICK_MS, worldPlayer } from "../../support/worldFixtures.js";

const items = new ItemService();
const id = (name: string) => items.getByName(name)!.id;
const stack = (name: string, quantity = 1): ItemStack => ({ itemId: id(name), quantity, durability: null });

/** Resources of the test field: every kind once, a tile apart. */
const RESOURCES: MapResource[] = [
  { id: 1, kind: "tree", x: 10, y: 10 },
  { id: 2, kind: "oak_tree", x: 14, y: 10 },
  { id: 3, kind: "copper_rock", x: 18, y: 10 },
  { id: 4, kind: "shrimp_spot", x: 22, y: 10 },
  { id: 5, kind: "fire", x: 26, y: 10 },
  { id: 6, kind: "lobster_spot", x: 30, y: 10 },
];

function world(): MapWorld {
  return newWorld(openField(), [], {
    gathering: {
      resources: RESOURCES,
      items: { getById: items.getById, getByName: (n) => items.getByName(n), maxStackOf: items.maxStackOf },
      attemptTicks: 4,
      inventorySlots: 28,
    },
  });
}

function holdings(options: { levels?: Partial<Record<SkillName, number>>; inventory?: ItemStack[]; equipment?: Partial<Record<EquipmentSlot, ItemStack>> }): Holdings {
  const skills = new Map(Object.entries(options.levels ?? {}).map(([skill, level]) => [skill as SkillName, { level, xp: xpForLevel(level) }]));
  const inventory = new Map((options.inventory ?? []).map((s, slot) => [slot, s]));
  const equipment = new Map(Object.entries(options.equipment ?? {}) as [EquipmentSlot, ItemStack][]);
  return { skills, inventory, equipment };
}

/** A random source that answers `values` in order, then fails the test if asked again. */
function scripted(...values: number[]): RandomSource {
  return () => {
    const next = values.shift();
    if (next === undefined) throw new Error("asked for more random numbers than scripted");
    return next;
  };
}

const codeOf = (result: Result<unknown>) => (result.ok ? "ok" : result.code);
const attempts = (s: Stepper) => s.log.filter((l) => l.event.type === "attempt") as { tick: number; event: Extract<WorldEvent, { type: "attempt" }> }[];

describe("MapWorld: gathering and cooking (stepped tick by tick)", () => {
  describe("gathering", () => {
    it("makes one attempt every 4 ticks with the rules' chance: 0.3 at the required level with a net", () => {
      const w = world();
      w.upsertPlayer({ ...worldPlayer(1, 22, 11), holdings: holdings({ inventory: [stack("small_fishing_net")] }) });
      assert.deepEqual(w.gather(1, 4), { ok: true, data: undefined });
      assert.equal(w.activityOf(1), "gathering");
      // Just under the chance succeeds, just over fails; a fishing spot never depletes, so no further draw.
      const s = new Stepper(w, scripted(0.2999, 0.3001, 0.2999));
      s.step(12);
      assert.deepEqual(attempts(s).map((a) => [a.tick, a.event.itemId, a.event.xp]), [[4, id("raw_shrimp"), 10], [8, null, 0], [12, id("raw_shrimp"), 10]]);
      assert.equal(w.activityOf(1), "gathering");
    });

    it("adds 0.02 a level over the requirement and the tool's bonus, up to 0.9", () => {
      const w = world();
      w.upsertPlayer({ ...worldPlayer(1, 14, 11), holdings: holdings({ levels: { woodcutting: 15 }, inventory: [stack("iron_hatchet")] }) });
      assert.equal(w.gather(1, 2).ok, true);
      // Oak at woodcutting 15: 0.3 + 0 + 0.1 = 0.4; a success then draws for depletion (1/8).
      const s = new Stepper(w, scripted(0.3999, 0.5, 0.4001));
      s.step(8);
      assert.deepEqual(attempts(s).map((a) => a.event.itemId), [id("oak_logs"), null]);
      const capped = world();
      capped.upsertPlayer({ ...worldPlayer(1, 22, 11), holdings: holdings({ levels: { fishing: 99 }, inventory: [stack("small_fishing_net")] }) });
      assert.equal(capped.gather(1, 4).ok, true);
      const t = new Stepper(capped, scripted(0.9001, 0.8999));
      t.step(8);
      assert.deepEqual(attempts(t).map((a) => a.event.itemId), [null, id("raw_shrimp")]);
    });

    it("picks the best tool the player may use, equipped or carried", () => {
      const w = world();
      // A steel hatchet (woodcutting 20) is no use at 19: the bronze one (0.05) counts: 0.3 + 0.36 + 0.05.
      w.upsertPlayer({
        ...worldPlayer(1, 10, 11),
        holdings: holdings({ levels: { woodcutting: 19 }, inventory: [stack("steel_hatchet")], equipment: { weapon: stack("bronze_hatchet") } }),
      });
      assert.equal(w.gather(1, 1).ok, true);
      const s = new Stepper(w, scripted(0.7099, 0.5));
      s.step(4);
      assert.equal(attempts(s)[0]!.event.itemId, id("logs"));
    });

    it("depletes a normal tree at its first success, ends everyone's gathering there, and brings it back after its respawn time", () => {
      const w = world();
      const axe = holdings({ inventory: [stack("bronze_hatchet")] });
      w.upsertPlayer({ ...worldPlayer(1, 10, 11), holdings: axe });
      w.upsertPlayer({ ...worldPlayer(2, 10, 9), holdings: axe });
      assert.equal(w.gather(1, 1).ok, true);
      assert.equal(w.gather(2, 1).ok, true);
      const s = new Stepper(w, constant(0));
      s.step(4);
      assert.deepEqual(attempts(s).map((a) => a.event.playerId), [1], "player 1 acts first and fells the tree");
      assert.deepEqual(s.ticksOf("resourceChanged"), [4]);
      assert.deepEqual(s.log.filter((l) => l.event.type === "activityEnded").map((l) => l.event), [
        { type: "activityEnded", playerId: 1, reason: "DEPLETED" },
        { type: "activityEnded", playerId: 2, reason: "DEPLETED" },
      ]);
      assert.equal(w.resourceView(1)!.depleted, true);
      assert.equal(codeOf(w.gather(1, 1)), "DEPLETED");
      const respawnTicks = Math.round(resourceKindByName("tree")!.respawnMs / TICK_MS);
      s.step(respawnTicks - 1);
      assert.equal(w.resourceView(1)!.depleted, true);
      s.step(1);
      assert.equal(w.resourceView(1)!.depleted, false);
      assert.deepEqual(s.ticksOf("resourceChanged"), [4, 4 + respawnTicks]);
    });

    it("depletes an oak with chance 1/8 per success and a rock at every success", () => {
      const w = world();
      w.upsertPlayer({ ...worldPlayer(1, 14, 11), holdings: holdings({ levels: { woodcutting: 15 }, inventory: [stack("bronze_hatchet")] }) });
      assert.equal(w.gather(1, 2).ok, true);
      const s = new Stepper(w, scripted(0, 0.125, 0, 0.1249));
      s.step(8);
      assert.equal(attempts(s).length, 2);
      assert.deepEqual(s.ticksOf("resourceChanged"), [8]);
      const rock = world();
      rock.upsertPlayer({ ...worldPlayer(1, 18, 11), holdings: holdings({ inventory: [stack("bronze_pickaxe")] }) });
      assert.equal(rock.gather(1, 3).ok, true);
      const t = new Stepper(rock, scripted(0));
      t.step(4);
      assert.equal(rock.resourceView(3)!.depleted, true);
    });

    it("stops when the player moves, and makes no more attempts", () => {
      const w = world();
      const me = { ...worldPlayer(1, 22, 11), holdings: holdings({ inventory: [stack("small_fishing_net")] }) };
      w.upsertPlayer(me);
      assert.equal(w.gather(1, 4).ok, true);
      const s = new Stepper(w, constant(0));
      s.step(5);
      w.upsertPlayer({ ...me, x: 23 });
      assert.deepEqual(w.takeEvents(), [{ type: "activityEnded", playerId: 1, reason: "INTERRUPTED" }]);
      assert.equal(w.activityOf(1), "");
      s.step(12);
      assert.deepEqual(attempts(s).map((a) => a.tick), [4]);
    });

    it("stops when a success fills the inventory, and refuses to start with a full one", () => {
      const w = world();
      // Every slot taken, and room for one more shrimp on the last stack (64 a stack).
      const full = Array.from({ length: 26 }, () => stack("bones"));
      w.upsertPlayer({ ...worldPlayer(1, 22, 11), holdings: holdings({ inventory: [stack("small_fishing_net"), ...full, stack("raw_shrimp", 63)] }) });
      assert.equal(w.gather(1, 4).ok, true);
      const s = new Stepper(w, constant(0));
      s.step(12);
      assert.deepEqual(attempts(s).map((a) => a.tick), [4]);
      assert.deepEqual(s.log.filter((l) => l.event.type === "activityEnded").map((l) => [l.tick, l.event]), [
        [4, { type: "activityEnded", playerId: 1, reason: "INVENTORY_FULL" }],
      ]);
      assert.equal(codeOf(w.gather(1, 4)), "INVENTORY_FULL");
    });

    it("refuses with the protocol's codes: NOT_FOUND, TOO_FAR, REQUIREMENTS_NOT_MET, NO_TOOL", () => {
      const w = world();
      w.upsertPlayer({ ...worldPlayer(1, 14, 11), holdings: holdings({ inventory: [stack("bronze_hatchet")] }) });
      assert.equal(codeOf(w.gather(1, 99)), "NOT_FOUND");
      assert.equal(codeOf(w.gather(1, 5)), "NOT_FOUND", "a fire is for cooking");
      assert.equal(codeOf(w.gather(1, 1)), "TOO_FAR");
      const oak = w.gather(1, 2);
      assert.equal(codeOf(oak), "REQUIREMENTS_NOT_MET");
      assert.match(oak.ok ? "" : oak.message, /woodcutting level 15/);
      w.upsertPlayer({ ...worldPlayer(1, 10, 11), holdings: holdings({ inventory: [stack("steel_hatchet")] }) });
      const steel = w.gather(1, 1);
      assert.equal(codeOf(steel), "REQUIREMENTS_NOT_MET", "a steel hatchet needs woodcutting 20");
      w.upsertPlayer({ ...worldPlayer(1, 10, 11), holdings: holdings({}) });
      assert.equal(codeOf(w.gather(1, 1)), "NO_TOOL");
      w.upsertPlayer({ ...worldPlayer(1, 30, 11), holdings: holdings({ levels: { fishing: 40 }, inventory: [stack("small_fishing_net")] }) });
      assert.equal(codeOf(w.gather(1, 6)), "NO_TOOL", "lobsters need a pot");
      assert.equal(codeOf(w.gather(2, 1)), "NOT_FOUND", "a player not on the map");
      assert.equal(w.activityOf(1), "");
    });
  });

  describe("cooking", () => {
    it("cooks through every raw item of the kind, burning with chance 0.5 at the required level, then ends", () => {
      const w = world();
      w.upsertPlayer({ ...worldPlayer(1, 26, 11), holdings: holdings({ inventory: [stack("raw_shrimp", 2), stack("bones"), stack("raw_shrimp")] }) });
      assert.equal(w.cook(1, 0, 5).ok, true);
      assert.equal(w.activityOf(1), "cooking");
      const s = new Stepper(w, scripted(0.4999, 0.5, 0.9));
      s.step(20);
      assert.deepEqual(attempts(s).map((a) => [a.tick, a.event.itemId, a.event.xp, a.event.raw?.itemId]), [
        [4, id("burnt_shrimp"), 0, id("raw_shrimp")],
        [8, id("cooked_shrimp"), 30, id("raw_shrimp")],
        [12, id("cooked_shrimp"), 30, id("raw_shrimp")],
      ]);
      assert.deepEqual(s.log.filter((l) => l.event.type === "activityEnded").map((l) => [l.tick, l.event]), [
        [12, { type: "activityEnded", playerId: 1, reason: "DONE" }],
      ]);
    });

    it("burns less with a higher cooking level, never above it", () => {
      const w = world();
      w.upsertPlayer({ ...worldPlayer(1, 26, 11), holdings: holdings({ levels: { cooking: 26 }, inventory: [stack("raw_shrimp", 2)] }) });
      assert.equal(w.cook(1, 0, 5).ok, true);
      // Cooking 26 on shrimp (level 1): 0.5 - 0.5 = 0, so even a draw of 0 cooks it.
      const s = new Stepper(w, constant(0));
      s.step(8);
      assert.deepEqual(attempts(s).map((a) => a.event.itemId), [id("cooked_shrimp"), id("cooked_shrimp")]);
    });

    it("refuses with the protocol's codes: INVALID_SLOT, SLOT_EMPTY, NOT_FOUND, TOO_FAR, NOT_COOKABLE, REQUIREMENTS_NOT_MET", () => {
      const w = world();
      w.upsertPlayer({ ...worldPlayer(1, 26, 11), holdings: holdings({ inventory: [stack("raw_shrimp"), stack("logs"), stack("raw_lobster")] }) });
      assert.equal(codeOf(w.cook(1, 28, 5)), "INVALID_SLOT");
      assert.equal(codeOf(w.cook(1, 3, 5)), "SLOT_EMPTY");
      assert.equal(codeOf(w.cook(1, 0, 1)), "NOT_FOUND", "a tree is no fire");
      assert.equal(codeOf(w.cook(1, 1, 5)), "NOT_COOKABLE");
      assert.equal(codeOf(w.cook(1, 2, 5)), "REQUIREMENTS_NOT_MET");
      w.upsertPlayer({ ...worldPlayer(1, 28, 11), holdings: holdings({ inventory: [stack("raw_shrimp")] }) });
      assert.equal(codeOf(w.cook(1, 0, 5)), "TOO_FAR");
    });

    it("is interrupted by a move like gathering", () => {
      const w = world();
      const me = { ...worldPlayer(1, 26, 11), holdings: holdings({ inventory: [stack("raw_shrimp", 5)] }) };
      w.upsertPlayer(me);
      assert.equal(w.cook(1, 0, 5).ok, true);
      const s = new Stepper(w, mulberry32(3));
      s.step(4);
      w.upsertPlayer({ ...me, y: 12 });
      s.step(12);
      assert.equal(attempts(s).length, 1);
      assert.equal(w.activityOf(1), "");
    });
  });
});
