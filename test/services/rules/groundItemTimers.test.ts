import assert from "node:assert/strict";
import { loadConfig } from "../../../src/config/config.js";
import { chebyshev } from "../../../src/services/rules/distance.js";
import { groundItemTimers, isVisibleTo } from "../../../src/services/rules/groundItemTimers.js";
import { RARITIES } from "../../../src/state/types.js";

const rules = loadConfig({ NODE_ENV: "test" }).rules;
const testRules = loadConfig({ NODE_ENV: "test", GROUND_ITEM_TIMER_SCALE: "0.02" }).rules;

function droppedItem(droppedBy: number | null, droppedAtMs = 1_000) {
  return { droppedBy, ...groundItemTimers("common", droppedAtMs, rules.groundItemTimerScale) };
}

describe("groundItemTimers", () => {
  for (const rarity of RARITIES) {
    it(`uses the ${rarity} protection and despawn times`, () => {
      const { protectS, despawnS } = rules.rarityTimersS[rarity];
      assert.deepEqual(groundItemTimers(rarity, 5_000, rules.groundItemTimerScale), {
        publicAtMs: 5_000 + protectS * 1000 * rules.groundItemTimerScale,
        despawnAtMs: 5_000 + despawnS * 1000 * rules.groundItemTimerScale,
      });
    });

    it(`scales the ${rarity} times by the configured scale`, () => {
      const { protectS, despawnS } = testRules.rarityTimersS[rarity];
      const times = groundItemTimers(rarity, 0, testRules.groundItemTimerScale);
      assert.equal(times.publicAtMs, Math.round(protectS * 1000 * testRules.groundItemTimerScale));
      assert.equal(times.despawnAtMs, Math.round(despawnS * 1000 * testRules.groundItemTimerScale));
    });
  }

  it("protects an item for less time than it lives, for every rarity", () => {
    for (const rarity of RARITIES) {
      const times = groundItemTimers(rarity, 0, rules.groundItemTimerScale);
      assert.ok(times.publicAtMs < times.despawnAtMs, rarity);
    }
  });
});

describe("isVisibleTo", () => {
  it("shows a protected item to its dropper only", () => {
    const item = droppedItem(7);
    assert.equal(isVisibleTo(item, 7, item.publicAtMs - 1), true);
    assert.equal(isVisibleTo(item, 8, item.publicAtMs - 1), false);
  });

  it("shows an item to everyone once protection ends", () => {
    const item = droppedItem(7);
    assert.equal(isVisibleTo(item, 8, item.publicAtMs), true);
  });

  it("shows a despawned item to nobody, not even its dropper", () => {
    const item = droppedItem(7);
    assert.equal(isVisibleTo(item, 7, item.despawnAtMs), false);
    assert.equal(isVisibleTo(item, 8, item.despawnAtMs + 1), false);
  });

  it("never protects an item that nobody dropped", () => {
    const item = droppedItem(null);
    assert.equal(isVisibleTo(item, 8, item.publicAtMs - 1), true);
  });
});

describe("chebyshev", () => {
  it("is the larger of the horizontal and vertical distances", () => {
    assert.equal(chebyshev({ x: 0, y: 0 }, { x: 3, y: -5 }), 5);
    assert.equal(chebyshev({ x: 10, y: 4 }, { x: 2, y: 4 }), 8);
    assert.equal(chebyshev({ x: 1, y: 1 }, { x: 1, y: 1 }), 0);
  });
});
