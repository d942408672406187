import assert from "node:assert/strict";
import { loadConfig } from "../../../src/config/config.js";
import { combatLevel } from "../../../src/services/rules/combatLevel.js";
import { initialSkills } from "../../../src/services/rules/initialSkills.js";

const rules = loadConfig({ NODE_ENV: "test" }).rules;

describe("combatLevel", () => {
  it("is 3 for a new player", () => {
    assert.equal(combatLevel(initialSkills(rules)), 3);
  });

  it("accepts a plain record of levels, missing skills counting as 1", () => {
    assert.equal(combatLevel({ hitpoints: 10 }), 3);
  });

  it("uses the best of melee, ranged and magic", () => {
    const base = { defence: 1, hitpoints: 10, attack: 1, strength: 1, magic: 1 };
    // floor(0.25 * 11 + 0.325 * floor(1.5 * 40)) = floor(2.75 + 19.5) = 22
    assert.equal(combatLevel({ ...base, ranged: 40 }), 22);
    assert.equal(combatLevel({ ...base, ranged: 1, magic: 40 }), 22);
  });

  it("is 113 with every combat skill at 99", () => {
    const maxed = { attack: 99, strength: 99, defence: 99, hitpoints: 99, ranged: 99, magic: 99 };
    // floor(0.25 * 198 + 0.325 * 198) = floor(113.85)
    assert.equal(combatLevel(maxed), 113);
  });
});
