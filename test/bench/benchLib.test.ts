import { strict as assert } from "node:assert";
import { codesByCode, mergeStats, BotStats } from "../../bench/lib/botStats.js";
import { Histogram } from "../../bench/lib/histogram.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeNpcFields } from "../../bench/lib/npcField.js";
import { loadMaps } from "../../src/content/loadMaps.js";
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

  it("MapNav: walks the server's map model around walls, and into a portal only as the goal", () => {
    // 7x5 map, spawn (1, 2); a wall at x=3 except y=4; a portal at (5, 0).
    const wall = (x: number, y: number) => (x === 3 && y !== 4 ? 1 : 0);
    const tiled = {
      type: "map", orientation: "orthogonal", infinite: false, width: 7, height: 5, tilewidth: 32, tileheight: 32,
      layers: [
        { type: "tilelayer", name: "collision", width: 7, height: 5, data: Array.from({ length: 35 }, (_, i) => wall(i % 7, Math.floor(i / 7))) },
        { type: "objectgroup", name: "objects", objects: [
          { name: "spawn", type: "player_spawn", x: 32, y: 64, point: true },
          { name: "p", type: "portal", x: 160, y: 0, width: 32, height: 32, properties: [
            { name: "targetMap", value: "m" }, { name: "targetX", value: 1 }, { name: "targetY", value: 2 }] },
        ] },
      ],
    };
    const nav = MapNav.fromTiled("m", tiled);
    const path = nav.path({ x: 2, y: 0 }, { x: 4, y: 0 })!;
    assert.equal(path.length, 10);
    assert.deepEqual(nav.path({ x: 2, y: 0 }, { x: 5, y: 0 })?.at(-1), "right");
    assert.equal(nav.path({ x: 6, y: 1 }, { x: 4, y: 0 })?.length, 3, "around the portal, not through it");
    assert.equal(nav.path({ x: 0, y: 0 }, { x: 0, y: 0 })?.length, 0);
  });

  it("writeNpcFields: fields the server's loader accepts, with the bots' targets spawned first, unmoving", () => {
    const dir = mkdtempSync(join(tmpdir(), "npc-fields-"));
    try {
      const fields = writeNpcFields(dir);
      assert.deepEqual([fields.field.npcs, fields.empty.npcs, fields.idle.npcs], [500, 0, 2_000]);
      assert.equal(fields.field.targets.length, 200);
      assert.deepEqual(fields.field.targets.map((t) => t.npcId), Array.from({ length: 200 }, (_, i) => i + 1));
      const map = loadMaps(dir).get("field")!;
      for (const [i, target] of fields.field.targets.entries()) {
        const spawn = map.npcSpawns[i]!;
        assert.deepEqual([spawn.x, spawn.y, spawn.wanderRadiusTiles], [target.x, target.y, 0]);
        assert.equal(map.isBlocked(target.x - 1, target.y), false, "the bot's tile west of its NPC");
      }
      assert.deepEqual(fields.empty.targets, fields.field.targets, "the same walks on the empty field");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
