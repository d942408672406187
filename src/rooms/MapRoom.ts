import { performance } from "node:perf_hooks";
import { CloseCode, getMessageBytes, Protocol, Room, type SchemaSerializer, type Client, type ClientPrivate, type Deferred } from "@colyseus/core";
import { MapState } from "../schema/MapState.js";
import type { Account } from "../state/PlayerRepository.js";
import { CommandQueue } from "./CommandQueue.js";
import { CommandRouter } from "./CommandRouter.js";
import { corked } from "./corked.js";
import { CLOSE_KICKED, CLOSE_SHUTDOWN, isCommandType, SERVER_MESSAGES, seqOf, type KickedMessage, type KickReason } from "../protocol/index.js";
import { admitJoin, joinError, refuseNewcomerPastKnee, type AdmittedAccount } from "./joinGate.js";
import { MapRoomLease } from "./MapRoomLease.js";
import { MessageBudget } from "./MessageBudget.js";
import type { RoomDeps } from "./RoomDeps.js";
import { RoomPlayers } from "./RoomPlayers.js";
import { RoomTrades } from "./RoomTrades.js";
import { WorldDriver } from "./WorldDriver.js";
import { TradeBook } from "../services/trade/TradeBook.js";
import { createMapWorld } from "../services/world/createMapWorld.js";
import { SharedOnceSerializer } from "./SharedOnceSerializer.js";

/** `deps` comes from the server-side options (arena.config.ts), which win over the client's. */
export interface MapRoomOptions {
  mapId?: unknown;
  deps: RoomDeps;
}

/** `readyState` of a closed WebSocket. */
const SOCKET_CLOSED = 3;

interface Seat {
  account: Account;
  /** Set once `onJoin` has completed: a failed join never waits for a reconnection. */
  joined: boolean;
  /** The client's commands, one at a time in arrival order (kept across a reconnection). */
  commands: CommandQueue;
}

/**
 * One room per map in the whole cluster, filtered by `mapId`. Thin: joins are checked before a room is
 * found or created (`MapRoom.withDeps`'s static `onAuth`); the room holds its map's lease, hands each
 * message to the CommandRouter (which validates and calls the services), each join and leave to
 * RoomPlayers (which keeps the schema in step with the stored state), and its one clock to the WorldDriver
 * (which steps the map's world every `GAME_TICK_MS`).
 */
export class MapRoom extends Room<{ state: MapState; client: Client<{ userData: Seat; auth: Account }> }> {
  override state = new MapState();
  private deps!: RoomDeps;
  private players!: RoomPlayers;
  private router!: CommandRouter;
  private trades!: RoomTrades;
  private lease: MapRoomLease | null = null;
  private leaveAdmission: (() => void) | null = null;
  private joining = 0;
  private readonly reconnections = new Map<number, Deferred<Client>>();

  /** The room class to define: its static `onAuth` checks every join against `deps` (see `admitJoin`). */
  static withDeps(deps: () => RoomDeps): typeof MapRoom {
    return class GatedMapRoom extends MapRoom {
      static override onAuth(token: string, options: unknown): Promise<AdmittedAccount> {
        return admitJoin(deps(), token, options);
      }
    };
  }

  /** Each client's patch and the messages sent after it leave in one write (see `corked`). */
  override broadcastPatch(): boolean {
    return corked(this.clients, () => super.broadcastPatch());
  }

  /** Refuses every join: a map room is defined through `MapRoom.withDeps`. */
  static override onAuth(_token: string, _options: unknown): Promise<Account> {
    return Promise.reject(joinError("UNAUTHORIZED", "this room type was defined without MapRoom.withDeps"));
  }

