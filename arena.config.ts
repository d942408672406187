import "./src/webSocketGlobal.js";
import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import { matchMaker } from "@colyseus/core";
import { RedisDriver } from "@colyseus/redis-driver";
import { RedisPresence } from "@colyseus/redis-presence";
import { Encoder } from "@colyseus/schema";
import config from "@colyseus/tools";
import express from "express";
import type { Config } from "./src/config/config.js";
import { loadMaps } from "./src/content/loadMaps.js";
import { adminRoutes } from "./src/http/adminRoutes.js";
import { authRoutes, httpErrorHandler } from "./src/http/authRoutes.js";
import { clientRoute } from "./src/http/clientRoute.js";
import { healthRoute } from "./src/http/healthRoute.js";
import { HostBoundTransport } from "./src/http/HostBoundTransport.js";
import { itemsRoute } from "./src/http/itemsRoute.js";
import { mapRoutes } from "./src/http/mapRoutes.js";
import { npcsRoute } from "./src/http/npcsRoute.js";
import { resourcesRoute } from "./src/http/resourcesRoute.js";
import { shopsRoute } from "./src/http/shopsRoute.js";
import { rulesRoute } from "./src/http/rulesRoute.js";
import { Metrics, metricsRoute } from "./src/http/metrics.js";
import { monitorRoute } from "./src/http/monitorRoute.js";
import type { Logger } from "./src/logger.js";
import { MapRoom } from "./src/rooms/MapRoom.js";
import type { RoomDeps } from "./src/rooms/RoomDeps.js";
import { SessionBroker } from "./src/rooms/SessionBroker.js";
import { ChatBus } from "./src/rooms/ChatBus.js";
import { Admission } from "./src/rooms/Admission.js";
import { EventLoopWatch } from "./src/rooms/EventLoopWatch.js";
import { AuthService, type AuthKickReason } from "./src/services/AuthService.js";
import { ChatService } from "./src/services/ChatService.js";
import { Cooldowns } from "./src/services/Cooldowns.js";
import { createServices } from "./src/services/createServices.js";
import { ItemService } from "./src/services/ItemService.js";
import type { ItemFlow } from "./src/services/ItemFlow.js";
import { ModerationService } from "./src/services/ModerationService.js";
import { MovementService } from "./src/services/MovementService.js";
import { NpcKindService } from "./src/services/NpcKindService.js";
import { PasswordHasher } from "./src/services/PasswordHasher.js";
import { PlayerViewService } from "./src/services/PlayerViewService.js";
import { randomSource } from "./src/services/rules/random.js";
import { WorldService } from "./src/services/WorldService.js";
import { connectStores, type Stores } from "./src/state/connectStores.js";
import { initGameStateManager, type GameStateManager } from "./src/state/GameStateManager.js";
import { SyncScheduler } from "./src/state/SyncScheduler.js";

const KICK_WAIT_MS = 5_000;

// A map's full state passes the encoder's default 16 KB at about 60 players; every join then re-encodes.
Encoder.BUFFER_SIZE = 256 * 1024;

/** What a running server holds; tests reach the GSM and services through it. */
export interface Runtime {
  stores: Stores | null;
  gsm: GameStateManager | null;
  scheduler: SyncScheduler | null;
  roomDeps: RoomDeps | null;
  auth: AuthService | null;
  metrics: Metrics;
  world: WorldService;
}

/**
 * The `@colyseus/tools` configuration: the only place that wires stores, services, routes and rooms
 * together. Stores connect (and migrate, seed and recover) in `beforeListen`, so a server that cannot
 * reach them never listens; rooms and routes read what they need from `runtime` once it is there.
 */
