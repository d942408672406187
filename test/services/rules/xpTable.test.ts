import assert from "node:assert/strict";
import { loadConfig } from "../../../src/config/config.js";
import { addXp, levelForXp, MAX_TABLE_LEVEL, xpForLevel } from "../../../src/services/rules/xpTable.js";

const rules = loadConfig({ NODE_ENV: "test" }).rules;

describe("xpTable", () => {
  describe("xpForLevel", () => {
    it("needs no XP for level 1", () => {
      assert.equal(xpForLevel(1), 0);
    });

    it("matches the published thresholds at levels 2, 10, 50 and 99", () => {
      assert.equal(xpForLevel(2), 83);
      assert.equal(xpForLevel(10), 1_154);
      assert.equal(xpForLevel(50), 101_333);
      assert.equal(xpForLevel(99), 13_034_431);
    });

    it("grows strictly with the level", () => {
      for (let level = 2; level <= MAX_TABLE_LEVEL; level++) {
        assert.ok(xpForLevel(level) > xpForLevel(level - 1), `level ${level}`);
      }
    });

    it("refuses levels outside the table", () => {
      assert.throws(() => xpForLevel(0), RangeError);
      assert.throws(() => xpForLevel(MAX_TABLE_LEVEL + 1), RangeError);
      assert.throws(() => xpForLevel(2.5), RangeError);
    });
  });

  describe("levelForXp", () => {
    it("gives level 1 just below the level 2 threshold and level 2 at it", () => {
      assert.equal(levelForXp(0, rules.maxLevel), 1);
      assert.equal(levelForXp(82, rules.maxLevel), 1);
      assert.equal(levelForXp(83, rules.maxLevel), 2);
    });

    it("changes level exactly at each threshold", () => {
      for (let level = 2; level <= rules.maxLevel; level++) {
        assert.equal(levelForXp(xpForLevel(level) - 1, rules.maxLevel), level - 1);
        assert.equal(levelForXp(xpForLevel(level), rules.maxLevel), level);
      }
    });

    it("caps the level at the maximum level whatever the XP", () => {
      assert.equal(levelForXp(xpForLevel(99), rules.maxLevel), rules.maxLevel);
      assert.equal(levelForXp(rules.maxXp, rules.maxLevel), rules.maxLevel);
      assert.equal(levelForXp(xpForLevel(50), 40), 40);
    });

    it("treats negative XP as level 1", () => {
      assert.equal(levelForXp(-5, rules.maxLevel), 1);
    });
  });

  describe("addXp", () => {
    it("adds XP and reports the levels gained", () => {
      const outcome = addXp({ level: 1, xp: 0 }, xpForLevel(10), rules);
      assert.deepEqual(outcome, { state: { level: 10, xp: 1_154 }, levelsGained: 9 });
    });

    it("reports no level gained below the next threshold", () => {
      const outcome = addXp({ level: 1, xp: 50 }, 32, rules);
      assert.deepEqual(outcome, { state: { level: 1, xp: 82 }, levelsGained: 0 });
    });

    it("caps XP at the maximum XP and the level at the maximum level", () => {
      const outcome = addXp({ level: 98, xp: xpForLevel(98) }, rules.maxXp, rules);
      assert.equal(outcome.state.xp, rules.maxXp);
      assert.equal(outcome.state.level, rules.maxLevel);
      assert.equal(outcome.levelsGained, 1);
    });

    it("never lowers XP that is already above a lowered cap", () => {
      const outcome = addXp({ level: 99, xp: 150 }, 10, { maxLevel: rules.maxLevel, maxXp: 100 });
      assert.equal(outcome.state.xp, 150);
    });

    it("derives the level from XP even when the stored level is wrong", () => {
      const outcome = addXp({ level: 1, xp: 83 }, 0, rules);
      assert.equal(outcome.state.level, 2);
    });

    it("leaves the input state unchanged", () => {
      const state = { level: 1, xp: 0 };
      addXp(state, 500, rules);
      assert.deepEqual(state, { level: 1, xp: 0 });
    });

    it("refuses negative and fractional amounts", () => {
      assert.throws(() => addXp({ level: 1, xp: 100 }, -1, rules), RangeError);
      assert.throws(() => addXp({ level: 1, xp: 100 }, 1.5, rules), RangeError);
    });
  });
});
