import { strict as assert } from "node:assert";
import { Shuttle } from "../../bench/lib/shuttle.js";

/** Sends `count` moves, `inFlight` of them unanswered at a time (results in order); returns where the server put the bot. */
function drive(count: number, inFlight: number, refused: (n: number) => boolean = () => false): number[] {
  const shuttle = new Shuttle();
  const pending: { n: number; dir: "left" | "right"; settle: (ok: boolean | null) => void }[] = [];
  const visited: number[] = [];
  let x = 0;
  const answerOldest = () => {
    const move = pending.shift()!;
    const ok = !refused(move.n);
    if (ok) x += move.dir === "left" ? -1 : 1;
    visited.push(x);
    move.settle(ok);
  };
  for (let n = 0; n < count; n++) {
    if (pending.length === inFlight) answerOldest();
    pending.push({ n, ...shuttle.next() });
  }
  while (pending.length > 0) answerOldest();
  return visited;
}

describe("the CCU bot's shuttle between its tile and the one left of it", () => {
  it("alternates while earlier moves are still in flight (a slow server does not walk the bot away)", () => {
    const shuttle = new Shuttle();
    assert.deepEqual([shuttle.next().dir, shuttle.next().dir, shuttle.next().dir, shuttle.next().dir], ["left", "right", "left", "right"]);
    for (const inFlight of [1, 2, 3, 5]) {
      assert.deepEqual([...new Set(drive(200, inFlight))].sort(), [-1, 0], `${inFlight} in flight`);
    }
  });

  it("takes a refused move back, so the bot returns to its two tiles", () => {
    // A move sent before an earlier one's refusal came back was planned on that refused step: one tile off, once.
    const visited = drive(200, 3, (n) => n === 10 || n === 57);
    assert.ok(visited.every((x) => x >= -2 && x <= 1), `stays within a tile of its two: ${[...new Set(visited)].join(",")}`);
    assert.deepEqual([...new Set(visited.slice(-20))].sort(), [-1, 0]);
  });
});
