import type { BatchSync } from "./BatchSync.js";
import { HotStateLostError } from "./errors.js";
import type { HotStateEpoch } from "./HotStateEpoch.js";
import type { PlayerHotState } from "./PlayerHotState.js";
import type { PlayerRepository } from "./PlayerRepository.js";
import type { HeldSession, SessionStore } from "./SessionStore.js";
import type { SnapshotCache } from "./SnapshotCache.js";
import type { PlayerState } from "./types.js";

export interface LoadOptions {
  /** Max HP is derived (a rule), not stored: the caller supplies it for state coming from PostgreSQL. */
  maxHp?: (state: Omit<PlayerState, "hp">) => number;
}

export type SessionEnd = "unloaded" | "taken-over" | "busy";

/**
 * Cleanup guard of a player that this process holds no session for: it is unloaded only while no session
 * at all holds it (a session id never equals this).
 */
const NO_SESSION = "*no-session*";

const LOAD_ATTEMPTS = 3;

/**
 * Loading a player into Valkey, saving it to PostgreSQL and unloading it, for the GameStateManager (whose
 * methods document the guarantees). Keeps this process's registry (`localOnline`), held sessions and
 * snapshot cache in step.
 */
export class PlayerLifecycle {
  constructor(
    private readonly players: PlayerHotState,
    private readonly accounts: PlayerRepository,
    private readonly sessions: SessionStore,
    private readonly batchSync: BatchSync,
    private readonly epoch: HotStateEpoch,
    private readonly localOnline: Map<number, string>,
    private readonly snapshots: SnapshotCache,
  ) {}

  async load(playerId: number, username: string, options: LoadOptions): Promise<boolean> {
    this.snapshots.forget(playerId);
    for (let attempt = 0; attempt < LOAD_ATTEMPTS; attempt++) {
      // After a loss, nothing may be read from PostgreSQL before the loss is fenced (see HotStateEpoch); a
      // loss between this check and the write into Valkey makes the write refuse, and the load starts over.
      await this.epoch.check();
      const epoch = this.epoch.current;
      if (await this.players.isLoaded(playerId)) {
        await this.players.register(playerId, username);
        this.localOnline.set(playerId, username);
        return true;
      }
      const saved = await this.accounts.loadState(playerId);
      if (!saved) return false;
      const { currentHp, ...rest } = saved.state;
      const maxHp = options.maxHp?.(rest) ?? Math.max(currentHp, 1);
      const hp = { currentHp: Math.min(currentHp, maxHp), maxHp };
      if ((await this.players.load({ ...rest, username, hp }, saved.version, epoch, saved.bank)) === "lost") continue;
      this.localOnline.set(playerId, username);
      return true;
    }
    throw new HotStateLostError(`Valkey kept losing its data while player ${playerId} was loaded`);
  }

  /**
   * Saves the players (in one sync run with everything else dirty); returns those written. With a fencing
   * token, a player that a newer session holds is not asked for (the new owner saves it).
   */
  async save(playerIds: readonly number[], fence?: number): Promise<ReadonlySet<number>> {
    if (fence !== undefined && playerIds.length === 1) {
      const live = await this.sessions.current(playerIds[0]!);
      if (live && live.token !== fence) return new Set();
    }
    return (await this.batchSync.sync(playerIds)).saved;
  }

  async endSession(playerId: number, sessionId: string, fence: number | undefined, attempts: number): Promise<SessionEnd> {
    for (let i = 0; i < attempts; i++) {
      await this.save([playerId], fence);
      const outcome = await this.unload(playerId, sessionId);
      if (outcome === "cleaned") return "unloaded";
      if (outcome === "taken") {
        this.forgetLocally(playerId);
        this.sessions.forget(playerId, sessionId);
        return "taken-over";
      }
    }
    return "busy";
  }

  async unload(playerId: number, sessionId: string): Promise<"cleaned" | "dirty" | "taken"> {
    this.snapshots.forget(playerId);
    const outcome = await this.players.cleanup(playerId, sessionId);
    if (outcome === "cleaned") {
      this.localOnline.delete(playerId);
      this.sessions.forget(playerId, sessionId);
    }
    return outcome;
  }

  /**
   * Saves players of this process in one run, then unloads each under the session this process holds for it
   * (or, holding none, only while no session holds it): a player that another session holds now stays
   * loaded for that session. Returns how many were written.
   */
  async endLocalSessions(playerIds: readonly number[]): Promise<number> {
    if (playerIds.length === 0) return 0;
    const saved = await this.save(playerIds);
    for (const playerId of playerIds) {
      const held = this.sessions.heldFor(playerId);
      const sessionId = held?.sessionId ?? NO_SESSION;
      const outcome = await this.unload(playerId, sessionId);
      if (outcome === "dirty") await this.endSession(playerId, sessionId, held?.token, 3);
      this.forgetLocally(playerId);
    }
    return saved.size;
  }

  /**
   * Players registered online whose session is gone (a leave whose save failed or kept finding changes, a
   * process that died): saves them in one run and unloads each one that still has no session. Returns those
   * unloaded.
   */
  async unloadAbandoned(): Promise<number[]> {
    const abandoned = await this.sessions.withoutLease([...(await this.players.registeredIds())]);
    if (abandoned.length === 0) return [];
    await this.save(abandoned);
    const unloaded: number[] = [];
    for (const playerId of abandoned) {
      if ((await this.unload(playerId, NO_SESSION)) !== "cleaned") continue;
      const held = this.sessions.heldFor(playerId);
      if (held) this.sessions.forget(playerId, held.sessionId);
      unloaded.push(playerId);
    }
    return unloaded;
  }

  /**
   * After Valkey lost its data: the sessions of this process whose lease went with it, and this process's
   * players without a session whose state went with it. Both are forgotten here; their players must join
   * again (they load from PostgreSQL).
   */
  async takeLost(): Promise<HeldSession[]> {
    this.snapshots.clear();
    const lost = await this.sessions.takeLost();
    for (const { playerId } of lost) this.localOnline.delete(playerId);
    for (const playerId of [...this.localOnline.keys()]) {
      if (!this.sessions.heldFor(playerId) && !(await this.players.read(playerId))) this.localOnline.delete(playerId);
    }
    return lost;
  }

  forgetLocally(playerId: number): void {
    this.localOnline.delete(playerId);
    this.snapshots.forget(playerId);
  }
}
