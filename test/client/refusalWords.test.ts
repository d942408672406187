import assert from "node:assert/strict";
import { ERROR_CODES, KICK_REASONS, type ErrorCode } from "../../src/protocol/index.js";
import { authErrorWords, kickWords, refusalWords } from "../../client/src/logic/refusalWords.js";
import { skillProgress } from "../../client/src/logic/skillProgress.js";

describe("refusalWords", () => {
  it("has words of its own for every error code of the protocol", () => {
    for (const code of ERROR_CODES) {
      const words = refusalWords({ seq: 1, type: "equip", ok: false, code, message: "raw-server-text" });
      assert.ok(words.length > 0 && !words.startsWith("Refused ("), `${code}: ${words}`);
    }
  });

  it("says how long to wait on a cooldown, and the level an item needs", () => {
    assert.equal(refusalWords({ seq: 1, type: "move", ok: false, code: "RATE_LIMITED", message: "too early", retryAfterMs: 120 }), "Too fast: wait 0.2 s.");
    const item = { displayName: "Bronze sword", requiredSkill: "attack", requiredLevel: 5 };
    assert.equal(refusalWords({ seq: 2, type: "equip", ok: false, code: "REQUIREMENTS_NOT_MET", message: "x" }, { item }), "You need level 5 Attack for Bronze sword.");
    assert.equal(refusalWords({ seq: 3, type: "chat", ok: false, code: "MUTED", message: "muted", retryAfterMs: 90_000 }), "You are muted for 2 minutes more.");
  });

  it("explains every refusal of a fight with the target's name: gone, peaceful, outside a PvP area, out of reach", () => {
    const rat = { target: { type: "npc" as const, name: "the Rat" } };
    const villager = { target: { type: "npc" as const, name: "the Villager" } };
    const bob = { target: { type: "player" as const, name: "bob" } };
    const refused = (code: ErrorCode, type = "attack", retryAfterMs?: number) => ({ seq: 1, type, ok: false as const, code, message: "x", ...(retryAfterMs ? { retryAfterMs } : {}) });
    assert.equal(refusalWords(refused("NOT_FOUND"), rat), "The Rat is gone, or out of sight.");
    assert.equal(refusalWords(refused("NOT_ATTACKABLE"), villager), "The Villager is peaceful: it cannot be attacked.");
    assert.equal(refusalWords(refused("NOT_ATTACKABLE"), bob), "You can fight bob only where you both stand inside a PvP area.");
    assert.equal(refusalWords(refused("TOO_FAR"), rat), "The Rat is out of reach: stand next to it to attack.");
    assert.equal(refusalWords(refused("DEAD")), "You are dead: wait until you respawn.");
    assert.equal(refusalWords(refused("RATE_LIMITED", "attack", 80)), "Too fast: wait 0.1 s.");
    assert.equal(refusalWords(refused("RATE_LIMITED", "eat", 1_240)), "You are still eating: wait 1.3 s.");
    const bones = { displayName: "Bones", requiredSkill: null, requiredLevel: 1 };
    assert.equal(refusalWords(refused("NOT_EDIBLE", "eat"), { item: bones }), "Bones is not something you can eat.");
  });

  it("explains refusals of the bank, the shops and trade with where to stand or what is gone", () => {
    const refused = (code: ErrorCode, type: string) => ({ seq: 1, type, ok: false as const, code, message: "x" });
    assert.equal(refusalWords(refused("TOO_FAR", "bank:deposit")), "Stand next to a bank booth to use the bank.");
    assert.equal(refusalWords(refused("TOO_FAR", "shop:buy")), "Stand closer to the shopkeeper to trade.");
    assert.equal(refusalWords(refused("TOO_FAR", "trade:request")), "You are too far apart to trade: walk closer.");
    assert.equal(refusalWords(refused("NOT_FOUND", "trade:request"), { to: "bob" }), "bob is not here to trade with.");
    assert.equal(refusalWords(refused("NOT_ENOUGH_COINS", "shop:buy")), "You do not have enough coins.");
    assert.equal(refusalWords(refused("BUSY", "trade:request")), "One of you is already trading.");
  });

  it("explains refused logins in words: taken name, wrong password, throttled with the wait, banned", () => {
    assert.match(authErrorWords({ status: 409, code: "USERNAME_TAKEN", message: "" }), /name is taken/);
    assert.equal(authErrorWords({ status: 401, code: "INVALID_CREDENTIALS", message: "" }), "Wrong username or password.");
    assert.match(authErrorWords({ status: 429, code: "TOO_MANY_ATTEMPTS", message: "", retryAfterS: 540 }), /wait 540 s/);
    assert.match(authErrorWords({ status: 403, code: "BANNED", message: "cheating" }), /banned: cheating/);
  });

  it("explains every kick reason", () => {
    for (const reason of KICK_REASONS) assert.doesNotMatch(kickWords(reason), /disconnected \(/, reason);
  });
});

describe("skillProgress", () => {
  it("measures the way from this level's XP to the next level's with the shared XP table", () => {
    assert.deepEqual(skillProgress(1, 0), { level: 1, xp: 0, nextLevelXp: 83, fraction: 0 });
    const ten = skillProgress(10, 1154 + (1358 - 1154) / 2);
    assert.equal(ten.nextLevelXp, 1358);
    assert.equal(ten.fraction, 0.5);
    assert.deepEqual(skillProgress(99, 13_034_431), { level: 99, xp: 13_034_431, nextLevelXp: null, fraction: 1 });
  });
});
