import { ServerError, type Client } from "@colyseus/core";
import type { MapState } from "../schema/MapState.js";
import { isDueOnTick } from "../services/world/tickSchedule.js";
import type { Account } from "../state/PlayerRepository.js";
import type { PlayerSnapshot } from "../state/PlayerSnapshot.js";
import type { StoredGroundItem } from "../state/GroundItemHotState.js";
import type { ChatDelivery } from "../services/ChatService.js";
import type { Effects } from "./CommandRouter.js";
import { SERVER_MESSAGES, type KickReason } from "../protocol/index.js";
import { joinError } from "./joinGate.js";
import type { RoomDeps } from "./RoomDeps.js";
import { StateMirror } from "./StateMirror.js";

const KICK_WAIT_MS = 5_000;
const GROUND_DESPAWN_MS = 1_000;
/**
 * The room shows the ground item changes it makes itself; a full re-read this often catches the rest
 * (the map's items loaded again from PostgreSQL after Valkey lost its data).
 */
const GROUND_RESYNC_MS = 30_000;

/** Told whenever a player's stored state is shown in the room, and when a player leaves the room's view. */
export interface PlayerWatcher {
  shown(snapshot: PlayerSnapshot): void;
  gone(playerId: number): void;
}

interface Presentee {
  sessionId: string;
  /** Its connection, also while it is being transferred: a kick must reach it until it has left. */
  client: Client;
  /** Fencing token of the session: saves with an older one are refused. */
  fence: number;
  stopListening: () => Promise<void>;
  transferring: boolean;
}

/**
 * The players of one map room: their sessions (one live session per account, kicks across processes),
 * loading and saving their state on join and leave, and mirroring the stored state into the schema
 * after commands and on the room's tick (regeneration, respawns, despawns, lease renewals).
 */
export class RoomPlayers {
  readonly mirror: StateMirror;
  private readonly here = new Map<number, Presentee>();
  private readonly watchers: PlayerWatcher[] = [];
  /** The Valkey epoch the mirror's ground items were read in (see `groundItem`). */
  private groundEpoch: number | null = null;

  constructor(
    private readonly state: MapState,
    private readonly deps: RoomDeps,
    private readonly roomId: string,
    private readonly kick: (playerId: number, reason: KickReason) => void,
  ) {
    this.mirror = new StateMirror(state, deps.rules.areaOfInterestTiles);
  }

  /** Adds watchers of players shown and gone (the room's world, its trades). */
  watch(...watchers: PlayerWatcher[]): void {
    this.watchers.push(...watchers);
  }

  count = () => this.here.size;
  has = (playerId: number) => this.here.has(playerId) && !this.here.get(playerId)!.transferring;
  isDead = (playerId: number) => this.mirror.isDead(playerId);
  clientOf = (playerId: number) => this.here.get(playerId)?.client;

