import { strict as assert } from "node:assert";
import { codesByCode, mergeStats, BotStats } from "../../bench/lib/botStats.js";
import { Histogram } from "../../bench/lib/histogram.js";
import { MapNav } from "../../loadtest/mapNav.js";

describe("bench and load-test helpers", () => {
  it("Histogram: quantiles within 1% and merging across processes", () => {
    const a = new Histogram();
    const b = new Histogram();
    for (let i = 1; i <= 1000; i++) (i % 2 ? a : b).record(i);
    const merged = Histogram.from(a.toJSON()).merge(JSON.parse(JSON.stringify(b.toJSON())) as ReturnType<Histogram["toJSON"]>);
    assert.equal(merged.n, 1000);
    for (const [q, expected] of [[0.5, 500], [0.95, 950], [0.99, 990]] as const) {
      const v = merged.quantile(q);
      assert.ok(Math.abs(v - expected) / expected <= 0.011, `q${q}: ${v} vs ${expected}`);
    }
    assert.equal(merged.quantile(1), 1000);
    assert.ok(Number.isNaN(new Histogram().quantile(0.5)));
  });

  it("BotStats: counts results by type and code, only those of the current window", () => {
    const s = new BotStats();
    const before = performance.now() - 1;
    s.resetWindow();
    s.recordResult("move", "ok", 10);
    s.recordResult("inventory:move", "SLOT_EMPTY", 20);
    s.recordResult("move", "ok", 30, before);
    const merged = mergeStats([s.toJSON(), s.toJSON()]);
    assert.equal(merged.results, 4);
    assert.deepEqual(codesByCode(merged.codes), { ok: 2, SLOT_EMPTY: 2 });
  });

  it("MapNav: walks around the collision layer and into a portal only as the goal", () => {
    // 5x3 map; a wall at x=2 except y=2; a portal at (4, 0).
    const nav = new MapNav(
      { id: "m", width: 5, height: 3, spawn: { x: 0, y: 0 }, portals: [{ x: 4, y: 0, width: 1, height: 1, targetMap: "n", targetX: 0, targetY: 0 }] },
      { layers: [{ type: "tilelayer", name: "collision", data: [0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0] }] },
    );
    assert.ok(nav.isBlocked(2, 0) && nav.isBlocked(-1, 0) && !nav.isBlocked(2, 2));
    const path = nav.path({ x: 0, y: 0 }, { x: 3, y: 0 })!;
    assert.equal(path.length, 7);
    assert.deepEqual(nav.path({ x: 0, y: 0 }, { x: 4, y: 0 })?.at(-1), "right");
    assert.equal(nav.path({ x: 0, y: 0 }, { x: 0, y: 0 })?.length, 0);
  });
});
