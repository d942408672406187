import type { Valkey } from "iovalkey";
import type { PrismaClient } from "../generated/prisma/client.js";
import { AuthThrottleStore } from "./AuthThrottleStore.js";
import { BankHotState } from "./BankHotState.js";
import { BatchSync, type SyncCounts } from "./BatchSync.js";
import { GroundItemHotState, type StoredGroundItem } from "./GroundItemHotState.js";
import { GroundItemLoader } from "./GroundItemLoader.js";
import { GroundItemRepository } from "./GroundItemRepository.js";
import { HotStateEpoch, type HotStateLostListener } from "./HotStateEpoch.js";
import { MapRoomLeases } from "./MapRoomLeases.js";
import { MuteStore } from "./MuteStore.js";
import { PlayerFields } from "./PlayerFields.js";
import { PlayerHotState } from "./PlayerHotState.js";
import { PlayerLifecycle, type LoadOptions, type SessionEnd } from "./PlayerLifecycle.js";
import { PlayerRepository } from "./PlayerRepository.js";
import type { PlayerSnapshot } from "./PlayerSnapshot.js";
import { Scripts } from "./scripts.js";
import { SessionStore } from "./SessionStore.js";
import { ShopHotState } from "./ShopHotState.js";
import { SnapshotCache } from "./SnapshotCache.js";
import { StateTransaction, type CommitResult } from "./StateTransaction.js";
import { SyncSnapshotReader } from "./SyncSnapshot.js";
import { SyncWriter } from "./SyncWriter.js";
import type { Bank, GroundItem, Position, Role } from "./types.js";

export interface GameStateManagerOptions {
  valkey: Valkey;
  prisma: PrismaClient;
  /** Milliseconds since the epoch; injected so tests control time. */
  now?: () => number;
  /** Players per statement in a sync (all statements of a sync share one transaction). */
  syncBatchSize?: number;
  /** A sync run that drained at least this many players writes them while it reads them (default 500). */
  syncOverlapFromPlayers?: number;
  syncTimeoutMs?: number;
}

/**
 * The only component that talks to Valkey and PostgreSQL. Online players' state lives in Valkey; every
 * change marks its owner dirty and reaches PostgreSQL by `syncAll`, `syncPlayerToDb` or
 * `syncAllOnShutdown`. Account changes (registration, password, deletion, bans) go to PostgreSQL at once
 * through `accounts`; chat mutes go to PostgreSQL at once and to Valkey through `mutes`.
 *
 * Single fields of a player are read and written through `fields` (PlayerFields): reads of a player that is
 * not loaded fall back to PostgreSQL (read-only); a loaded player is never read from PostgreSQL, so an
 * emptied inventory stays empty; writes to a player that is not loaded throw `PlayerNotLoadedError`. Storage failures surface as the drivers' errors.
 *
 * Multi-key changes go through `transaction()` + `commit()`: one Lua script, atomic across processes.
 *
 * Valkey losing its data (a restart without persistence, a flush) is noticed by every process (`hotState`,
 * see HotStateEpoch): the maps' ground items are loaded again from PostgreSQL, and the sessions whose state
 * was lost are ended (`hotState.onLost`); those players join again from what PostgreSQL holds. Nothing read
 * from the lost data is written after the loss was noticed, and ground item ids are never handed out twice.
 */
export class GameStateManager {
  readonly accounts: PlayerRepository;
  readonly authThrottle: AuthThrottleStore;
  readonly sessions: SessionStore;
  /** The Valkey epoch: `check()` for a loss of Valkey's data, `onLost` for the sessions that ended with it. */
  readonly hotState: HotStateEpoch;
  readonly mapRooms: MapRoomLeases;
  readonly mutes: MuteStore;
  /**
   * Players' banks: `read` (snapshot and bank at one version, for a commit guarded by that version) and `get`.
   * Changes go through `transaction()` (`setBankSlot`, `deleteBankSlot`); a bank is loaded, saved, unloaded
   * and recovered with its player.
   */
  readonly banks: Pick<BankHotState, "read" | "get">;
  /** Shop stock (`read`); changed through `transaction().replaceShopStock`. Valkey only: see ShopHotState. */
  readonly shops: ShopHotState;
  /** One field of a player read or written on its own: admin tools, scripts and tests (see PlayerFields). */
  readonly fields: PlayerFields;
  private readonly scripts: Scripts;
  private readonly players: PlayerHotState;
  private readonly ground: GroundItemHotState;
  private readonly groundLoader: GroundItemLoader;
  private readonly bankState: BankHotState;
  private readonly batchSync: BatchSync;
  private readonly localOnline = new Map<number, string>();
  private readonly snapshots = new SnapshotCache();
  private readonly lifecycle: PlayerLifecycle;
  readonly now: () => number;

