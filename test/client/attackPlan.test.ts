import assert from "node:assert/strict";
import { GameMap } from "../../src/content/GameMap.js";
import { STEP, type NpcKindInfo } from "../../src/protocol/index.js";
import { manhattan } from "../../src/services/rules/distance.js";
import { nearestAttackable, planAttackSteps, reachGoal } from "../../client/src/logic/attackPlan.js";
import { inMeleeReach } from "../../src/services/rules/distance.js";

/** A small map from rows: W wall, P portal, anything else open; the spawn on the first tile open all round. */
function mapOf(rows: string[]): GameMap {
  const width = rows[0]!.length;
  const height = rows.length;
  const open = (x: number, y: number) => rows[y]?.[x] === ".";
  let spawn = { x: 0, y: 0 };
  for (let y = height - 1; y >= 0; y--) for (let x = width - 1; x >= 0; x--) {
    if (open(x, y) && open(x + 1, y) && open(x - 1, y) && open(x, y + 1) && open(x, y - 1)) spawn = { x, y };
  }
  const objects: unknown[] = [{ type: "player_spawn", name: "player_spawn", x: spawn.x * 32, y: spawn.y * 32, point: true }];
  rows.forEach((row, y) => [...row].forEach((c, x) => {
    if (c === "P") {
      objects.push({ type: "portal", name: `p${x}`, x: x * 32, y: y * 32, width: 32, height: 32, properties: [
        { name: "targetMap", type: "string", value: "town" }, { name: "targetX", type: "int", value: 1 }, { name: "targetY", type: "int", value: 1 },
      ] });
    }
  }));
  return GameMap.fromTiled("test", {
    type: "map", orientation: "orthogonal", infinite: false, width, height, tilewidth: 32, tileheight: 32,
    layers: [
      { type: "tilelayer", name: "collision", width, height, data: rows.flatMap((r) => [...r].map((c) => (c === "W" ? 2 : 0))) },
      { type: "objectgroup", name: "objects", objects },
    ],
  });
}

function walk(from: { x: number; y: number }, steps: readonly (keyof typeof STEP)[]): { x: number; y: number } {
  let { x, y } = from;
  for (const dir of steps) {
    x += STEP[dir].dx;
    y += STEP[dir].dy;
  }
  return { x, y };
}

const kind = (name: string, behaviour: NpcKindInfo["behaviour"]): NpcKindInfo => ({
  kind: name, displayName: name, behaviour, combatLevel: 1, maxHp: 3, attackSpeedTicks: 4, aggressionRadius: 0, drops: [], shop: null,
});

describe("attackPlan (walking up to a target)", () => {
  const open = mapOf(["WWWWWWWWW", "W.......W", "W.......W", "W.......W", "W.......W", "W.......W", "WWWWWWWWW"]);

  it("reaches the same tile or a cardinal neighbour, never a diagonal one (the shared Manhattan rule)", () => {
    const target = { x: 4, y: 3 };
    assert.equal(inMeleeReach(target, target), true);
    for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1]]) assert.equal(inMeleeReach({ x: 4 + dx!, y: 3 + dy! }, target), true);
    for (const [dx, dy] of [[1, 1], [-1, 1], [2, 0], [0, -2]]) assert.equal(inMeleeReach({ x: 4 + dx!, y: 3 + dy! }, target), false);
  });

  it("walks the shortest way to a tile next to the target and stops there", () => {
    const from = { x: 1, y: 1 };
    const target = { x: 5, y: 4 };
    const steps = planAttackSteps(open, from, target)!;
    const end = walk(from, steps);
    assert.equal(manhattan(end, target), 1, `ends next to the target, not on it: (${end.x}, ${end.y})`);
    assert.equal(steps.length, manhattan(from, target) - 1);
  });

  it("diagonal to the target, takes one step to a cardinal neighbour", () => {
    const steps = planAttackSteps(open, { x: 3, y: 2 }, { x: 4, y: 3 })!;
    assert.equal(steps.length, 1);
    assert.equal(manhattan(walk({ x: 3, y: 2 }, steps), { x: 4, y: 3 }), 1);
  });

  it("needs no step when already in reach", () => {
    assert.deepEqual(planAttackSteps(open, { x: 4, y: 2 }, { x: 4, y: 3 }), []);
    assert.deepEqual(planAttackSteps(open, { x: 4, y: 3 }, { x: 4, y: 3 }), []);
  });

  it("goes around a wall to the open side of a target, and never through a portal", () => {
    // The target stands in a pocket open only to the south; a portal sits in the short way.
    const map = mapOf(["WWWWWWWWW", "W...WWW.W", "W...W.W.W", "W..P....W", "W.......W", "WWWWWWWWW"]);
    const target = { x: 5, y: 2 };
    const from = { x: 1, y: 3 };
    const steps = planAttackSteps(map, from, target)!;
    const end = walk(from, steps);
    assert.deepEqual(end, { x: 5, y: 3 }, "the only open neighbour");
    let at = { ...from };
    for (const dir of steps) {
      at = walk(at, [dir]);
      assert.equal(map.portalAt(at.x, at.y), null, `through the portal at (${at.x}, ${at.y})`);
      assert.equal(map.isBlocked(at.x, at.y), false);
    }
  });

  it("says null when no tile in reach can be walked to", () => {
    const walled = mapOf(["WWWWWWWWW", "W...W...W", "W...W...W", "W...W...W", "WWWWWWWWW"]);
    assert.equal(planAttackSteps(walled, { x: 1, y: 1 }, { x: 6, y: 2 }), null);
  });

  it("follows a target that moves: the goal is read at every check", () => {
    let target: { x: number; y: number } | null = { x: 5, y: 3 };
    const goal = reachGoal("the Rat", () => target);
    assert.equal(goal.isGoal(4, 3), true);
    target = { x: 2, y: 2 };
    assert.equal(goal.isGoal(4, 3), false);
    assert.equal(goal.isGoal(2, 3), true);
    target = null;
    assert.equal(goal.isGoal(2, 3), false, "a target that is gone is no goal");
  });
});

describe("nearestAttackable (the F key)", () => {
  const kinds = new Map([["rat", kind("rat", "passive")], ["goblin", kind("goblin", "aggressive")], ["villager", kind("villager", "peaceful")]]);
  const kindOf = (k: string) => kinds.get(k);

  it("picks the nearest NPC that may be attacked, skipping peaceful ones", () => {
    const npcs = [
      { id: 1, kind: "villager", x: 10, y: 10 },
      { id: 2, kind: "rat", x: 13, y: 10 },
      { id: 3, kind: "goblin", x: 10, y: 15 },
    ];
    assert.equal(nearestAttackable({ x: 10, y: 11 }, npcs, kindOf)?.id, 2);
  });

  it("breaks ties by the lowest id, whatever the order", () => {
    const npcs = [{ id: 7, kind: "rat", x: 12, y: 10 }, { id: 4, kind: "goblin", x: 8, y: 10 }];
    assert.equal(nearestAttackable({ x: 10, y: 10 }, npcs, kindOf)?.id, 4);
    assert.equal(nearestAttackable({ x: 10, y: 10 }, [...npcs].reverse(), kindOf)?.id, 4);
  });

  it("finds none among peaceful NPCs only, and leaves unknown kinds to the server", () => {
    assert.equal(nearestAttackable({ x: 0, y: 0 }, [{ id: 1, kind: "villager", x: 1, y: 0 }], kindOf), null);
    assert.equal(nearestAttackable({ x: 0, y: 0 }, [{ id: 9, kind: "dragon", x: 5, y: 0 }], kindOf)?.id, 9);
  });
});
