import assert from "node:assert/strict";
import { loadMaps } from "../../src/content/loadMaps.js";
import { GameMap } from "../../src/content/GameMap.js";
import { STEP, type CommandResult, type Direction } from "../../src/protocol/index.js";
import { findPath } from "../../src/services/rules/pathFind.js";
import { Walker, type WalkOutcome } from "../../client/src/logic/Walker.js";
import { planSteps, tileGoal } from "../../client/src/logic/walkPlan.js";

const maps = loadMaps();
const town = maps.get("town")!;

/** A stand-in for the room: applies moves by the map's rules, answering like the server. */
function harness(map: GameMap, start: { x: number; y: number }, answer?: (dir: Direction, n: number) => CommandResult | null) {
  let nowMs = 0;
  const position = { ...start };
  const sent: { dir: Direction; atMs: number }[] = [];
  const refused: CommandResult[] = [];
  const walker = new Walker({
    now: () => nowMs,
    position: () => ({ ...position }),
    map: () => map,
    paceMs: 150,
    onRefused: (r) => refused.push(r),
    sendMove: (dir) => {
      sent.push({ dir, atMs: nowMs });
      const forced = answer?.(dir, sent.length);
      if (forced) return Promise.resolve(forced);
      const x = position.x + STEP[dir].dx;
      const y = position.y + STEP[dir].dy;
      if (map.isBlocked(x, y)) return Promise.resolve({ seq: sent.length, type: "move", ok: false, code: "BLOCKED", message: "blocked" });
      position.x = x;
      position.y = y;
      return Promise.resolve({ seq: sent.length, type: "move", ok: true });
    },
  });
  /** Advances the clock frame by frame (16 ms), letting results settle, until `done` or the time limit. */
  const run = async (maxMs: number, done: () => boolean = () => false) => {
    for (let t = 0; t < maxMs && !done(); t += 16) {
      walker.update();
      await Promise.resolve();
      await Promise.resolve();
      nowMs += 16;
    }
  };
  return { walker, position, sent, refused, run, now: () => nowMs };
}