  constructor(private readonly options: GameStateManagerOptions) {
    this.now = options.now ?? Date.now;
    this.scripts = new Scripts(options.valkey);
    this.players = new PlayerHotState(options.valkey, this.scripts);
    this.ground = new GroundItemHotState(options.valkey, this.scripts);
    this.accounts = new PlayerRepository(options.prisma);
    this.authThrottle = new AuthThrottleStore(options.valkey);
    const epoch = (this.hotState = new HotStateEpoch(options.valkey, this.scripts, options.prisma, async (next) => {
      await this.groundLoader.reloadAll(next);
      return this.lifecycle.takeLost();
    }));
    this.sessions = new SessionStore(options.valkey, this.scripts, () => epoch.check());
    this.groundLoader = new GroundItemLoader(this.ground, new GroundItemRepository(options.prisma), epoch);
    this.mapRooms = new MapRoomLeases(this.scripts);
    this.mutes = new MuteStore(options.valkey, this.accounts, this.now);
    const banks = new BankHotState(options.valkey, this.scripts, this.accounts);
    this.banks = banks;
    this.bankState = banks;
    this.shops = new ShopHotState(options.valkey);
    const timeoutMs = options.syncTimeoutMs ?? 30_000;
    const writer = new SyncWriter(options.prisma, epoch, { timeoutMs, chunkSize: options.syncBatchSize ?? 2_000 });
    const reader = new SyncSnapshotReader(this.scripts, this.players, this.ground, banks);
    this.batchSync = new BatchSync(options.valkey, this.scripts, epoch, reader, writer, {
      orphanAfterMs: timeoutMs * 2, now: this.now, banks, overlapFromPlayers: options.syncOverlapFromPlayers ?? 500,
    });
    this.fields = new PlayerFields(this.players, this.accounts, (tx) => this.commit(tx));
    this.lifecycle = new PlayerLifecycle(this.players, this.accounts, this.sessions, this.batchSync, epoch, this.localOnline, this.snapshots);
  }

  /** Registers the player online for every process (Valkey) and in this process's cache. */
  async registerOnlinePlayer(playerId: number, username: string): Promise<void> {
    await this.players.register(playerId, username);
    this.localOnline.set(playerId, username);
  }

  async unregisterOnlinePlayer(playerId: number): Promise<void> {
    await this.players.unregister(playerId);
    this.localOnline.delete(playerId);
    this.snapshots.forget(playerId);
  }

  /** True when any process has the player online; players of this process answer from the cache. */
  async isOnline(playerId: number): Promise<boolean> {
    return this.localOnline.has(playerId) || this.players.isRegistered(playerId);
  }

  /** Online players of every process. */
  async getOnlinePlayerIds(): Promise<Set<number>> {
    return this.players.registeredIds();
  }

  /** Online players registered by this process. */
  getLocalOnlinePlayerIds(): Set<number> {
    return new Set(this.localOnline.keys());
  }

  /** Case-insensitive; online players from Valkey, others from PostgreSQL; null when unknown. */
  async getPlayerIdByUsername(username: string): Promise<number | null> {
    const online = await this.players.idByUsername(username);
    if (online !== null) return online;
    return (await this.accounts.findByUsername(username))?.id ?? null;
  }

  /**
   * An online player (of any process) by username, without regard to case, with the username as
   * registered; null when nobody of that name is online. Two Valkey round trips, no query.
   */
  async findOnlinePlayer(username: string): Promise<{ id: number; username: string } | null> {
    const id = await this.players.idByUsername(username);
    if (id === null) return null;
    const registered = await this.players.usernameOf(id);
    return registered === null ? null : { id, username: registered };
  }

  /**
   * An online player's whole state and version (one round trip); null when not loaded. With
   * `{ cached: true }`, this process's own players are answered from a write-through cache kept by
   * `commit` (no round trip). The cache may lag behind other processes' changes, so it is only for reads
   * that end in a commit guarded by `expectPlayer` (whose version check catches a stale snapshot and
   * drops it) or for display right after this process's own commit.
   */
  async readPlayer(playerId: number, options: { cached?: boolean } = {}): Promise<PlayerSnapshot | null> {
    const cached = options.cached ? this.snapshots.get(playerId) : undefined;
    if (cached) return cached;
    const snapshot = await this.players.read(playerId);
    this.snapshots.set(playerId, this.localOnline.has(playerId) ? snapshot : null);
    return snapshot;
  }

  /**
   * One round trip: a loaded player's snapshot and bank at one moment (kept in this process's snapshot cache
   * like `readPlayer`'s); null when the player is not loaded.
   */
  async readPlayerAndBank(playerId: number): Promise<{ player: PlayerSnapshot; bank: Bank } | null> {
    const read = await this.bankState.read(playerId);
    this.snapshots.set(playerId, read && this.localOnline.has(playerId) ? read.player : null);
    return read;
  }

