import { Router } from "express";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry, Summary } from "prom-client";

import { ITEM_SINKS, ITEM_SOURCES, type ItemSink, type ItemSource } from "../services/ItemFlow.js";
/** Commands take 1-100 ms; the buckets resolve that range and show the tail. */
const COMMAND_BUCKETS_S = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];
const SYNC_BUCKETS_S = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export type StoreName = "valkey" | "postgres";

export interface MetricsOptions {
  /** The `process` label of `rpg_players_online` (default: the pid); tell processes of one host apart. */
  processLabel?: string;
  /** Node's process metrics (CPU, memory, event loop lag, GC); default true. */
  defaultMetrics?: boolean;
}

/**
 * The server's Prometheus metrics in a registry of its own (not prom-client's global one), so tests and
 * several servers in one process each get theirs. Label values must come from closed sets (map ids,
 * known command types, protocol codes, kick reasons): never pass raw client input.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly processLabel: string;
  private readonly playersOnline: Gauge<"map" | "process">;
  private readonly commands: Counter<"type" | "code">;
  private readonly commandDuration: Histogram<"type">;
  private readonly syncDuration: Histogram;
  private readonly syncRows: Counter;
  private readonly storageErrors: Counter<"store">;
  private readonly reconnects: Counter;
  private readonly kicks: Counter<"reason">;
  private readonly joinsRefused: Counter<"reason">;
  private admissionLagMs: () => number = () => 0;
  private readonly itemsCreatedTotal: Counter<"source">;
  private readonly itemsDestroyedTotal: Counter<"source">;
  private readonly tickDuration: Summary;
  private readonly ticksSkipped: Counter;
  private readonly chatMessages: Counter<"channel">;
  private readonly moderationActions: Counter<"action">;
  private readonly tradesTotal: Counter<"outcome">;

  constructor(options: MetricsOptions = {}) {
    this.processLabel = options.processLabel ?? String(process.pid);
    const registers = [this.registry];
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    this.playersOnline = new Gauge({
      name: "rpg_players_online", help: "Players online in this process, by map", labelNames: ["map", "process"], registers,
    });
    this.commands = new Counter({
      name: "rpg_commands_total", help: "Commands answered, by type and result code (ok on success)", labelNames: ["type", "code"], registers,
    });
    this.commandDuration = new Histogram({
      name: "rpg_command_duration_seconds", help: "Time from a command's arrival to its result", labelNames: ["type"],
      buckets: COMMAND_BUCKETS_S, registers,
    });
    this.syncDuration = new Histogram({
      name: "rpg_sync_duration_seconds", help: "Duration of one batch sync to PostgreSQL", buckets: SYNC_BUCKETS_S, registers,
    });
    this.syncRows = new Counter({ name: "rpg_sync_rows_total", help: "Rows written to PostgreSQL by batch syncs", registers });
    this.storageErrors = new Counter({
      name: "rpg_storage_errors_total", help: "Failed storage operations, by store", labelNames: ["store"], registers,
    });
    for (const store of ["valkey", "postgres"] as const) this.storageErrors.inc({ store }, 0);
    this.reconnects = new Counter({ name: "rpg_reconnects_total", help: "Clients that reconnected after a drop", registers });
    this.kicks = new Counter({ name: "rpg_kicks_total", help: "Sessions closed by the server, by reason", labelNames: ["reason"], registers });
    this.joinsRefused = new Counter({
      name: "rpg_joins_refused_total", help: "Joins refused with SERVER_FULL: map (the map is full), players or lag (the process is past its knee)",
      labelNames: ["reason"], registers,
    });
    for (const reason of ["map", "players", "lag"]) this.joinsRefused.inc({ reason }, 0);
    const admissionLagMs = () => this.admissionLagMs();
    new Gauge({
      name: "rpg_admission_lag_seconds", help: "The event loop's sustained lag that admission control compares with ADMISSION_MAX_EVENT_LOOP_LAG_MS",
      registers, collect() { this.set(admissionLagMs() / 1000); },
    });
    this.itemsCreatedTotal = new Counter({
      name: "rpg_items_created_total", help: `Items that entered the world, by source (${ITEM_SOURCES.join(", ")})`, labelNames: ["source"], registers,
    });
    this.itemsDestroyedTotal = new Counter({
      name: "rpg_items_destroyed_total", help: `Items that left the world, by source (${ITEM_SINKS.join(", ")})`, labelNames: ["source"], registers,
    });
    for (const source of ITEM_SOURCES) this.itemsCreatedTotal.inc({ source }, 0);
    for (const source of ITEM_SINKS) this.itemsDestroyedTotal.inc({ source }, 0);
    this.tickDuration = new Summary({
      name: "rpg_tick_duration_seconds", help: "The synchronous part of one world tick (step and schema changes)",
      percentiles: [0.5, 0.9, 0.99], maxAgeSeconds: 60, ageBuckets: 3, registers,
    });
    this.ticksSkipped = new Counter({ name: "rpg_ticks_skipped_total", help: "World ticks skipped while the previous one was storing", registers });
    this.chatMessages = new Counter({
      name: "rpg_chat_messages_total", help: "Chat lines accepted from players, by channel", labelNames: ["channel"], registers,
    });
    for (const channel of ["local", "global", "dm"]) this.chatMessages.inc({ channel }, 0);
    this.moderationActions = new Counter({
      name: "rpg_moderation_actions_total", help: "Moderation actions taken (mute, unmute, kick, announce)", labelNames: ["action"], registers,
    });
    for (const action of ["mute", "unmute", "kick", "announce"]) this.moderationActions.inc({ action }, 0);
    this.tradesTotal = new Counter({
      name: "rpg_trades_total",
      help: "Player trades by outcome: completed, cancelled, or refused (a completion refused; the trade stays open)",
      labelNames: ["outcome"], registers,
    });
    for (const outcome of ["completed", "cancelled", "refused"]) this.tradesTotal.inc({ outcome }, 0);
  }

  /** Counts `quantity` items that entered the world through `source`. */
  itemsCreated(source: ItemSource, quantity: number): void {
    if (quantity > 0) this.itemsCreatedTotal.inc({ source }, quantity);
  }

  /** Counts `quantity` items that left the world through `source`. */
  itemsDestroyed(source: ItemSink, quantity: number): void {
    if (quantity > 0) this.itemsDestroyedTotal.inc({ source }, quantity);
  }

  /** Records the synchronous cost of one world tick. */
  tick(durationS: number): void {
    this.tickDuration.observe(durationS);
  }

  tickSkipped(): void {
    this.ticksSkipped.inc();
  }

  /** Sets the number of players this process has online on `mapId`. */
  setPlayersOnline(mapId: string, count: number): void {
    this.playersOnline.set({ map: mapId, process: this.processLabel }, count);
  }

  /** Drops the map's `rpg_players_online` series (its room closed). */
  clearPlayersOnline(mapId: string): void {
    this.playersOnline.remove({ map: mapId, process: this.processLabel });
  }

  /** Counts one answered command with its result `code` ("ok" on success) and records its duration. */
  recordCommand(type: string, code: string, durationS: number): void {
    this.commands.inc({ type, code });
    this.commandDuration.observe({ type }, durationS);
  }

  /** Starts timing a command; call the returned function once with the result code ("ok" on success). */
  startCommand(type: string): (code: string) => void {
    const startNs = process.hrtime.bigint();
    return (code) => this.recordCommand(type, code, Number(process.hrtime.bigint() - startNs) / 1e9);
  }

  /** Records one batch sync: its duration and the rows it wrote. */
  recordSync(durationS: number, rows: number): void {
    this.syncDuration.observe(durationS);
    if (rows > 0) this.syncRows.inc(rows);
  }

  storageError(store: StoreName): void {
    this.storageErrors.inc({ store });
  }

  reconnect(): void {
    this.reconnects.inc();
  }

  kick(reason: string): void {
    this.kicks.inc({ reason });
  }

  /** Counts one join refused with SERVER_FULL, by why: `map`, `players` or `lag`. */
  joinRefused(reason: string): void {
    this.joinsRefused.inc({ reason });
  }

  /** Where `rpg_admission_lag_seconds` reads the lag admission control looks at (`EventLoopWatch.lagMs`). */
  watchAdmissionLag(lagMs: () => number): void {
    this.admissionLagMs = lagMs;
  }

  /** Counts one chat line accepted from a player on `channel` (local, global or dm). */
  chatMessage(channel: string): void {
    this.chatMessages.inc({ channel });
  }

  /** Counts one moderation action (mute, unmute, kick, announce). */
  moderationAction(action: string): void {
    this.moderationActions.inc({ action });
  }

  /** Counts one trade completed, cancelled, or whose completion was refused. */
  trade(outcome: "completed" | "cancelled" | "refused"): void {
    this.tradesTotal.inc({ outcome });
  }

  /** The Prometheus text exposition of every metric. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

/** GET /metrics: the Prometheus text of `metrics`. */
export function metricsRoute(metrics: Metrics): Router {
  const router = Router();
  router.get("/metrics", async (_req, res) => {
    res.setHeader("Content-Type", metrics.contentType);
    res.send(await metrics.text());
  });
  return router;
}
