import assert from "node:assert/strict";
import { isDueOnTick } from "../../../src/services/world/tickSchedule.js";

describe("isDueOnTick", () => {
  const dueTicks = (tickMs: number, periodMs: number, ticks: number) =>
    Array.from({ length: ticks }, (_, i) => i + 1).filter((t) => isDueOnTick(t, tickMs, periodMs));

  it("runs a 10 s job on the 600 ms ticks that cross each 10 s mark", () => {
    // 10,000 / 600 = 16.7: ticks 17 (10.2 s), 34 (20.4 s), 50 (30.0 s), 67 (40.2 s).
    assert.deepEqual(dueTicks(600, 10_000, 70), [17, 34, 50, 67]);
  });

  it("runs a job as often as its period says, over a long run", () => {
    assert.equal(dueTicks(600, 1_000, 1_000).length, 600);
    assert.equal(dueTicks(50, 10_000, 2_000).length, 10);
  });

  it("runs a job shorter than a tick on every tick", () => {
    assert.deepEqual(dueTicks(600, 200, 3), [1, 2, 3]);
  });
});