  /**
   * Takes over the account's session (kicking an older one and waiting for its save), loads and shows it.
   * A join that was itself taken over while joining is refused (LOGGED_IN_ELSEWHERE): one session survives.
   * So is one whose account was banned or deleted, or its tokens revoked, after `onAuth` checked the token:
   * such changes record the revocation in Valkey, read with the session claim, so the account itself is read
   * once per join (by `onAuth`).
   *
   * The join listens for kicks of its session before it claims it: every later claim or revocation kicks
   * a session that is already listening, and one recorded earlier is in the claim's reply. So no kick is
   * lost, with one Valkey request for the claim and the revocation.
   */
  async join(client: Client, account: Account): Promise<void> {
    const { gsm, services, broker } = this.deps;
    let kickedWhileJoining: KickReason | null = null;
    const stopListening = await broker().listen(
      account.id,
      (message) => {
        if (message.sessionId !== client.sessionId) return;
        if (this.here.get(account.id)?.sessionId === client.sessionId) this.kick(account.id, message.reason);
        else kickedWhileJoining ??= message.reason;
      },
      () => void this.refresh(account.id, undefined, true).catch((err: unknown) => this.deps.log.error({ err, playerId: account.id }, "refresh failed")),
    );
    let fence: number;
    try {
      const claim = await gsm.sessions.claim(account.id, client.sessionId, this.deps.processId, this.deps.sessionTtlMs);
      fence = claim.token;
      const { revocation } = claim;
      if (revocation && account.tokenVersion < revocation.belowVersion) throw joinError(revocation.code, revocation.message);
      if (claim.previous) await broker().kickAndWait(account.id, claim.previous.id, "LOGGED_IN_ELSEWHERE", KICK_WAIT_MS);
      // Taken over (or banned) since the claim: refused before anything is loaded for it.
      if (kickedWhileJoining) throw await this.refusalWhileJoining(account, kickedWhileJoining);
      await gsm.loadPlayerState(account.id, account.username, { maxHp: (s) => services.hp.computeMaxHp(s) });
    } catch (err) {
      // Nothing is held for this session yet, so no leave will clean up after it: stop listening here.
      await stopListening();
      await this.announceEnded(client.sessionId).catch((e: unknown) => this.deps.log.warn({ err: e, playerId: account.id }, "could not announce the end"));
      throw err;
    }
    // From here on a failed join is cleaned up by the leave that follows it (saved and unloaded).
    this.here.set(account.id, { sessionId: client.sessionId, client, fence, stopListening, transferring: false });
    // Independent reads and the chat subscription at once (none left running when one fails: the leave that
    // follows detaches the chat); the mute notice goes out once chat is attached and the player shown.
    const reading = gsm.readPlayerAndBank(account.id);
    const attaching = this.deps.chatBus().attach(account.id, client.sessionId, (message) => this.mirror.clientOf(account.id)?.send(SERVER_MESSAGES.chat, message));
    const noticing = services.moderation.noticeOnJoin(account.id).catch((err: unknown) => {
      this.deps.log.warn({ err, playerId: account.id }, "could not tell a muted player");
      return null;
    });
    await Promise.allSettled([reading, attaching]);
    const loaded = await reading;
    await attaching;
    if (!loaded) throw new Error(`player ${account.id} vanished while joining`);
    const snapshot = loaded.player;
    this.mirror.add(client, snapshot, services.views.describe(snapshot));
    this.mirror.setBank(account.id, loaded.bank);
    for (const watcher of this.watchers) watcher.shown(snapshot);
    const notice = await noticing;
    if (notice) await this.deliver([notice]).catch((err: unknown) => this.deps.log.warn({ err, playerId: account.id }, "could not tell a muted player"));
    if (kickedWhileJoining) throw await this.refusalWhileJoining(account, kickedWhileJoining);
    this.deps.metrics?.playersOnline(this.state.mapId, this.here.size);
    this.deps.log.info({ playerId: account.id, roomId: this.roomId, mapId: this.state.mapId }, "player joined");
  }

  /**
   * The refusal of a join whose session was kicked while it was joining: a ban, deletion or token change
   * as such (its revocation was recorded before the kick), else LOGGED_IN_ELSEWHERE or the kick's reason.
   */
  private async refusalWhileJoining(account: Account, reason: KickReason): Promise<ServerError> {
    const revocation = await this.deps.gsm.sessions.revocation(account.id).catch(() => null);
    if (revocation && account.tokenVersion < revocation.belowVersion) return joinError(revocation.code, revocation.message);
    return refusedWhileJoining(reason);
  }

  rebind(playerId: number, client: Client): void {
    const presentee = this.here.get(playerId);
    if (presentee) presentee.client = client;
    this.mirror.rebind(playerId, client);
    this.deps.metrics?.reconnect("reconnected");
  }

