import assert from "node:assert/strict";
import { applyDamage, applyHeal, clampHp, isDead, withMaxHp } from "../../../src/services/rules/hpRules.js";

describe("hpRules", () => {
  it("lowers HP by the damage", () => {
    const result = applyDamage({ currentHp: 10, maxHp: 10 }, 3);
    assert.deepEqual(result, { ok: true, data: { currentHp: 7, maxHp: 10, dead: false } });
  });

  it("never takes HP below 0 and reports death at 0", () => {
    const result = applyDamage({ currentHp: 4, maxHp: 10 }, 9);
    assert.deepEqual(result, { ok: true, data: { currentHp: 0, maxHp: 10, dead: true } });
  });

  it("raises HP by the heal, never above max", () => {
    assert.deepEqual(applyHeal({ currentHp: 4, maxHp: 10 }, 3), { ok: true, data: { currentHp: 7, maxHp: 10 } });
    assert.deepEqual(applyHeal({ currentHp: 9, maxHp: 10 }, 5), { ok: true, data: { currentHp: 10, maxHp: 10 } });
  });

  it("refuses negative and fractional amounts", () => {
    const hp = { currentHp: 5, maxHp: 10 };
    for (const result of [applyDamage(hp, -1), applyHeal(hp, -1), applyDamage(hp, 0.5), applyHeal(hp, Number.NaN)]) {
      assert.equal(result.ok, false);
      assert.equal(!result.ok && result.code, "INVALID_PAYLOAD");
    }
  });

  it("clamps HP into 0..max", () => {
    assert.equal(clampHp(12, 10), 10);
    assert.equal(clampHp(-3, 10), 0);
    assert.equal(clampHp(6, 10), 6);
  });

  it("keeps current HP when max HP changes, clamped to the new max", () => {
    assert.deepEqual(withMaxHp({ currentHp: 8, maxHp: 15 }, 10), { currentHp: 8, maxHp: 10 });
    assert.deepEqual(withMaxHp({ currentHp: 15, maxHp: 15 }, 10), { currentHp: 10, maxHp: 10 });
    assert.deepEqual(withMaxHp({ currentHp: 10, maxHp: 10 }, 15), { currentHp: 10, maxHp: 15 });
  });

  it("counts a player as dead while a respawn is pending or at 0 HP", () => {
    assert.equal(isDead({ hp: { currentHp: 5, maxHp: 10 }, respawnAtMs: null }), false);
    assert.equal(isDead({ hp: { currentHp: 0, maxHp: 10 }, respawnAtMs: null }), true);
    assert.equal(isDead({ hp: { currentHp: 10, maxHp: 10 }, respawnAtMs: 5_000 }), true);
  });
});
