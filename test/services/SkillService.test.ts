import assert from "node:assert/strict";
import type { GameServices } from "../../src/services/createServices.js";
import { levelForXp, xpForLevel } from "../../src/services/rules/xpTable.js";
import type { GameStateManager } from "../../src/state/GameStateManager.js";
import type { SkillName } from "../../src/state/types.js";
import { createAccount, createOnlinePlayer, putOn, serviceTestRules, servicesFor } from "../support/factories.js";
import { openTestStores, type TestStores } from "../support/stores.js";

describe("SkillService", () => {
  let stores: TestStores;
  let gsm: GameStateManager;
  let services: GameServices;
  let playerId: number;
  const rules = serviceTestRules();
  const codeOf = (result: { ok: boolean; code?: string }) => (result.ok ? "ok" : result.code);

  beforeEach(async () => {
    stores = await openTestStores();
    gsm = stores.newGsm();
    services = servicesFor(gsm, rules);
    playerId = (await createOnlinePlayer(gsm, {}, { maxHp: services.hp.computeMaxHp })).id;
  });
  afterEach(async () => stores.close());

  it("adds XP, derives the level from it and reports the levels gained", async () => {
    assert.deepEqual(await services.skills.addExperience(playerId, "mining", 82), {
      ok: true, data: { skill: "mining", level: 1, xp: 82, levelsGained: 0 },
    });
    assert.deepEqual(await services.skills.addExperience(playerId, "mining", xpForLevel(10) - 82), {
      ok: true, data: { skill: "mining", level: 10, xp: xpForLevel(10), levelsGained: 9 },
    });
    assert.deepEqual(await gsm.fields.getSkill(playerId, "mining"), { level: 10, xp: xpForLevel(10) });
  });

  it("caps XP at the configured maximum and the level at the maximum level", async () => {
    const result = await services.skills.addExperience(playerId, "fishing", rules.maxXp + 5);
    assert.deepEqual(result, { ok: true, data: { skill: "fishing", level: rules.maxLevel, xp: rules.maxXp, levelsGained: rules.maxLevel - 1 } });
    const again = await services.skills.addExperience(playerId, "fishing", 1);
    assert.deepEqual(again, { ok: true, data: { skill: "fishing", level: rules.maxLevel, xp: rules.maxXp, levelsGained: 0 } });
  });

  it("refuses unknown skills, XP that is not a positive integer, unknown and dead players", async () => {
    const offline = await createAccount(gsm);
    assert.equal(codeOf(await services.skills.addExperience(playerId, "juggling" as SkillName, 10)), "INVALID_PAYLOAD");
    for (const xp of [0, -5, 1.5, Number.NaN]) {
      assert.equal(codeOf(await services.skills.addExperience(playerId, "attack", xp)), "INVALID_PAYLOAD");
    }
    assert.equal(codeOf(await services.skills.addExperience(offline.id, "attack", 10)), "NOT_FOUND");
    await services.hp.dealDamage(playerId, 100);
    assert.equal(codeOf(await services.skills.addExperience(playerId, "attack", 10)), "DEAD");
    assert.deepEqual(await gsm.fields.getSkill(playerId, "attack"), { level: 1, xp: 0 });
  });

  it("raises max HP in the same commit when hitpoints levels up, keeping current HP", async () => {
    await services.hp.dealDamage(playerId, 3);
    const result = await services.skills.addExperience(playerId, "hitpoints", xpForLevel(12) - xpForLevel(10));
    assert.equal(result.ok && result.data.levelsGained, 2);
    assert.deepEqual(await gsm.fields.getPlayerHp(playerId), { currentHp: 7, maxHp: 12 });
  });

  it("counts equipment into the max HP it recomputes", async () => {
    await putOn(gsm, playerId, "amulet", "amulet_of_vitality");
    await services.skills.addExperience(playerId, "hitpoints", xpForLevel(11) - xpForLevel(10));
    assert.deepEqual(await gsm.fields.getPlayerHp(playerId), { currentHp: 10, maxHp: 16 });
  });

  it("reports every skill, the total level and the combat level", async () => {
    const skills = await services.skills.getSkills(playerId);
    assert.ok(skills.ok);
    assert.equal(skills.data.size, 11);
    assert.deepEqual(skills.data.get("hitpoints"), { level: 10, xp: xpForLevel(10) });
    assert.deepEqual(await services.skills.getTotalLevel(playerId), { ok: true, data: 20 });
    assert.deepEqual(await services.skills.getCombatLevel(playerId), { ok: true, data: 3 });
    await services.skills.addExperience(playerId, "attack", xpForLevel(40));
    await services.skills.addExperience(playerId, "strength", xpForLevel(40));
    assert.deepEqual(await services.skills.getCombatLevel(playerId), { ok: true, data: Math.floor(0.25 * 11 + 0.325 * 80) });
    assert.equal(codeOf(await services.skills.getSkills(999_999)), "NOT_FOUND");
  });

  it("keeps the level consistent with XP under concurrent additions from two processes", async () => {
    const other = servicesFor(stores.newGsm(), rules);
    const adds = Array.from({ length: 8 }, (_, i) => (i % 2 ? services : other).skills.addExperience(playerId, "woodcutting", 500));
    assert.ok((await Promise.all(adds)).every((r) => r.ok));
    assert.deepEqual(await gsm.fields.getSkill(playerId, "woodcutting"), { level: levelForXp(4_000), xp: 4_000 });
  });
});