  transaction(): StateTransaction {
    return new StateTransaction();
  }

  /**
   * Applies the transaction atomically (one Lua script, one round trip). Refused, with nothing written,
   * when a guard fails: a version changed, a player is not loaded, a ground item is gone (or, for an added
   * one, exists), or Valkey lost its data since this process last checked (the loss is handled before this
   * returns, so a retry reads what Valkey holds now).
   */
  async commit(tx: StateTransaction): Promise<CommitResult> {
    if (this.hotState.isUnknown) await this.hotState.check();
    const { keys, argv, targets } = tx.build(this.hotState.current);
    const reply = (await this.scripts.run("commit", keys, [argv]).catch((err: unknown) => {
      this.snapshots.afterCommit(tx, false);
      throw err;
    })) as number[];
    this.snapshots.afterCommit(tx, reply[0] === 1);
    if (reply[0] === 1) return reply.length > 1 ? { ok: true, newGroundItemIds: reply.slice(1).map(Number) } : { ok: true };
    const failed = targets[(reply[1] ?? 1) - 1]!;
    if (failed.kind === "epoch") await this.hotState.check();
    if (failed.kind === "groundItemIds") await this.groundLoader.ensureIdCounter();
    return { ok: false, failed };
  }

  /**
   * The role that privileged commands check: the loaded player's, from Valkey (one round trip), so a
   * change by `setRole` from any process applies at once. A loaded player without one yet, or a player
   * who is not loaded, reads it from PostgreSQL (a loaded player then keeps it). Null for an unknown player.
   */
  async getPlayerRole(playerId: number): Promise<Role | null> {
    const hot = await this.players.role(playerId);
    if (hot) return hot;
    const account = await this.accounts.findById(playerId);
    if (!account) return null;
    // Written only when missing: a `setRole` that ran since the read above wins.
    return (await this.players.writeRole(playerId, account.role, false)) ?? account.role;
  }

  /**
   * Sets the role in PostgreSQL, then in Valkey for a loaded player, so the player's next privileged
   * command in any process sees it. Tokens stay valid.
   */
  async setRole(playerId: number, role: Role): Promise<void> {
    await this.accounts.setRole(playerId, role);
    await this.players.writeRole(playerId, role, true);
  }

  /** One Valkey round trip: where a loaded player is (in any process), or null when it is not loaded. */
  async getLoadedPosition(playerId: number): Promise<Position | null> {
    return this.players.position(playerId);
  }

  async getPlayerPosition(playerId: number): Promise<Position | null> {
    const hot = await this.players.position(playerId);
    if (hot) return hot;
    const account = await this.accounts.findById(playerId);
    return account ? { mapId: account.mapId, x: account.x, y: account.y } : null;
  }

  /**
   * A fresh ground item id (for a transaction that adds one): never one that any item had before, in Valkey
   * or in PostgreSQL. When Valkey lost the counter, it is seeded above every id PostgreSQL has seen first.
   */
  allocateGroundItemId(): Promise<number> {
    return this.groundLoader.allocateId();
  }

  /** Adds a ground item with its timers already computed; returns its id. */
  async addGroundItem(item: Omit<GroundItem, "id">): Promise<number> {
    const id = await this.allocateGroundItemId();
    await this.commit(this.transaction().addGroundItem({ ...item, id }));
    return id;
  }

  /** Removes the item from `mapId`; true for exactly one caller ever, across processes. */
  removeGroundItem(groundItemId: number, mapId: string): Promise<boolean> {
    return this.ground.remove(groundItemId, mapId);
  }

  /** The item with the version a check-and-set must present; null when gone. */
  getGroundItem(groundItemId: number): Promise<StoredGroundItem | null> {
    return this.ground.get(groundItemId);
  }

  /** Every item of a map, whatever its visibility (the room's clock and tests use it). */
  async getMapGroundItems(mapId: string): Promise<StoredGroundItem[]> {
    return (await this.ground.listMap(mapId)).items;
  }

  /**
   * Items of `mapId` within `tileRadius` (Chebyshev) of (x, y) that `playerId` may see now: not despawned,
   * and either public or dropped by that player. A null player sees public items only.
   */
  async getVisibleGroundItems(mapId: string, x: number, y: number, playerId: number | null, tileRadius = 32): Promise<StoredGroundItem[]> {
    return this.ground.visible(mapId, { x, y }, playerId, tileRadius, this.now());
  }

  /**
   * Removes the map's despawned items in one round trip that reads only the items due (the map's sorted set
   * by despawn time), atomically against pickups. Returns the items it removed.
   */
  cleanupExpiredGroundItems(mapId: string): Promise<StoredGroundItem[]> {
    return this.ground.removeExpired(mapId, this.now());
  }

