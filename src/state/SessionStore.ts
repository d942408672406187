import type { Valkey } from "iovalkey";
import { keys } from "./keys.js";
import type { Scripts } from "./scripts.js";

/** Why an account's older tokens stop working, as a join refuses them (AuthService's codes). */
export interface TokenRevocation {
  /** Tokens of a lower token version are refused. */
  belowVersion: number;
  code: "UNAUTHORIZED" | "BANNED";
  message: string;
}

/** How long a revocation is kept: far longer than a join takes between reading the account and its session check. */
const REVOCATION_TTL_S = 600;

export interface SessionClaim {
  /** Fencing token of the new session: larger than every earlier session's of that player. */
  token: number;
  /** The session this claim replaced (still connected somewhere, or left by a dead process). */
  previous: { id: string; owner: string } | null;
  /** The account's latest token revocation (see `revokeTokens`), read in the same step as the claim. */
  revocation: TokenRevocation | null;
}

/** A session this process claimed and has not seen end. */
export interface HeldSession {
  playerId: number;
  sessionId: string;
  token: number;
}

/**
 * One live session per account across every process: a lease in Valkey (`session:{playerId}`) that its
 * owner renews, with a fencing token from one counter that never goes backwards (see claimSession.lua). A
 * process that dies stops renewing, and its sessions expire after `ttlMs`.
 *
 * The store also remembers the sessions this process claimed (`held`), so that shutdown and the loss
 * handling act only on sessions that are still this process's.
 */
export class SessionStore {
  private readonly held = new Map<number, HeldSession>();
  private readonly endedByLoss = new Set<string>();

  constructor(
    private readonly valkey: Valkey,
    private readonly scripts: Scripts,
    /** Checks whether Valkey lost its data (and handles it); true when it did. */
    private readonly checkForLoss: () => Promise<boolean> = () => Promise.resolve(false),
  ) {}

  /**
   * Makes `sessionId` the player's live session (one request). With the claim comes the account's latest
   * token revocation: a join that listens for kicks before it claims learns of every revocation, either
   * here (recorded before the claim) or by a kick of this session (recorded after: its kick finds it).
   */
  async claim(playerId: number, sessionId: string, owner: string, ttlMs: number): Promise<SessionClaim> {
    const [token, previousId, previousOwner, revoked] = (await this.scripts.run(
      "claimSession",
      [keys.session(playerId), keys.sessionFence(), keys.revokedTokens(playerId)],
      [sessionId, owner, ttlMs],
    )) as [string, string | null, string | null, string | null];
    this.held.set(playerId, { playerId, sessionId, token: Number(token) });
    return {
      token: Number(token),
      previous: previousId ? { id: previousId, owner: previousOwner ?? "" } : null,
      revocation: revoked ? (JSON.parse(revoked) as TokenRevocation) : null,
    };
  }

  /**
   * Renews the lease; false when the session is no longer the live one. When the lease is gone because
   * Valkey lost its data, the loss handling ends the session (with its own reason), and this answers true so
   * that the caller does not end it a second time.
   */
  async renew(playerId: number, sessionId: string, ttlMs: number): Promise<boolean> {
    const result = await this.scripts.run("touchSession", [keys.session(playerId)], [sessionId, ttlMs]);
    if (result === 1) return true;
    if (result === -1 && !this.endedByLoss.has(sessionId)) await this.checkForLoss();
    return this.endedByLoss.has(sessionId);
  }

  /** Ends the lease if `sessionId` still holds it. */
  async release(playerId: number, sessionId: string): Promise<boolean> {
    this.forget(playerId, sessionId);
    return (await this.scripts.run("touchSession", [keys.session(playerId)], [sessionId, "release"])) === 1;
  }

  /** Records that a session has saved and ended (kept for a minute, for joins that wait on it). */
  async markEnded(sessionId: string): Promise<void> {
    await this.valkey.set(keys.sessionEnded(sessionId), "1", "EX", 60);
  }

  async hasEnded(sessionId: string): Promise<boolean> {
    return (await this.valkey.exists(keys.sessionEnded(sessionId))) === 1;
  }

  /**
   * Records that the account's tokens below `revocation.belowVersion` were revoked (after PostgreSQL has
   * the new token version, before the live session is kicked), so that a join which read the account before
   * the change refuses itself when it claims its session (`claim`): see RoomPlayers.join.
   */
  async revokeTokens(playerId: number, revocation: TokenRevocation): Promise<void> {
    await this.valkey.set(keys.revokedTokens(playerId), JSON.stringify(revocation), "EX", REVOCATION_TTL_S);
  }

  /** The account's latest token revocation, if one is kept. */
  async revocation(playerId: number): Promise<TokenRevocation | null> {
    const revoked = await this.valkey.get(keys.revokedTokens(playerId));
    return revoked ? (JSON.parse(revoked) as TokenRevocation) : null;
  }

  /** The live session of a player, with its fencing token. */
  async current(playerId: number): Promise<{ id: string; owner: string; token: number } | null> {
    const [id, owner, token] = await this.valkey.hmget(keys.session(playerId), "id", "owner", "token");
    return id ? { id, owner: owner ?? "", token: Number(token) } : null;
  }

  /** The session this process claimed for the player and has not seen end; undefined when none. */
  heldFor(playerId: number): HeldSession | undefined {
    return this.held.get(playerId);
  }

  /** Forgets a held session (it ended, or another took over). */
  forget(playerId: number, sessionId: string): void {
    if (this.held.get(playerId)?.sessionId === sessionId) this.held.delete(playerId);
    this.endedByLoss.delete(sessionId);
  }

  /** Of `playerIds`, those that have no lease at all (pipelined: one round trip). */
  async withoutLease(playerIds: readonly number[]): Promise<number[]> {
    if (playerIds.length === 0) return [];
    const pipeline = this.valkey.pipeline();
    for (const id of playerIds) pipeline.exists(keys.session(id));
    const replies = (await pipeline.exec()) ?? [];
    return playerIds.filter((_, i) => {
      const [err, exists] = replies[i] ?? [null, 1];
      if (err) throw err;
      return exists === 0;
    });
  }

  /**
   * After a Valkey loss: the held sessions whose lease is gone (one round trip). They are forgotten, and
   * `renew` answers true for them from then on: the loss handling ends them.
   */
  async takeLost(): Promise<HeldSession[]> {
    const sessions = [...this.held.values()];
    if (sessions.length === 0) return [];
    const pipeline = this.valkey.pipeline();
    for (const s of sessions) pipeline.hget(keys.session(s.playerId), "id");
    const replies = (await pipeline.exec()) ?? [];
    const lost = sessions.filter((s, i) => {
      const [err, live] = replies[i] ?? [null, null];
      if (err) throw err;
      return live !== s.sessionId;
    });
    for (const s of lost) {
      this.held.delete(s.playerId);
      this.endedByLoss.add(s.sessionId);
    }
    return lost;
  }
}
