import { Router } from "express";
import type { GameRules } from "../config/config.js";
import type { PublicRules } from "../protocol/index.js";

/** The rule numbers a client needs (PROTOCOL `GET /rules`), read from the typed configuration. */
export function publicRulesOf(rules: GameRules): PublicRules {
  return {
    gameTickMs: rules.gameTickMs,
    moveCooldownMs: rules.moveCooldownMs,
    commandCooldownMs: rules.commandCooldownMs,
    eatCooldownMs: rules.eatCooldownMs,
    eatSwingDelayTicks: rules.eatSwingDelayTicks,
    chatCooldownMs: rules.chatCooldownMs,
    maxMessagesPerSecond: rules.maxMessagesPerSecond,
    respawnDelayMs: rules.respawnDelayMs,
    reconnectWindowS: rules.reconnectWindowS,
    hpRegenIntervalMs: rules.hpRegenIntervalMs,
    hpRegenAmount: rules.hpRegenAmount,
    areaOfInterestTiles: rules.areaOfInterestTiles,
    inventorySlots: rules.inventorySlots,
    maxLevel: rules.maxLevel,
    maxXp: rules.maxXp,
    npcRespawnScale: rules.npcRespawnScale,
    groundItemTimerScale: rules.groundItemTimerScale,
    bankSlots: rules.bankSlots,
    bankReachTiles: rules.bankReachTiles,
    shopReachTiles: rules.shopReachTiles,
    tradeReachTiles: rules.tradeReachTiles,
    gatherAttemptTicks: rules.gatherAttemptTicks,
  };
}

/** GET /rules: `200` the server's PublicRules (public, no token; constant while the process runs). */
export function rulesRoute(rules: GameRules): Router {
  const router = Router();
  const body = JSON.stringify(publicRulesOf(rules));
  router.get("/rules", (_req, res) => {
    res.setHeader("Cache-Control", "public, max-age=60");
    res.type("application/json").send(body);
  });
  return router;
}