  /**
   * Makes sure Valkey holds the map's ground items, loading the saved ones once (after a Valkey restart
   * they survive with their timers), with the map's saved version so that its next saves are accepted.
   * Safe to call from every process at start-up; the map is loaded again whenever Valkey loses its data.
   */
  ensureGroundItemsLoaded(mapId: string): Promise<void> {
    return this.groundLoader.ensureLoaded(mapId);
  }

  /**
   * Loads the player's saved state into Valkey and registers the player online. If Valkey already holds
   * the player (a crashed process left it, or the player is changing maps), that newer copy is kept.
   * Returns false for an unknown player.
   */
  async loadPlayerState(playerId: number, username: string, options: LoadOptions = {}): Promise<boolean> {
    return this.lifecycle.load(playerId, username, options);
  }

  /**
   * Writes the player's current state to PostgreSQL now, in one sync run (one consistent snapshot, one
   * transaction) with everything else that is dirty, so that the ground items and other players its actions
   * changed are saved with it. The run clears the dirty marks it saves; if the write fails they are put back
   * and the error is rethrown. With the session's fencing token, a session that has been replaced by a newer
   * one asks for no save. False when the player was not written (not loaded, or a stale session).
   */
  async syncPlayerToDb(playerId: number, fence?: number): Promise<boolean> {
    return (await this.lifecycle.save([playerId], fence)).has(playerId);
  }

  /**
   * Deletes the player's hot state after a save. Refuses (false) when something changed since the last
   * save, so nothing unsaved is ever deleted: sync again and retry.
   */
  async cleanupPlayerState(playerId: number): Promise<boolean> {
    return (await this.lifecycle.unload(playerId, "")) === "cleaned";
  }

  /** Sync, then clean up, repeating while changes keep landing (bounded); true when unloaded. */
  async saveAndUnloadPlayer(playerId: number, attempts = 3): Promise<boolean> {
    return (await this.lifecycle.endSession(playerId, "", undefined, attempts)) === "unloaded";
  }

  /**
   * The end of a session: saves the player, then unloads it and releases the lease, unless another
   * session has taken the player over ("taken-over": the state is saved and stays hot for the new
   * owner). "busy" when changes kept landing after `attempts` saves (the state stays hot and dirty).
   */
  endSession(playerId: number, sessionId: string, fence?: number, attempts = 3): Promise<SessionEnd> {
    return this.lifecycle.endSession(playerId, sessionId, fence, attempts);
  }

  /**
   * Saves and unloads every player registered online (by any process) that no session holds any more: a
   * leave whose save failed or answered "busy", or the players of a process that died. A player that a
   * session claims meanwhile is left to it. Returns the players unloaded. The sync scheduler calls it.
   */
  unloadAbandoned(): Promise<number[]> {
    return this.lifecycle.unloadAbandoned();
  }

  /** Deletes an account: its hot state (unsaved, on purpose) and its rows. */
  async deletePlayer(playerId: number, username: string): Promise<boolean> {
    await this.players.purge(playerId, username);
    this.lifecycle.forgetLocally(playerId);
    return this.accounts.delete(playerId);
  }

  /**
   * Saves every dirty player and map in one consistent run; see `BatchSync`. Counts by dirty type, and
   * rows by table.
   */
  async syncAll(): Promise<SyncCounts> {
    return (await this.batchSync.sync()).counts;
  }

  /**
   * Shutdown: saves every player this process has online (or `playerIds`) with everything else dirty, in
   * one run, then unloads each one whose session this process still holds (or, holding none, that no
   * session holds): a player another process's session took over stays loaded for it. Returns how many
   * players were saved.
   */
  async syncAllOnShutdown(playerIds: Iterable<number> = this.localOnline.keys()): Promise<number> {
    const saved = await this.lifecycle.endLocalSessions([...playerIds]);
    await this.syncAll();
    return saved;
  }

  /**
   * Start-up recovery: puts back the ids of sync runs that died (any age: pass 0 only when no other
   * process can be mid-sync) and flushes every dirty state left in Valkey to PostgreSQL.
   */
  async recover(orphanAfterMs?: number): Promise<SyncCounts> {
    await this.batchSync.restoreOrphanedRuns(orphanAfterMs);
    return this.syncAll();
  }

  /** Round trips to both stores, for health checks. Never throws. */
  async ping(): Promise<{ valkey: boolean; postgres: boolean }> {
    const [valkey, postgres] = await Promise.all([
      this.options.valkey.ping().then(() => true, () => false),
      this.options.prisma.$queryRaw`SELECT 1`.then(() => true, () => false),
    ]);
    return { valkey, postgres };
  }

}

export { getGameStateManager, initGameStateManager } from "./gameStateManagerInstance.js";
export type { CommitResult, HotStateLostListener, LoadOptions };
