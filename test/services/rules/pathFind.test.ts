import assert from "node:assert/strict";
import { STEP, type Direction } from "../../../src/protocol/index.js";
import { chebyshev, manhattan } from "../../../src/services/rules/distance.js";
import { findPath } from "../../../src/services/rules/pathFind.js";

/** A grid from rows of text: '#' blocked, anything else open; outside the rows is blocked. */
function grid(rows: string[]) {
  return (x: number, y: number) => y >= 0 && y < rows.length && x >= 0 && x < rows[y]!.length && rows[y]![x] !== "#";
}

function walk(from: { x: number; y: number }, steps: Direction[]) {
  return steps.reduce((at, d) => ({ x: at.x + STEP[d].dx, y: at.y + STEP[d].dy }), from);
}

describe("findPath", () => {
  const open = grid([
    ".....",
    ".###.",
    "...#.",
    ".#...",
  ]);

  it("finds a shortest 4-direction path around walls", () => {
    const path = findPath({ from: { x: 0, y: 2 }, isGoal: (x, y) => x === 4 && y === 0, canEnter: open, maxTiles: 100 });
    assert.ok(path);
    assert.equal(path.length, 6);
    assert.deepEqual(walk({ x: 0, y: 2 }, path), { x: 4, y: 0 });
    let at = { x: 0, y: 2 };
    for (const d of path) {
      at = walk(at, [d]);
      assert.ok(open(at.x, at.y), `stepped onto a wall at (${at.x}, ${at.y})`);
    }
  });

  it("answers [] when the start is a goal, and null when no goal is reachable", () => {
    assert.deepEqual(findPath({ from: { x: 0, y: 0 }, isGoal: () => true, canEnter: open, maxTiles: 10 }), []);
    const walled = grid(["..#.."]);
    assert.equal(findPath({ from: { x: 0, y: 0 }, isGoal: (x) => x === 4, canEnter: walled, maxTiles: 100 }), null);
  });

  it("gives up beyond its budget of explored tiles", () => {
    const wide = grid(Array.from({ length: 40 }, () => ".".repeat(40)));
    const query = { from: { x: 0, y: 0 }, isGoal: (x: number, y: number) => x === 39 && y === 39, canEnter: wide };
    assert.equal(findPath({ ...query, maxTiles: 50 }), null);
    assert.equal(findPath({ ...query, maxTiles: 1600 })?.length, 78);
  });

  it("stops next to a target when the goal is reach, and treats tiles it may not enter as walls", () => {
    const target = { x: 4, y: 3 };
    const inReach = (x: number, y: number) => manhattan({ x, y }, target) <= 1 && !(x === target.x && y === target.y);
    const path = findPath({ from: { x: 0, y: 0 }, isGoal: inReach, canEnter: (x, y) => open(x, y) && !(x === target.x && y === target.y), maxTiles: 100 })!;
    assert.equal(manhattan(walk({ x: 0, y: 0 }, path), target), 1);
    const taken = (x: number, y: number) => open(x, y) && !(x === 4 && y === 1);
    const around = findPath({ from: { x: 4, y: 3 }, isGoal: (x, y) => x === 4 && y === 0, canEnter: taken, maxTiles: 100 })!;
    assert.equal(around.length, 11, "the long way round, not through the taken tile");
  });

  it("breaks ties the same way every time (up, down, left, right)", () => {
    const square = grid(["...", "...", "..."]);
    assert.deepEqual(findPath({ from: { x: 0, y: 0 }, isGoal: (x, y) => x === 1 && y === 1, canEnter: square, maxTiles: 9 }), ["down", "right"]);
  });
});

describe("distances", () => {
  it("chebyshev is the larger axis distance, manhattan the sum", () => {
    assert.equal(chebyshev({ x: 0, y: 0 }, { x: 3, y: -5 }), 5);
    assert.equal(manhattan({ x: 0, y: 0 }, { x: 3, y: -5 }), 8);
    assert.equal(manhattan({ x: 2, y: 2 }, { x: 2, y: 2 }), 0);
  });
});
