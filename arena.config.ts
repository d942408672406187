import config from "@colyseus/tools";
import express from "express";
import type { Config } from "./src/config/config.js";
import { healthRoute } from "./src/http/healthRoute.js";
import type { Logger } from "./src/logger.js";
import { MapRoom } from "./src/rooms/MapRoom.js";
import { connectStores, type Stores } from "./src/state/connectStores.js";
import { initGameStateManager, type GameStateManager } from "./src/state/GameStateManager.js";
import { SyncScheduler } from "./src/state/SyncScheduler.js";

/** What a running server holds; tests reach the GSM through it. */
export interface Runtime {
  stores: Stores | null;
  gsm: GameStateManager | null;
  scheduler: SyncScheduler | null;
}

/**
 * The `@colyseus/tools` configuration: the only place that wires stores, services and rooms together.
 * Stores connect (and migrate, seed and recover) in `beforeListen`, so a server that cannot reach them
 * never listens.
 */
export function createArena(cfg: Config, log: Logger) {
  const runtime: Runtime = { stores: null, gsm: null, scheduler: null };
  const arena = config({
    displayLogs: false,
    options: { greet: false, publicAddress: cfg.publicAddress },
    initializeGameServer: (gameServer) => {
      gameServer.define("map", MapRoom).filterBy(["mapId"]);
      gameServer.onShutdown(async () => {
        await runtime.scheduler?.stop();
        if (runtime.gsm) {
          const saved = await runtime.gsm.syncAllOnShutdown();
          log.info({ saved }, "saved every player on shutdown");
        }
        await runtime.stores?.close();
      });
    },
    initializeExpress: (app) => {
      app.use(express.json({ limit: "16kb" }));
      app.get("/health", healthRoute(() => runtime.gsm));
    },
    // @colyseus/tools awaits beforeListen although its type says void.
    // eslint-disable-next-line @typescript-eslint/no-misused-promises
    beforeListen: async () => {
      const stores = await connectStores(cfg);
      runtime.stores = stores;
      if (stores.migrationsApplied.length > 0) log.info({ applied: stores.migrationsApplied }, "migrations applied");
      const gsm = initGameStateManager({
        valkey: stores.valkey,
        prisma: stores.prisma,
        syncBatchSize: cfg.sync.batchSize,
        syncTimeoutMs: cfg.sync.timeoutMs,
      });
      runtime.gsm = gsm;
      const recovered = await gsm.recover();
      if (recovered.players > 0 || recovered.ground_items > 0) log.info({ recovered }, "flushed state left by a previous process");
      runtime.scheduler = new SyncScheduler(gsm, cfg.sync.intervalMs, log);
      runtime.scheduler.start();
    },
  });
  return { arena, runtime };
}