  override async onCreate(options: MapRoomOptions): Promise<void> {
    this.deps = options.deps;
    // Colyseus made its serializer when the state was assigned: this one takes it over (see SharedOnceSerializer).
    this.setSerializer(SharedOnceSerializer.takeOver((this as unknown as { _serializer: SchemaSerializer<MapState> })._serializer));
    if (typeof options.mapId !== "string" || !this.deps.world.has(options.mapId)) throw joinError("WRONG_MAP", this.deps.world.defaultMap.id);
    const lease = await MapRoomLease.take(this.deps.gsm.mapRooms, options.mapId, this.roomId);
    this.lease = lease;
    this.state.mapId = options.mapId;
    this.players = new RoomPlayers(this.state, this.deps, this.roomId, (id, reason) => this.kick(id, reason));
    this.leaveAdmission = this.deps.admission.register(() => this.players.count() + this.joining);
    const log = this.deps.log.child({ roomId: this.roomId, mapId: this.state.mapId });
    const { services, rules } = this.deps;
    const world = new WorldDriver({
      mapId: this.state.mapId, world: createMapWorld(this.deps.world.get(this.state.mapId), services.npcKinds, services.items, rules),
      players: this.players, services, rules, random: this.deps.random, log, metrics: this.deps.metrics,
    });
    const tradeBook = new TradeBook({ store: services.trades, rules, now: this.deps.gsm.now, onOutcome: (outcome) => this.deps.metrics?.trade?.(outcome) });
    this.trades = new RoomTrades(tradeBook, (notices) => this.players.tell(notices));
    this.players.watch(world, this.trades);
    await this.players.loadGroundItems();
    this.router = new CommandRouter({ ...services, tradeBook, gsm: this.deps.gsm, world, isDead: (id) => this.players.isDead(id),
      groundItemOf: (id) => this.players.groundItem(id), log });
    this.onMessage("*", (client: Client<{ userData: Seat; auth: Account }>, type: unknown, payload: unknown) => {
      // A client message whose type is literally "*" reaches this wildcard with its payload in `type` and
      // Colyseus's send context third (an object with functions, which no client payload can hold).
      const literalStar = typeof (payload as { resolve?: unknown } | undefined)?.resolve === "function";
      const commandType = literalStar ? "*" : String(type);
      const body = literalStar ? type : payload;
      void client.userData?.commands
        .push((arrivedMs, readDelayCreditMs) => this.command(client, commandType, body, arrivedMs, readDelayCreditMs))
        .catch((err: unknown) => this.deps.log.error({ err, roomId: this.roomId }, "command failed"));
    });
    world.start(this.clock);
    lease.renewOn(this.clock, () => void this.lock(), this.deps.log);
  }

  /** The account was checked by `admitJoin` (joinById can still aim at another map's room). */
  override async onJoin(client: Client<{ userData: Seat; auth: Account }>, options: { mapId?: unknown } | undefined, account: AdmittedAccount): Promise<void> {
    if (options?.mapId !== this.state.mapId) throw joinError("WRONG_MAP", String(options?.mapId));
    this.limitMessages(client);
    // Joins still loading count, and so do players in their reconnection window.
    if (this.players.count() + this.joining >= this.deps.maxPlayersPerMap) {
      this.deps.metrics?.joinRefused?.("map");
      throw joinError("SERVER_FULL", "this map is full");
    }
    // Again here: joins admitted at the same moment are counted once each has a seat.
    refuseNewcomerPastKnee(this.deps, account.inWorld);
    this.joining++;
    try {
      const { loop } = this.deps;
      client.userData = { account, joined: false, commands: new CommandQueue(this.deps.services.cooldowns.now, () => loop.readDelayMs(loop.now())) };
      await this.players.join(client, account);
      client.userData.joined = true;
    } finally {
      this.joining--;
    }
  }

  override onDrop(client: Client<{ userData: Seat; auth: Account }>, code?: number): void {
    const { readyState } = client as Client & ClientPrivate;
    const seat = client.userData;
    // Only genuine drops may reconnect: kicks, shutdown, failed joins and closes for an error (4002) are
    // for good. Colyseus also closes with 4002 a connection whose reconnection arrived before the server
    // saw it drop; its socket is not closed yet then (an error close reaches here closed): a genuine drop.
    const genuine = code !== CLOSE_KICKED && code !== CLOSE_SHUTDOWN && (code !== CloseCode.WITH_ERROR || readyState !== SOCKET_CLOSED);
    if (!seat?.joined || !genuine || !this.players.has(seat.account.id)) return;
    const id = seat.account.id;
    this.deps.metrics?.reconnect("dropped");
    this.trades.dropped(id);
    const pending = this.allowReconnection(client, this.deps.rules.reconnectWindowS);
    // Refused at once for a client that closed while still joining; the leave then runs as usual.
    Promise.resolve(pending).catch(() => undefined);
    this.reconnections.set(id, pending);
  }

  override onReconnect(client: Client<{ userData: Seat; auth: Account }>): void {
    const id = client.userData?.account.id;
    if (id === undefined) return;
    this.reconnections.delete(id);
    this.limitMessages(client);
    this.players.rebind(id, client);
  }

