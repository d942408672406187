import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "../../src/config/config.js";

describe("loadConfig", () => {
  it("gives the documented defaults", () => {
    const cfg = loadConfig({ NODE_ENV: "test" });
    assert.equal(cfg.port, 2567);
    assert.equal(cfg.databaseUrl, "postgresql://postgres@127.0.0.1:5432/rpg");
    assert.equal(cfg.valkeyUrl, "redis://127.0.0.1:6379");
    assert.equal(cfg.sync.intervalMs, 10_000);
    assert.equal(cfg.defaultMap, "town");
    assert.equal(cfg.maxPlayersPerMap, 500);
    assert.equal(cfg.rules.inventorySlots, 28);
    assert.equal(cfg.rules.moveCooldownMs, 150);
    assert.equal(cfg.rules.respawnDelayMs, 5_000);
    assert.equal(cfg.rules.chatCooldownMs, 1_000);
    assert.deepEqual(cfg.rules.chatBlockedWords, []);
    assert.deepEqual(cfg.rules.starterKit.map((e) => e.itemName), ["copper_dagger", "wooden_shield", "coins", "bread"]);
  });

  it("names every invalid variable at once", () => {
    assert.throws(
      () => loadConfig({ PORT: "http", SYNC_INTERVAL_MS: "-5", DATABASE_URL: "not a url", STARTER_KIT: "bread" }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        for (const name of ["PORT", "SYNC_INTERVAL_MS", "DATABASE_URL"]) assert.match(err.message, new RegExp(name));
        return true;
      },
    );
    assert.throws(() => loadConfig({ STARTER_KIT: "bread" }), /STARTER_KIT/);
  });

  it("requires JWT_SECRET in production and has no default there", () => {
    assert.throws(() => loadConfig({ NODE_ENV: "production" }), /JWT_SECRET: required/);
    assert.equal(loadConfig({ NODE_ENV: "production", JWT_SECRET: "a-secret-of-enough-length" }).jwtSecret, "a-secret-of-enough-length");
    assert.ok(loadConfig({ NODE_ENV: "development" }).jwtSecret.length >= 16);
  });

  it("requires a public address in cluster mode", () => {
    assert.throws(() => loadConfig({ CLUSTER: "1" }), /PUBLIC_ADDRESS/);
    assert.equal(loadConfig({ CLUSTER: "1", PUBLIC_ADDRESS: "127.0.0.1:2568" }).cluster, true);
  });

  it("parses lists and overrides", () => {
    const cfg = loadConfig({ ADMIN_USERNAMES: "Alice, bob ,", GROUND_ITEM_TIMER_SCALE: "0.02", MONITOR_PASSWORD: "pw" });
    assert.deepEqual(cfg.adminUsernames, ["alice", "bob"]);
    assert.equal(cfg.rules.groundItemTimerScale, 0.02);
    assert.equal(cfg.monitor.password, "pw");
    const chat = loadConfig({ CHAT_BLOCKED_WORDS: "darn, Heck ,,bad word", CHAT_COOLDOWN_MS: "250" }).rules;
    assert.deepEqual(chat.chatBlockedWords, ["darn", "Heck", "bad word"]);
    assert.equal(chat.chatCooldownMs, 250);
    assert.throws(() => loadConfig({ CHAT_COOLDOWN_MS: "-1" }), /CHAT_COOLDOWN_MS/);
  });
});
