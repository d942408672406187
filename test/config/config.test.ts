import assert from "node:assert/strict";
import path from "node:path";
import { ConfigError, DATABASE_SKILL_LIMITS, isLoopback, loadConfig } from "../../src/config/config.js";
import { MIGRATIONS_DIR, readMigrations } from "../../src/state/db/migrate.js";

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
    assert.deepEqual([cfg.rules.gameTickMs, cfg.rules.npcRespawnScale, cfg.rules.eatCooldownMs, cfg.rules.eatSwingDelayTicks], [600, 1, 1_800, 3]);
    assert.equal(cfg.combatRngSeed, undefined);
  });

  it("reads the game clock, the NPC respawn scale and the combat seed", () => {
    const cfg = loadConfig({ GAME_TICK_MS: "50", NPC_RESPAWN_SCALE: "0.02", COMBAT_RNG_SEED: "42", EAT_COOLDOWN_MS: "0" });
    assert.deepEqual([cfg.rules.gameTickMs, cfg.rules.npcRespawnScale, cfg.combatRngSeed, cfg.rules.eatCooldownMs], [50, 0.02, 42, 0]);
    for (const [name, value] of [["GAME_TICK_MS", "0"], ["NPC_RESPAWN_SCALE", "-1"], ["COMBAT_RNG_SEED", "1.5"], ["EAT_SWING_DELAY_TICKS", "-3"]]) {
      assert.throws(() => loadConfig({ [name!]: value! }), new RegExp(name!));
    }
  });

  it("reads the bank and shop rules, with the defaults of GAME_RULES", () => {
    const { rules } = loadConfig({ NODE_ENV: "test" });
    assert.deepEqual([rules.bankSlots, rules.bankReachTiles, rules.shopReachTiles, rules.shopRestockMs, rules.shopBuyPercent], [400, 1, 2, 10_000, 40]);
    const custom = loadConfig({ BANK_SLOTS: "6", BANK_REACH_TILES: "2", SHOP_REACH_TILES: "3", SHOP_RESTOCK_MS: "50", SHOP_BUY_PERCENT: "100" }).rules;
    assert.deepEqual([custom.bankSlots, custom.bankReachTiles, custom.shopReachTiles, custom.shopRestockMs, custom.shopBuyPercent], [6, 2, 3, 50, 100]);
    for (const [name, value] of [["BANK_SLOTS", "0"], ["SHOP_RESTOCK_MS", "0"], ["SHOP_BUY_PERCENT", "101"], ["SHOP_REACH_TILES", "-1"], ["BANK_REACH_TILES", "1.5"]]) {
      assert.throws(() => loadConfig({ [name!]: value! }), new RegExp(name!));
    }
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

  it("binds the loopback address by default, and every interface by default in production", () => {
    assert.equal(loadConfig({}).host, "127.0.0.1");
    assert.equal(loadConfig({ NODE_ENV: "test" }).host, "127.0.0.1");
    assert.equal(loadConfig({ NODE_ENV: "production", JWT_SECRET: "a-secret-of-enough-length" }).host, null);
    assert.equal(loadConfig({ HOST: "::1" }).host, "::1");
  });

  it("signs with the development secret only on a loopback address, unless ALLOW_DEV_JWT_SECRET says so", () => {
    const dev = loadConfig({});
    assert.equal(dev.jwtSecretIsDevelopment, true);
    for (const host of ["localhost", "127.0.0.1", "127.1.2.3", "::1", "[::1]"]) assert.equal(loadConfig({ HOST: host }).jwtSecretIsDevelopment, true, host);
    for (const host of ["0.0.0.0", "::", "192.168.1.20", "game.example.org"]) {
      assert.throws(() => loadConfig({ HOST: host }), (err: unknown) => err instanceof ConfigError && /JWT_SECRET: required when the server is reachable from other hosts/.test(err.message), host);
    }
    assert.equal(loadConfig({ HOST: "0.0.0.0", ALLOW_DEV_JWT_SECRET: "1" }).jwtSecretIsDevelopment, true);
    const own = loadConfig({ HOST: "0.0.0.0", JWT_SECRET: "a-secret-of-enough-length" });
    assert.deepEqual([own.jwtSecret, own.jwtSecretIsDevelopment], ["a-secret-of-enough-length", false]);
  });

  it("tells loopback addresses from others", () => {
    for (const host of ["localhost", "LOCALHOST", "127.0.0.1", "127.255.0.9", "::1", "0:0:0:0:0:0:0:1", "[::1]", "::ffff:127.0.0.1"]) assert.equal(isLoopback(host), true, host);
    for (const host of [null, "0.0.0.0", "::", "10.0.0.1", "128.0.0.1", "::2", "example.org", "localhost.example.org"]) assert.equal(isLoopback(host), false, String(host));
  });

  it("defaults the registration limit and the scrypt cost, and bounds the cost", () => {
    const cfg = loadConfig({});
    assert.deepEqual(cfg.registrations, { perAddress: 20, windowS: 3600 });
    assert.equal(cfg.scryptLog2N, 17);
    assert.equal(loadConfig({ REGISTRATIONS_PER_ADDRESS: "0", SCRYPT_LOG2_N: "10" }).registrations.perAddress, 0);
    assert.throws(() => loadConfig({ SCRYPT_LOG2_N: "9" }), /SCRYPT_LOG2_N/);
    assert.throws(() => loadConfig({ SCRYPT_LOG2_N: "21" }), /SCRYPT_LOG2_N/);
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

  it("refuses skill caps above what the database's CHECK constraints accept, naming the key", () => {
    assert.throws(() => loadConfig({ MAX_LEVEL: "100" }), /MAX_LEVEL: at most 99: the database's player_skills_level_check/);
    assert.throws(() => loadConfig({ MAX_XP: "200000001" }), /MAX_XP: at most 200000000: the database's player_skills_xp_check/);
    assert.throws(() => loadConfig({ STARTING_HITPOINTS_LEVEL: "100" }), /STARTING_HITPOINTS_LEVEL/);
    const highest = loadConfig({ MAX_LEVEL: "99", MAX_XP: "200000000" });
    assert.deepEqual([highest.rules.maxLevel, highest.rules.maxXp], [99, 200_000_000]);
  });

  it("takes the skill limits from the migrations' CHECK constraints", async () => {
    const sql = (await readMigrations()).map((m) => m.script).join("\n");
    const level = /player_skills_level_check" CHECK \("level" BETWEEN 1 AND (\d+)\)/.exec(sql);
    const xp = /player_skills_xp_check" CHECK \("xp" BETWEEN 0 AND (\d+)\)/.exec(sql);
    assert.ok(level && xp, `CHECK constraints not found in ${path.relative(process.cwd(), MIGRATIONS_DIR)}`);
    assert.deepEqual({ level: Number(level[1]), xp: Number(xp[1]) }, DATABASE_SKILL_LIMITS);
  });
});
