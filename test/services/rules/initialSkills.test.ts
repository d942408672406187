import assert from "node:assert/strict";
import { loadConfig } from "../../../src/config/config.js";
import { initialSkills } from "../../../src/services/rules/initialSkills.js";
import { xpForLevel } from "../../../src/services/rules/xpTable.js";
import { SKILL_NAMES } from "../../../src/state/types.js";

const rules = loadConfig({ NODE_ENV: "test" }).rules;

describe("initialSkills", () => {
  it("has every skill", () => {
    assert.deepEqual([...initialSkills(rules).keys()].sort(), [...SKILL_NAMES].sort());
  });

  it("starts every skill but hitpoints at level 1 with 0 XP", () => {
    for (const [name, skill] of initialSkills(rules)) {
      if (name !== "hitpoints") assert.deepEqual(skill, { level: 1, xp: 0 }, name);
    }
  });

  it("starts hitpoints at the configured level with that level's XP", () => {
    const hitpoints = initialSkills(rules).get("hitpoints");
    assert.deepEqual(hitpoints, { level: rules.startingHitpointsLevel, xp: xpForLevel(rules.startingHitpointsLevel) });
  });

  it("returns a fresh map on each call", () => {
    const first = initialSkills(rules);
    first.set("attack", { level: 5, xp: 400 });
    assert.deepEqual(initialSkills(rules).get("attack"), { level: 1, xp: 0 });
  });
});