  /** Saves and unloads the player (unless a newer session took it over) and tells a waiting join. */
  async leave(playerId: number, sessionId: string): Promise<void> {
    const presentee = this.here.get(playerId);
    if (!presentee || presentee.sessionId !== sessionId) return;
    this.here.delete(playerId);
    this.mirror.remove(playerId);
    for (const watcher of this.watchers) watcher.gone(playerId);
    this.deps.services.cooldowns.forget(playerId);
    await this.deps.chatBus().detach(playerId, sessionId);
    await presentee.stopListening();
    try {
      const outcome = await this.deps.gsm.endSession(playerId, sessionId, presentee.fence);
      this.deps.log.info({ playerId, roomId: this.roomId, outcome }, "player left");
    } catch (err) {
      // The state stays hot and dirty in Valkey: the batch sync saves it once storage is back.
      this.deps.log.error({ err, playerId, roomId: this.roomId }, "could not save a leaving player; it stays dirty");
    }
    await this.announceEnded(sessionId).catch((err: unknown) => this.deps.log.warn({ err, playerId }, "could not announce the end"));
    this.deps.metrics?.playersOnline(this.state.mapId, this.here.size);
  }

  private async announceEnded(sessionId: string): Promise<void> {
    await this.deps.gsm.sessions.markEnded(sessionId);
    await this.deps.broker().announceEnded(sessionId);
  }

  /** Shows what a successful command changed and delivers its chat lines. */
  async apply(effects: Effects): Promise<void> {
    await this.deliver(effects.chat);
    await Promise.all([...effects.players].map((id) => (this.here.has(id) ? this.refresh(id, effects.facing) : this.deps.broker().requestRefresh(id))));
    for (const [id, bank] of effects.banks ?? []) this.mirror.setBank(id, bank);
    for (const change of effects.ground) {
      if (change.kind === "removed") this.mirror.removeGroundItem(change.id);
      else if (change.kind === "quantity") this.mirror.setGroundItemQuantity(change.id, change.quantity, change.version);
      else {
        const item = change.item ?? (await this.deps.gsm.getGroundItem(change.id));
        if (item?.mapId === this.state.mapId) this.mirror.upsertGroundItem(item, this.deps.gsm.now());
      }
    }
  }

  /** Sends each message to its player's client (if it is here), after the patch that shows the change behind it. */
  tell(notices: ReadonlyArray<{ to: number; type: string; message: unknown }>): void {
    for (const { to, type, message } of notices) this.clientOf(to)?.send(type, message, { afterNextPatch: true });
  }

  /** Local lines to the clients near their sender in this room; the others through the cluster's chat bus. */
  async deliver(deliveries: readonly ChatDelivery[]): Promise<void> {
    const bus = this.deps.chatBus();
    for (const { audience, message } of deliveries) {
      if (audience.kind === "near") for (const client of this.mirror.clientsNear(audience.playerId)) client.send(SERVER_MESSAGES.chat, message);
      else if (audience.kind === "everyone") await bus.toEveryone(message);
      else await bus.toPlayer(audience.playerId, message);
    }
  }

  /**
   * The room's periodic work on tick `tick` (ticks of `tickMs`): regeneration every `hpRegenIntervalMs`,
   * respawns of dead players on every tick, ground item despawns once a second, lease renewals every third
   * of the lease. Failures are logged per player; the next due tick tries again.
   */
  async runClockJobs(tick: number, tickMs: number): Promise<void> {
    const { rules, services, gsm } = this.deps;
    const due = (periodMs: number) => isDueOnTick(tick, tickMs, periodMs);
    // The players are picked before any work is started: a tick looks at every player, but only those
    // with something to do cost a promise.
    const each = (ids: number[], fn: (id: number) => Promise<unknown>) =>
      Promise.all(ids.map((id) => fn(id).catch((err: unknown) => this.deps.log.warn({ err, playerId: id }, "clock step failed"))));
    const ids = this.mirror.playerIds();
    const jobs: Promise<unknown>[] = [];
    if (due(rules.hpRegenIntervalMs)) {
      jobs.push(each(ids.filter((id) => !this.mirror.isDead(id)), async (id) => {
        const regen = await services.hp.regenerate(id);
        // Nothing to show for a player already at full HP as the room shows it.
        if (regen.ok && !this.mirror.showsHp(id, regen.data)) await this.refresh(id);
      }));
    }
    jobs.push(each(ids.filter((id) => this.mirror.isDead(id)), async (id) => {
      const respawn = await services.hp.respawnIfDue(id, this.deps.world.spawnOf(this.state.mapId));
      if (respawn.ok && respawn.data.respawned) await this.refresh(id);
    }));
    const lost = gsm.hotState.isUnknown || gsm.hotState.current !== this.groundEpoch;
    if (lost || due(GROUND_RESYNC_MS)) jobs.push(this.loadGroundItems().catch((err: unknown) => this.deps.log.warn({ err }, "ground resync failed")));
    else if (due(GROUND_DESPAWN_MS)) jobs.push(this.despawnGroundItems().catch((err: unknown) => this.deps.log.warn({ err }, "ground despawn failed")));
    if (due(Math.max(1_000, Math.floor(this.deps.sessionTtlMs / 3)))) {
      jobs.push(each(ids, async (id) => {
        const presentee = this.here.get(id);
        if (presentee && !(await gsm.sessions.renew(id, presentee.sessionId, this.deps.sessionTtlMs))) this.kick(id, "LOGGED_IN_ELSEWHERE");
      }));
    }
    await Promise.all(jobs);
  }

