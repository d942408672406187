import assert from "node:assert/strict";
import { resourceKindByName } from "../../../src/content/resourceKinds.js";
import { ItemService } from "../../../src/services/ItemService.js";
import {
  burnChance, gatherChance, inGatherReach, INTERRUPTING_COMMANDS, planCooked, planGathered, resourceRespawnTicks, toolBonusFor,
} from "../../../src/services/rules/gathering.js";
import { COMMAND_TYPES } from "../../../src/protocol/index.js";
import type { ItemStack } from "../../../src/state/types.js";

const items = new ItemService();
const item = (name: string) => items.getByName(name)!;
const stack = (name: string, quantity = 1): ItemStack => ({ itemId: item(name).id, quantity, durability: null });
const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} is not ${expected}`);

describe("gathering rules", () => {
  it("computes the success chance: 0.3 + 0.02 a level over the requirement + the tool, at most 0.9", () => {
    close(gatherChance(1, 1, 0), 0.3);
    close(gatherChance(11, 1, 0.05), 0.55);
    close(gatherChance(30, 15, 0.15), 0.75);
    close(gatherChance(99, 1, 0.15), 0.9);
  });

  it("computes the burn chance: 0.5 - 0.02 a level over the requirement, never below 0", () => {
    close(burnChance(1, 1), 0.5);
    close(burnChance(25, 15), 0.3);
    close(burnChance(26, 1), 0);
    close(burnChance(99, 1), 0);
  });

  it("reaches a resource on the same tile or a cardinal neighbour only", () => {
    assert.equal(inGatherReach({ x: 5, y: 5 }, { x: 5, y: 6 }), true);
    assert.equal(inGatherReach({ x: 5, y: 5 }, { x: 5, y: 5 }), true);
    assert.equal(inGatherReach({ x: 5, y: 5 }, { x: 6, y: 6 }), false);
  });

  it("counts respawn times in ticks, scaled, at least one", () => {
    assert.equal(resourceRespawnTicks(10_000, 1, 600), 17);
    assert.equal(resourceRespawnTicks(10_000, 0.02, 50), 4);
    assert.equal(resourceRespawnTicks(5_000, 0.001, 600), 1);
  });

  it("takes the best tool the player may use; names the missing tool or the level a held one needs", () => {
    const tree = resourceKindByName("tree")!;
    const level = (n: number) => () => n;
    assert.deepEqual(toolBonusFor(tree, [item("bronze_hatchet"), item("iron_hatchet")], level(10)), { ok: true, data: 0.1 });
    assert.deepEqual(toolBonusFor(tree, [item("bronze_hatchet"), item("iron_hatchet")], level(9)), { ok: true, data: 0.05 });
    const steel = toolBonusFor(tree, [item("steel_hatchet"), item("bronze_pickaxe")], level(1));
    assert.ok(!steel.ok && steel.code === "REQUIREMENTS_NOT_MET" && /woodcutting level 20/.test(steel.message));
    const none = toolBonusFor(resourceKindByName("lobster_spot")!, [item("small_fishing_net")], level(99));
    assert.ok(!none.ok && none.code === "NO_TOOL" && /lobster pot/.test(none.message));
  });

  it("plans a gathered item onto its stack or the lowest free slot; null when nothing fits", () => {
    const inventory = new Map([[0, stack("bronze_hatchet")], [2, stack("logs", 63)]]);
    assert.deepEqual(planGathered(inventory, item("logs").id, items.maxStackOf, 28), { set: [{ slot: 2, stack: stack("logs", 64) }], delete: [] });
    const full = new Map(Array.from({ length: 28 }, (_, slot) => [slot, stack("logs", 64)] as const));
    assert.equal(planGathered(full, item("logs").id, items.maxStackOf, 28), null);
  });

  it("plans a cooking attempt: one raw out of the slot first, the result in where it fits once the raw one is out", () => {
    const inventory = new Map([[1, stack("raw_shrimp")], [4, stack("raw_shrimp", 3)]]);
    assert.deepEqual(planCooked(inventory, item("raw_shrimp").id, 4, item("cooked_shrimp").id, items.maxStackOf, 28), {
      set: [{ slot: 4, stack: stack("raw_shrimp", 2) }, { slot: 0, stack: stack("cooked_shrimp") }], delete: [],
    });
    // The last raw item of a slot: its result takes that slot.
    assert.deepEqual(planCooked(inventory, item("raw_shrimp").id, 1, item("burnt_shrimp").id, items.maxStackOf, 28), {
      set: [{ slot: 1, stack: stack("burnt_shrimp") }], delete: [],
    });
    // Unless a stack of the result has room.
    const withStack = new Map([[0, stack("cooked_shrimp", 2)], [1, stack("raw_shrimp")]]);
    assert.deepEqual(planCooked(withStack, item("raw_shrimp").id, 1, item("cooked_shrimp").id, items.maxStackOf, 28), {
      set: [{ slot: 0, stack: stack("cooked_shrimp", 3) }], delete: [1],
    });
    // A full inventory: the last raw item of a slot makes room for its result.
    const full = new Map(Array.from({ length: 28 }, (_, slot) => [slot, slot === 7 ? stack("raw_shrimp") : stack("bones")] as const));
    assert.deepEqual(planCooked(full, item("raw_shrimp").id, 7, item("burnt_shrimp").id, items.maxStackOf, 28), {
      set: [{ slot: 7, stack: stack("burnt_shrimp") }], delete: [],
    });
    full.set(7, stack("raw_shrimp", 2));
    assert.equal(planCooked(full, item("raw_shrimp").id, 7, item("burnt_shrimp").id, items.maxStackOf, 28), null);
    assert.equal(planCooked(new Map(), item("raw_shrimp").id, 0, item("cooked_shrimp").id, items.maxStackOf, 28), null);
  });

  it("names only command types the protocol has as interrupting", () => {
    const known = new Set<string>(COMMAND_TYPES);
    for (const type of INTERRUPTING_COMMANDS) assert.ok(known.has(type), type);
    for (const quiet of ["chat", "combat:style", "inventory:move", "gather", "cook"]) assert.equal(INTERRUPTING_COMMANDS.has(quiet), false, quiet);
  });
});
