import type { Valkey } from "iovalkey";
import { keys } from "./keys.js";
import type { Scripts } from "./scripts.js";

export interface SessionClaim {
  /** Fencing token of the new session: larger than every earlier session's of that player. */
  token: number;
  /** The session this claim replaced (still connected somewhere, or left by a dead process). */
  previous: { id: string; owner: string } | null;
}

/**
 * One live session per account across every process: a lease in Valkey (`session:{playerId}`) that its
 * owner renews, with a fencing token from a per-player counter. A process that dies stops renewing, and
 * its sessions expire after `ttlMs`.
 */
export class SessionStore {
  constructor(
    private readonly valkey: Valkey,
    private readonly scripts: Scripts,
  ) {}

  async claim(playerId: number, sessionId: string, owner: string, ttlMs: number): Promise<SessionClaim> {
    const [token, previousId, previousOwner] = (await this.scripts.run(
      "claimSession",
      [keys.session(playerId), keys.sessionFence(playerId)],
      [sessionId, owner, ttlMs],
    )) as [number, string | null, string | null];
    return { token: Number(token), previous: previousId ? { id: previousId, owner: previousOwner ?? "" } : null };
  }

  /** Renews the lease; false when the session is no longer the live one. */
  async renew(playerId: number, sessionId: string, ttlMs: number): Promise<boolean> {
    return (await this.scripts.run("touchSession", [keys.session(playerId)], [sessionId, ttlMs])) === 1;
  }

  /** Ends the lease if `sessionId` still holds it. */
  async release(playerId: number, sessionId: string): Promise<boolean> {
    return (await this.scripts.run("touchSession", [keys.session(playerId)], [sessionId, "release"])) === 1;
  }

  /** Records that a session has saved and ended (kept for a minute, for joins that wait on it). */
  async markEnded(sessionId: string): Promise<void> {
    await this.valkey.set(keys.sessionEnded(sessionId), "1", "EX", 60);
  }

  async hasEnded(sessionId: string): Promise<boolean> {
    return (await this.valkey.exists(keys.sessionEnded(sessionId))) === 1;
  }

  /** The live session of a player, with its fencing token. */
  async current(playerId: number): Promise<{ id: string; owner: string; token: number } | null> {
    const [id, owner, token] = await this.valkey.hmget(keys.session(playerId), "id", "owner", "token");
    return id ? { id, owner: owner ?? "", token: Number(token) } : null;
  }
}
