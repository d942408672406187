import assert from "node:assert/strict";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { loadConfig } from "../../src/config/config.js";
import { rulesRoute } from "../../src/http/rulesRoute.js";
import type { PublicRules } from "../../src/protocol/index.js";

describe("rulesRoute (GET /rules)", () => {
  const cfg = loadConfig({
    NODE_ENV: "test",
    RESPAWN_DELAY_MS: "2500",
    GAME_TICK_MS: "100",
    MOVE_COOLDOWN_MS: "120",
    EAT_COOLDOWN_MS: "900",
    CHAT_COOLDOWN_MS: "300",
    NPC_RESPAWN_SCALE: "0.05",
    INVENTORY_SLOTS: "20",
  });
  let server: Server;
  let base: string;

  before(async () => {
    const app = express();
    app.use(rulesRoute(cfg.rules));
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  it("serves the configured rule numbers a client needs, without a token", async () => {
    const res = await fetch(`${base}/rules`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /application\/json/);
    assert.match(res.headers.get("cache-control") ?? "", /max-age=60/);
    const body = (await res.json()) as PublicRules;
    assert.deepEqual(body, {
      gameTickMs: 100,
      moveCooldownMs: 120,
      commandCooldownMs: cfg.rules.commandCooldownMs,
      eatCooldownMs: 900,
      eatSwingDelayTicks: cfg.rules.eatSwingDelayTicks,
      chatCooldownMs: 300,
      maxMessagesPerSecond: cfg.rules.maxMessagesPerSecond,
      respawnDelayMs: 2500,
      reconnectWindowS: cfg.rules.reconnectWindowS,
      hpRegenIntervalMs: cfg.rules.hpRegenIntervalMs,
      hpRegenAmount: cfg.rules.hpRegenAmount,
      areaOfInterestTiles: cfg.rules.areaOfInterestTiles,
      inventorySlots: 20,
      maxLevel: cfg.rules.maxLevel,
      maxXp: cfg.rules.maxXp,
      npcRespawnScale: 0.05,
      groundItemTimerScale: cfg.rules.groundItemTimerScale,
      bankSlots: 400,
      bankReachTiles: 1,
      shopReachTiles: 2,
      tradeReachTiles: 10,
      gatherAttemptTicks: 4,
    });
    for (const [key, value] of Object.entries(body)) assert.equal(typeof value, "number", key);
  });

  it("serves the defaults of GAME_RULES.md when nothing is configured", async () => {
    const defaults = loadConfig({ NODE_ENV: "test" }).rules;
    const app = express().use(rulesRoute(defaults));
    const other = await new Promise<Server>((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    try {
      const body = (await (await fetch(`http://127.0.0.1:${(other.address() as AddressInfo).port}/rules`)).json()) as PublicRules;
      assert.equal(body.respawnDelayMs, 5_000);
      assert.equal(body.moveCooldownMs, 150);
      assert.equal(body.gameTickMs, 600);
      assert.equal(body.eatCooldownMs, 1_800);
      assert.equal(body.areaOfInterestTiles, 32);
      assert.equal(body.inventorySlots, 28);
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });
});
