import assert from "node:assert/strict";
import {
  attackRoll, capDamage, defenceRoll, effectiveAttack, effectiveDefence, effectiveStrength, hitChance, maxHit, npcCombatLevel,
  rollSwing, swingXp, type Fighter,
} from "../../../src/services/rules/combat.js";
import { mulberry32 } from "../../../src/services/rules/random.js";

const newPlayer = (over: Partial<Fighter> = {}): Fighter => ({
  attackLevel: 1, strengthLevel: 1, defenceLevel: 1, attackBonus: 0, strengthBonus: 0, defenceBonus: 0, style: "accurate", ...over,
});
const npc = (over: Partial<Fighter> = {}): Fighter => ({ ...newPlayer(), style: null, ...over });

/** A random source that answers the given numbers in order. */
function scripted(...values: number[]) {
  let i = 0;
  const source = () => {
    const value = values[i++];
    if (value === undefined) throw new Error("the swing drew more numbers than expected");
    return value;
  };
  return Object.assign(source, { drawn: () => i });
}

describe("combat rules", () => {
  describe("effective levels", () => {
    it("adds 8 for players and 3 more for the style's own level", () => {
      const accurate = newPlayer({ attackLevel: 10, strengthLevel: 20, defenceLevel: 30 });
      assert.deepEqual([effectiveAttack(accurate), effectiveStrength(accurate), effectiveDefence(accurate)], [21, 28, 38]);
      const aggressive = { ...accurate, style: "aggressive" as const };
      assert.deepEqual([effectiveAttack(aggressive), effectiveStrength(aggressive), effectiveDefence(aggressive)], [18, 31, 38]);
      const defensive = { ...accurate, style: "defensive" as const };
      assert.deepEqual([effectiveAttack(defensive), effectiveStrength(defensive), effectiveDefence(defensive)], [18, 28, 41]);
    });

    it("adds 9 and no style for NPCs", () => {
      const goblin = npc({ attackLevel: 5, strengthLevel: 6, defenceLevel: 7 });
      assert.deepEqual([effectiveAttack(goblin), effectiveStrength(goblin), effectiveDefence(goblin)], [14, 15, 16]);
    });
  });

  describe("accuracy", () => {
    it("uses 1 - (D + 2) / (2 (A + 1)) when the attack roll is above the defence roll", () => {
      // A new player, accurate, copper dagger (+4 attack): A = (1 + 8 + 3) x (4 + 64) = 816.
      const attacker = newPlayer({ attackBonus: 4 });
      assert.equal(attackRoll(attacker), 816);
      // A chicken (defence 1, no bonus): D = (1 + 9) x 64 = 640.
      assert.equal(defenceRoll(npc()), 640);
      // 1 - 642 / 1634 = 0.607099...
      assert.equal(hitChance(816, 640), 1 - 642 / 1634);
      assert.ok(Math.abs(hitChance(816, 640) - 0.6070991) < 1e-6);
    });

    it("uses A / (2 (D + 1)) when the attack roll is not above the defence roll", () => {
      // An aggressive new player, unarmed: A = 9 x 64 = 576; a goblin with defence 10: D = 19 x 64 = 1216.
      const attacker = newPlayer({ style: "aggressive" });
      const goblin = npc({ defenceLevel: 10 });
      assert.equal(attackRoll(attacker), 576);
      assert.equal(defenceRoll(goblin), 1216);
      assert.equal(hitChance(576, 1216), 576 / 2434);
      assert.ok(Math.abs(hitChance(576, 1216) - 0.2366475) < 1e-6);
      // Equal rolls take the second branch: A / (2 (A + 1)).
      assert.equal(hitChance(640, 640), 640 / 1282);
    });

    it("counts the defensive style and armour in the defence roll", () => {
      // Defence 1, defensive, wooden shield (+2): (1 + 8 + 3) x 66 = 792.
      assert.equal(defenceRoll(newPlayer({ style: "defensive", defenceBonus: 2 })), 792);
    });
  });

  describe("max hit", () => {
    it("is floor(0.5 + effective strength x (bonus + 64) / 640) without a bonus", () => {
      // Strength 1, accurate: 9 x 64 / 640 = 0.9, + 0.5 -> 1.
      assert.equal(maxHit(newPlayer()), 1);
      // Strength 40, accurate: 48 x 64 / 640 = 4.8, + 0.5 -> 5.
      assert.equal(maxHit(newPlayer({ strengthLevel: 40 })), 5);
    });

    it("counts the strength bonus and the aggressive style", () => {
      // Strength 10, aggressive, steel sword (+15): 21 x 79 / 640 = 2.592, + 0.5 -> 3.
      assert.equal(maxHit(newPlayer({ strengthLevel: 10, strengthBonus: 15, style: "aggressive" })), 3);
      // Strength 40, aggressive, steel greataxe (+27): 51 x 91 / 640 = 7.25, + 0.5 -> 7.
      assert.equal(maxHit(newPlayer({ strengthLevel: 40, strengthBonus: 27, style: "aggressive" })), 7);
      // The same player, accurate: 48 x 91 / 640 = 6.825, + 0.5 -> 7; strength 30: 38 x 91 / 640 = 5.40 -> 5.
      assert.equal(maxHit(newPlayer({ strengthLevel: 30, strengthBonus: 27 })), 5);
    });

    it("gives NPCs level + 9", () => {
      // Strength 40, bonus 10: 49 x 74 / 640 = 5.665, + 0.5 -> 6.
      assert.equal(maxHit(npc({ strengthLevel: 40, strengthBonus: 10 })), 6);
    });
  });

  describe("a swing", () => {
    it("draws the accuracy, then a uniform damage from 0 to the max hit", () => {
      const attacker = newPlayer({ strengthLevel: 40 }); // max hit 5
      const chance = hitChance(attackRoll(attacker), defenceRoll(npc()));
      const hit = scripted(chance - 0.001, 0.999);
      assert.equal(rollSwing(attacker, npc(), hit), 5);
      assert.equal(hit.drawn(), 2);
      assert.equal(rollSwing(attacker, npc(), scripted(0, 0)), 0, "a hit may deal 0");
      assert.equal(rollSwing(attacker, npc(), scripted(0, 0.5)), 3);
    });

    it("misses with 0 damage and one draw when the accuracy roll fails", () => {
      const attacker = newPlayer({ strengthLevel: 40 });
      const chance = hitChance(attackRoll(attacker), defenceRoll(npc()));
      const miss = scripted(chance);
      assert.equal(rollSwing(attacker, npc(), miss), 0);
      assert.equal(miss.drawn(), 1);
    });

    it("caps the damage at the target's current HP", () => {
      assert.equal(capDamage(5, 3), 3);
      assert.equal(capDamage(2, 3), 2);
      assert.equal(capDamage(4, 0), 0);
    });

    it("deals every value from 0 to the max hit over many seeded swings, and none above", () => {
      const attacker = newPlayer({ strengthLevel: 40, attackLevel: 60 });
      const random = mulberry32(7);
      const seen = new Set<number>();
      for (let i = 0; i < 2_000; i++) seen.add(rollSwing(attacker, npc(), random));
      assert.deepEqual([...seen].sort(), [0, 1, 2, 3, 4, 5]);
    });
  });

  describe("XP", () => {
    it("gives 4 XP per damage to the style's skill and floor(4 x damage / 3) hitpoints", () => {
      assert.deepEqual(swingXp(3, "accurate"), [{ skill: "attack", xp: 12 }, { skill: "hitpoints", xp: 4 }]);
      assert.deepEqual(swingXp(2, "aggressive"), [{ skill: "strength", xp: 8 }, { skill: "hitpoints", xp: 2 }]);
      assert.deepEqual(swingXp(5, "defensive"), [{ skill: "defence", xp: 20 }, { skill: "hitpoints", xp: 6 }]);
      assert.deepEqual(swingXp(0, "accurate"), []);
    });
  });

  it("rates NPCs with the player formula, ranged and magic 1", () => {
    // floor(0.25 x (1 + 3) + 0.325 x 2) = floor(1.65) = 1
    assert.equal(npcCombatLevel({ attack: 1, strength: 1, defence: 1, hitpoints: 3 }), 1);
    // floor(0.25 x (30 + 40) + 0.325 x 70) = floor(17.5 + 22.75) = 40
    assert.equal(npcCombatLevel({ attack: 35, strength: 35, defence: 30, hitpoints: 40 }), 40);
  });
});