  /** Re-reads a player of this room; sends `transfer` (after saving) when the player is now on another map. */
  private async refresh(playerId: number, facing?: string, fresh = false): Promise<void> {
    const presentee = this.here.get(playerId);
    if (!presentee || presentee.transferring) return;
    const snapshot = await this.deps.gsm.readPlayer(playerId, { cached: !fresh });
    if (!snapshot) return;
    if (snapshot.position.mapId !== this.state.mapId) {
      presentee.transferring = true;
      const client = this.mirror.clientOf(playerId);
      this.mirror.remove(playerId);
      for (const watcher of this.watchers) watcher.gone(playerId);
      void this.deps.chatBus().detach(playerId, presentee.sessionId).catch((err: unknown) => this.deps.log.warn({ err, playerId }, "could not stop chat"));
      // Not awaited: the command's own result goes out first, then the transfer once the save is done.
      void this.deps.gsm
        .syncPlayerToDb(playerId, presentee.fence)
        .catch((err: unknown) => this.deps.log.error({ err, playerId }, "save before transfer failed; the state stays dirty"))
        .then(() => client?.send(SERVER_MESSAGES.transfer, { ...snapshot.position }, { afterNextPatch: true }));
      return;
    }
    this.mirror.update(snapshot, this.deps.services.views.describe(snapshot), facing);
    for (const watcher of this.watchers) watcher.shown(snapshot);
  }

  /**
   * Reads the map's ground items into the mirror: when the room opens (joins are shown them from it), after
   * Valkey lost its data, and every `GROUND_RESYNC_MS`.
   */
  async loadGroundItems(): Promise<void> {
    const { gsm } = this.deps;
    if (gsm.hotState.isUnknown) await gsm.hotState.check();
    const epoch = gsm.hotState.current;
    await this.despawnGroundItems();
    this.mirror.setGroundItems(await gsm.getMapGroundItems(this.state.mapId), gsm.now());
    this.groundEpoch = epoch;
  }

  /**
   * The mirror's copy of a ground item, for a pickup to plan on: only while the mirror was read in the
   * Valkey epoch this process works in. After a loss, ids of items that were never saved are handed out
   * again and versions start over: a copy from before could match a different item's id and version.
   */
  groundItem(id: number): StoredGroundItem | undefined {
    const { hotState } = this.deps.gsm;
    return !hotState.isUnknown && hotState.current === this.groundEpoch ? this.mirror.groundItem(id) : undefined;
  }

  /** Removes the items due (only those are read) and shows the protections that ended. */
  private async despawnGroundItems(): Promise<void> {
    for (const id of await this.deps.services.groundItems.cleanupExpired(this.state.mapId)) this.mirror.removeGroundItem(id);
    this.mirror.refreshGroundItemViews(this.deps.gsm.now());
  }
}

/** A join whose session was kicked while it was joining (a ban or deletion is refused as such first). */
function refusedWhileJoining(reason: KickReason): ServerError {
  if (reason === "LOGGED_IN_ELSEWHERE") return joinError("LOGGED_IN_ELSEWHERE", "a newer session of this account joined");
  return new ServerError(409, `${reason}: this session was ended while it was joining`);
}