describe("Walker (click to walk)", () => {
  it("walks a shortest path to the clicked tile, one move per step at the cooldown's pace", async () => {
    const start = town.spawn;
    const target = { x: start.x + 4, y: start.y - 3 };
    const expected = planSteps(town, start, tileGoal(target.x, target.y))!;
    assert.ok(expected.length >= 7);
    const h = harness(town, start);
    let outcome: WalkOutcome | null = null;
    h.walker.walkTo({ goal: tileGoal(target.x, target.y), onEnd: (o) => (outcome = o) });
    await h.run(5_000, () => outcome !== null);
    assert.equal(outcome, "arrived");
    assert.deepEqual({ ...h.position }, target);
    assert.deepEqual(h.sent.map((s) => s.dir), expected);
    for (let i = 1; i < h.sent.length; i++) assert.ok(h.sent[i]!.atMs - h.sent[i - 1]!.atMs >= 150, `move ${i} came ${h.sent[i]!.atMs - h.sent[i - 1]!.atMs} ms after the previous`);
  });

  it("plans the same path as the shared path rule and around walls", () => {
    const from = { x: 2, y: 2 };
    const to = { x: 10, y: 2 };
    const steps = planSteps(town, from, tileGoal(to.x, to.y));
    const shared = findPath({ from, isGoal: (x, y) => x === to.x && y === to.y, canEnter: (x, y) => !town.isBlocked(x, y) && town.portalAt(x, y) === null, maxTiles: 4096 });
    assert.deepEqual(steps, shared);
    let x = from.x;
    let y = from.y;
    for (const dir of steps!) {
      x += STEP[dir].dx;
      y += STEP[dir].dy;
      assert.equal(town.isBlocked(x, y), false, `step onto blocked (${x}, ${y})`);
    }
  });

  it("never walks through a portal unless the portal is the goal", () => {
    // A corridor with a portal in its middle, and a detour below it.
    const rows = ["WWWWWWW", "W..P..W", "W.W.W.W", "W.....W", "W.....W", "W.....W", "WWWWWWW"];
    const map = GameMap.fromTiled("corridor", {
      type: "map", orientation: "orthogonal", infinite: false, width: 7, height: 7, tilewidth: 32, tileheight: 32,
      layers: [
        { type: "tilelayer", name: "collision", width: 7, height: 7, data: rows.flatMap((r) => [...r].map((c) => (c === "W" ? 2 : 0))) },
        {
          type: "objectgroup", name: "objects", objects: [
            { type: "player_spawn", name: "player_spawn", x: 3 * 32, y: 4 * 32, point: true },
            { type: "portal", name: "p", x: 3 * 32, y: 32, width: 32, height: 32, properties: [
              { name: "targetMap", type: "string", value: "town" }, { name: "targetX", type: "int", value: 1 }, { name: "targetY", type: "int", value: 1 },
            ] },
          ],
        },
      ],
    });
    assert.deepEqual(planSteps(map, { x: 2, y: 1 }, tileGoal(3, 1)), ["right"], "the portal itself is a goal like any tile");
    const detour = planSteps(map, { x: 1, y: 1 }, tileGoal(5, 1))!;
    assert.equal(detour.length, 8, "around the portal, not through it");
    let x = 1;
    let y = 1;
    for (const dir of detour) {
      x += STEP[dir].dx;
      y += STEP[dir].dy;
      assert.equal(map.portalAt(x, y), null, `the path crosses the portal at (${x}, ${y})`);
      assert.equal(map.isBlocked(x, y), false);
    }
  });

  it("stops on BLOCKED and says why", async () => {
    const start = town.spawn;
    const h = harness(town, start, (_dir, n) => (n === 2 ? { seq: n, type: "move", ok: false, code: "BLOCKED", message: "blocked" } : null));
    let outcome: WalkOutcome | null = null;
    h.walker.walkTo({ goal: tileGoal(start.x + 5, start.y), onEnd: (o) => (outcome = o) });
    await h.run(3_000, () => outcome !== null);
    assert.equal(outcome, "blocked");
    assert.equal(h.sent.length, 2);
    assert.equal(h.refused[0]?.code, "BLOCKED");
    await h.run(1_000);
    assert.equal(h.sent.length, 2, "no move after the walk ended");
  });

  it("waits out RATE_LIMITED for retryAfterMs and goes on", async () => {
    const start = town.spawn;
    const h = harness(town, start, (_dir, n) => (n === 1 ? { seq: n, type: "move", ok: false, code: "RATE_LIMITED", message: "too early", retryAfterMs: 400 } : null));
    let outcome: WalkOutcome | null = null;
    h.walker.walkTo({ goal: tileGoal(start.x + 2, start.y), onEnd: (o) => (outcome = o) });
    await h.run(3_000, () => outcome !== null);
    assert.equal(outcome, "arrived");
    assert.equal(h.sent.length, 3);
    assert.ok(h.sent[1]!.atMs - h.sent[0]!.atMs >= 400);
    assert.equal(h.refused.length, 0, "a rate limit is waited out, not reported");
  });

  it("replaces the path when a new click comes, after the move in flight", async () => {
    const start = town.spawn;
    const h = harness(town, start);
    const ends: WalkOutcome[] = [];
    h.walker.walkTo({ goal: tileGoal(start.x + 6, start.y), onEnd: (o) => ends.push(o) });
    await h.run(200);
    const sentBefore = h.sent.length;
    assert.ok(sentBefore >= 1);
    h.walker.walkTo({ goal: tileGoal(start.x, start.y + 2), onEnd: (o) => ends.push(o) });
    await h.run(5_000, () => ends.length === 2);
    assert.deepEqual(ends, ["replaced", "arrived"]);
    assert.deepEqual({ ...h.position }, { x: start.x, y: start.y + 2 });
    assert.ok(h.sent.slice(sentBefore).every((s) => s.dir !== "right"), "no step toward the old goal after the new click");
  });

  it("reports an unreachable goal without sending anything", async () => {
    const h = harness(town, town.spawn);
    let outcome: WalkOutcome | null = null;
    h.walker.walkTo({ goal: tileGoal(0, 0), onEnd: (o) => (outcome = o) });
    await h.run(200, () => outcome !== null);
    assert.equal(outcome, "unreachable");
    assert.equal(h.sent.length, 0);
  });

  it("walks while a key is held and makes one step for a quick tap", async () => {
    const start = town.spawn;
    const h = harness(town, start);
    h.walker.press("down");
    h.walker.release("down");
    await h.run(500);
    assert.deepEqual({ ...h.position }, { x: start.x, y: start.y + 1 });
    h.walker.press("up");
    await h.run(450);
    h.walker.release("up");
    await h.run(500);
    assert.ok(h.position.y < start.y, "held up for 450 ms: more than one step");
    assert.ok(h.sent.length <= 1 + Math.ceil(450 / 150) + 1);
  });

  it("forgets held keys when the window loses focus, but keeps walking to a clicked tile", async () => {
    const start = town.spawn;
    const h = harness(town, start);
    h.walker.press("up");
    h.walker.releaseKeys();
    await h.run(300);
    assert.deepEqual({ ...h.position }, start, "no step for a key whose key-up will never come");
    let outcome: WalkOutcome | null = null;
    h.walker.walkTo({ goal: tileGoal(start.x + 2, start.y), onEnd: (o) => (outcome = o) });
    h.walker.releaseKeys();
    await h.run(3_000, () => outcome !== null);
    assert.equal(outcome, "arrived");
  });

  it("forgets the answer to a move sent before it was stopped (the step onto a portal)", async () => {
    const start = town.spawn;
    const answers: ((r: CommandResult) => void)[] = [];
    const refused: CommandResult[] = [];
    const walker = new Walker({
      now: () => 0,
      position: () => start,
      map: () => town,
      paceMs: 150,
      onRefused: (r) => refused.push(r),
      sendMove: () => new Promise((resolve) => answers.push(resolve)),
    });
    walker.walkTo({ goal: tileGoal(start.x + 3, start.y) });
    walker.update();
    assert.equal(answers.length, 1, "a move was sent");
    walker.stop();
    answers[0]!({ seq: 1, type: "move", ok: false, code: "UNAVAILABLE", message: "left the map" });
    await Promise.resolve();
    assert.deepEqual(refused, []);
    assert.equal(walker.busy, false);
  });
});