export function createArena(cfg: Config, log: Logger) {
  const items = new ItemService();
  const npcKinds = new NpcKindService(items);
  const world = new WorldService(loadMaps(cfg.mapsDir), cfg.defaultMap);
  const metrics = new Metrics({ processLabel: cfg.publicAddress ?? String(process.pid) });
  const itemFlow: ItemFlow = {
    created: (source, quantity) => metrics.itemsCreated(source, quantity),
    destroyed: (source, quantity) => metrics.itemsDestroyed(source, quantity),
  };
  const runtime: Runtime = { stores: null, gsm: null, scheduler: null, roomDeps: null, auth: null, metrics, world };
  const loop = new EventLoopWatch();
  const admission = new Admission(cfg.admission, loop, (why) => metrics.joinRefused(why));
  metrics.watchAdmissionLag(() => loop.lagMs());
  const processId = cfg.publicAddress ?? `${process.pid}-${randomUUID().slice(0, 8)}`;
  let broker: SessionBroker | null = null;
  const kick = async (playerId: number, reason: AuthKickReason) => {
    await broker?.kickLiveSession(playerId, reason, KICK_WAIT_MS);
  };
  const auth = () => {
    if (!runtime.auth) throw new Error("the server is still starting");
    return runtime.auth;
  };

  const roomDeps = (): RoomDeps => {
    if (!runtime.roomDeps) throw new Error("the server is still starting");
    return runtime.roomDeps;
  };

  const arena = config({
    displayLogs: false,
    initializeTransport: (options: { server: Server }) => new HostBoundTransport(options, cfg.host),
    options: {
      greet: false,
      publicAddress: cfg.publicAddress,
      ...(cfg.cluster ? { presence: new RedisPresence(cfg.valkeyUrl), driver: new RedisDriver(cfg.valkeyUrl) } : {}),
    },
    initializeGameServer: (gameServer) => {
      // A map's room is opened by the first join (joinOrCreate); `create` only ever asks for a second one.
      matchMaker.controller.exposedMethods = ["joinOrCreate", "join", "joinById", "reconnect"];
      gameServer
        .define("map", MapRoom.withDeps(roomDeps), {
          get deps(): RoomDeps {
            return roomDeps();
          },
        })
        .filterBy(["mapId"]);
      gameServer.onShutdown(async () => {
        loop.stop();
        await runtime.scheduler?.stop();
        if (runtime.gsm) log.info({ saved: await runtime.gsm.syncAllOnShutdown() }, "saved every player on shutdown");
        await runtime.stores?.close();
      });
    },
    initializeExpress: (app) => {
      app.use(express.json({ limit: "16kb" }));
      app.get("/health", healthRoute(() => runtime.gsm));
      app.use(metricsRoute(metrics));
      app.use(itemsRoute(items));
      app.use(mapRoutes(world));
      app.use(npcsRoute(npcKinds));
      app.use(resourcesRoute(items, cfg.rules.npcRespawnScale));
      app.use(lazyRouter(() => shopsRoute(roomDeps().services.shops)));
      app.use(rulesRoute(cfg.rules));
      app.use(lazyRouter(() => authRoutes({ auth: auth(), kick })));
      app.use(lazyRouter(() => adminRoutes({ auth: auth(), kick })));
      app.use(monitorRoute(cfg.monitor, { limiter: () => runtime.auth?.throttle ?? null }));
      app.use(clientRoute());
      app.use(httpErrorHandler(log));
    },
    // @colyseus/tools awaits beforeListen although its type says void.
    // eslint-disable-next-line @typescript-eslint/no-misused-promises
    beforeListen: async () => {
      const stores = await connectStores(cfg);
      runtime.stores = stores;
      logStartup(log, stores);
      const gsm = initGameStateManager({
        valkey: stores.valkey,
        prisma: stores.prisma,
        syncBatchSize: cfg.sync.batchSize,
        syncOverlapFromPlayers: cfg.sync.overlapFromPlayers,
        syncTimeoutMs: cfg.sync.timeoutMs,
      });
      runtime.gsm = gsm;
      // After Valkey lost its data the GSM has loaded the ground items again; the players whose state was
      // lost are ended here and join again from PostgreSQL (README "Faults").
      gsm.hotState.onLost((lost) => {
        log.warn({ playerIds: lost.map((s) => s.playerId) }, "Valkey lost its data: ground items reloaded; ending the sessions whose state was lost");
        for (const { playerId, sessionId } of lost) {
          broker?.kick(playerId, sessionId, "SERVER_SHUTDOWN").catch((err: unknown) => log.warn({ err, playerId }, "could not end a lost session"));
        }
      });
      gsm.hotState.watch((err) => log.warn({ err }, "could not check Valkey for a loss of its data"));
      for (const map of world.all()) await gsm.ensureGroundItemsLoaded(map.id);
      const recovered = await gsm.recover();
      if (recovered.players > 0 || recovered.ground_items > 0) log.info({ recovered }, "flushed state left by a previous process");
      runtime.scheduler = new SyncScheduler(gsm, cfg.sync.intervalMs, log, (run) =>
        run.ok ? metrics.recordSync(run.durationMs / 1000, run.rows) : metrics.storageError("postgres"));
      runtime.scheduler.start();

      broker = new SessionBroker(matchMaker.presence, gsm.sessions);
      const chatBus = new ChatBus(matchMaker.presence);
      await chatBus.start();
      const services = createServices({ gsm, items, npcKinds, rules: cfg.rules, itemFlow, world });
      const hasher = new PasswordHasher({ N: 2 ** cfg.scryptLog2N, r: 8, p: 1 });
      runtime.auth = new AuthService({ gsm, config: cfg, hasher, spawnOf: (m) => world.spawnOf(m), items, itemFlow });
      const admins = await runtime.auth.grantListedAdmins();
      if (admins.granted.length > 0) log.info({ granted: admins.granted }, "ADMIN_USERNAMES: admin role given to existing accounts");
      if (admins.missing.length > 0) {
        log.warn({ missing: admins.missing }, "ADMIN_USERNAMES names accounts that do not exist: nobody gets their role (registering one later grants nothing)");
      }
      const activeBroker = broker;
      runtime.roomDeps = {
        gsm,
        services: {
          ...services,
          movement: new MovementService({ gsm, world, rules: cfg.rules }),
          auth: runtime.auth,
          views: new PlayerViewService(items),
          cooldowns: new Cooldowns(cfg.rules),
          chat: new ChatService({ gsm, rules: cfg.rules, onMessage: (channel) => metrics.chatMessage(channel) }),
          moderation: new ModerationService({
            gsm,
            log,
            kick: (playerId) => activeBroker.kickLiveSession(playerId, "KICKED", KICK_WAIT_MS),
            onAction: (action) => metrics.moderationAction(action),
          }),
        },
        world,
        rules: cfg.rules,
        broker: () => activeBroker,
        chatBus: () => chatBus,
        processId,
        sessionTtlMs: cfg.sessionTtlS * 1000,
        maxPlayersPerMap: cfg.maxPlayersPerMap,
        loop,
        admission,
        random: randomSource(cfg.combatRngSeed),
        log,
        metrics: {
          command: (type, code, durationS) => metrics.recordCommand(type, code, durationS),
          playersOnline: (mapId, count) => metrics.setPlayersOnline(mapId, count),
          kick: (reason) => metrics.kick(reason),
          reconnect: () => metrics.reconnect(),
          storageError: (store) => metrics.storageError(store),
          tick: (durationS) => metrics.tick(durationS),
          tickSkipped: () => metrics.tickSkipped(),
          joinRefused: (reason) => metrics.joinRefused(reason),
          trade: (outcome) => metrics.trade(outcome),
        },
      };
    },
  });
  return { arena, runtime };
}

/** What connecting the stores did, in plain words: an operator reads these lines after `npm start`. */
function logStartup(log: Logger, { database, migrationsApplied, seeded }: Stores): void {
  log.info({ database: database.database, created: database.created }, `database ${database.database} ${database.created ? "created" : "found"}`);
  if (migrationsApplied.length > 0) log.info({ applied: migrationsApplied }, `${migrationsApplied.length} migration(s) applied`);
  else log.info("migrations: none pending");
  log.info({ items: seeded.items, changed: seeded.changed }, `item catalogue seeded: ${seeded.items} items (${seeded.changed} written)`);
}

/** A router built on first use (its services exist only once the stores are connected). */
function lazyRouter(build: () => express.Router): express.RequestHandler {
  let router: express.Router | null = null;
  return (req, res, next) => {
    try {
      router ??= build();
    } catch {
      res.status(503).json({ error: "UNAVAILABLE", message: "the server is still starting" });
      return;
    }
    router(req, res, next);
  };
}
