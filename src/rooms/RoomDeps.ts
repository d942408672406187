import type { Logger } from "pino";
import type { GameRules } from "../config/config.js";
import type { AuthService } from "../services/AuthService.js";
import type { ChatService } from "../services/ChatService.js";
import type { Cooldowns } from "../services/Cooldowns.js";
import type { GameServices } from "../services/createServices.js";
import type { ModerationService } from "../services/ModerationService.js";
import type { MovementService } from "../services/MovementService.js";
import type { PlayerViewService } from "../services/PlayerViewService.js";
import type { WorldService } from "../services/WorldService.js";
import type { RandomSource } from "../services/rules/random.js";
import type { GameStateManager } from "../state/GameStateManager.js";
import type { ChatBus } from "./ChatBus.js";
import type { Admission, AdmissionRefusal } from "./Admission.js";
import type { EventLoopWatch } from "./EventLoopWatch.js";
import type { SessionBroker } from "./SessionBroker.js";

/** Counters the room reports to (the operator's metrics); optional so tests can leave them out. */
export interface RoomMetrics {
  command(type: string, code: string, durationS: number): void;
  playersOnline(mapId: string, count: number): void;
  kick(reason: string): void;
  reconnect(outcome: string): void;
  /** A command could not reach Valkey (it answered UNAVAILABLE). */
  storageError(store: "valkey" | "postgres"): void;
  /** The synchronous part of one world tick (the step and the schema changes). */
  tick?(durationS: number): void;
  /** A tick skipped because the previous one was still storing its results. */
  tickSkipped?(): void;
  /** A join refused with SERVER_FULL: its map is full, or the process past its knee (`Admission`). */
  joinRefused?(reason: "map" | AdmissionRefusal): void;
  /** A trade completed, was cancelled, or had its completion refused (it stays open then). */
  trade?(outcome: "completed" | "cancelled" | "refused"): void;
}

/** What a map room is built from: handed over by arena.config.ts through the room's server-side options. */
export interface RoomDeps {
  gsm: GameStateManager;
  services: GameServices & {
    movement: MovementService;
    auth: AuthService;
    views: PlayerViewService;
    cooldowns: Cooldowns;
    chat: ChatService;
    moderation: ModerationService;
  };
  world: WorldService;
  rules: GameRules;
  broker: () => SessionBroker;
  /** This process's chat hub (presence pub/sub): lines to everyone and to players of any process. */
  chatBus: () => ChatBus;
  /** This process's name in session leases. */
  processId: string;
  sessionTtlMs: number;
  maxPlayersPerMap: number;
  /** This process's event loop: its stalls (message limits) and its lag (admission). */
  loop: EventLoopWatch;
  /** This process's admission control: newcomers refused past its knee. */
  admission: Admission;
  /** Every combat and drop roll of the process (seeded by `COMBAT_RNG_SEED`). */
  random: RandomSource;
  log: Logger;
  metrics?: RoomMetrics;
}