  override async onLeave(client: Client<{ userData: Seat; auth: Account }>): Promise<void> {
    const id = client.userData?.account.id;
    if (id === undefined) return;
    this.reconnections.delete(id);
    await this.players.leave(id, client.sessionId);
  }

  override async onDispose(): Promise<void> {
    this.leaveAdmission?.();
    await this.lease?.release().catch((err: unknown) => this.deps.log.warn({ err, roomId: this.roomId }, "could not release the map's lease; it expires"));
  }

  /** Every client is told and closed; each leave saves its player; the room disposes once all are done. */
  override onBeforeShutdown(): void {
    for (const client of this.clients) {
      client.send(SERVER_MESSAGES.kicked, { reason: "SERVER_SHUTDOWN" });
      client.leave(CLOSE_SHUTDOWN);
    }
    for (const pending of this.reconnections.values()) rejectReconnection(pending, "server shutdown");
  }

  private kick(playerId: number, reason: KickReason): void {
    this.deps.metrics?.kick(reason);
    const pending = this.reconnections.get(playerId);
    if (pending) rejectReconnection(pending, `kicked: ${reason}`);
    const client = this.players.clientOf(playerId);
    if (!client) return;
    client.send(SERVER_MESSAGES.kicked, { reason });
    client.leave(CLOSE_KICKED, reason);
  }

  /**
   * Counts every frame of the client's connection against MAX_MESSAGES_PER_SECOND by when it could have
   * arrived (`MessageBudget`), in place of Colyseus's `maxMessagesPerSecond`, which counts by the room
   * clock's last tick and so closes with 4002 a client whose messages waited behind a stalled event loop.
   */
  private limitMessages(client: Client): void {
    const budget = new MessageBudget(this.deps.rules.maxMessagesPerSecond, this.deps.loop);
    const onMessage = () => {
      if (!budget.take()) this.kickFlooding(client);
    };
    client.ref.on("message", onMessage);
  }

  /**
   * Tells the client why, then closes it as a kick (4100, no reconnection). Nothing more of what it sent
   * runs, as when Colyseus drops a client; it may not have acknowledged its join yet (`send` would only
   * queue): write directly.
   */
  private kickFlooding(client: Client): void {
    client.ref.removeAllListeners("message");
    this.deps.metrics?.kick("FLOODING");
    client.raw(getMessageBytes.raw(Protocol.ROOM_DATA, SERVER_MESSAGES.kicked, { reason: "FLOODING" } satisfies KickedMessage));
    client.leave(CLOSE_KICKED, `FLOODING: more than ${this.deps.rules.maxMessagesPerSecond} messages in a second`);
  }

  private async command(client: Client<{ userData: Seat; auth: Account }>, type: string, payload: unknown, arrivedMs: number, readDelayCreditMs: number): Promise<void> {
    const account = client.userData?.account;
    if (!account) return;
    if (!this.players.has(account.id)) {
      // Transferred to another map (or leaving): nothing runs here any more, but every message is answered.
      const seq = seqOf(payload);
      client.send(SERVER_MESSAGES.result, { seq, type, ok: false, code: "UNAVAILABLE", message: "not on this map any more: join the map you were transferred to" });
      return;
    }
    const started = performance.now();
    const { result, effects } = await this.router.handle({ playerId: account.id, username: account.username, role: account.role }, type, payload, arrivedMs, readDelayCreditMs);
    // The change is stored: a failure to show it must not cost the client its result (the room clock and
    // the next command show it).
    if (result.ok) await this.players.apply(effects).catch((err: unknown) => this.deps.log.warn({ err, playerId: account.id, roomId: this.roomId }, "could not show a change"));
    if (effects.trade) this.players.tell(effects.trade);
    client.send(SERVER_MESSAGES.result, result, { afterNextPatch: true });
    const label = isCommandType(type) ? type : "unknown";
    this.deps.metrics?.command(label, result.ok ? "ok" : result.code, (performance.now() - started) / 1000);
    if (!result.ok && result.code === "UNAVAILABLE") this.deps.metrics?.storageError("valkey");
  }
}

function rejectReconnection(pending: Deferred<Client>, why: string): void {
  (pending.reject as (reason: unknown) => void)(new Error(why));
}
