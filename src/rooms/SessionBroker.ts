import type { Presence } from "@colyseus/core";
import type { SessionStore } from "../state/SessionStore.js";
import type { KickReason } from "../protocol/index.js";

export interface KickMessage {
  sessionId: string;
  reason: KickReason;
}

const kickChannel = (playerId: number) => `rpg:player:${playerId}:kick`;
const endedChannel = (sessionId: string) => `rpg:session:${sessionId}:ended`;
const refreshChannel = (playerId: number) => `rpg:player:${playerId}:refresh`;

/**
 * Cross-process signalling between sessions, over Colyseus presence (Redis pub/sub in a cluster,
 * in-memory in one process): kicking a player's live session and waiting until it has saved and ended,
 * and asking the room that holds a player to re-read its state.
 */
export class SessionBroker {
  constructor(
    private readonly presence: Presence,
    private readonly sessions: SessionStore,
  ) {}

  /**
   * Asks `sessionId` to end with `reason` and resolves once it has saved and ended, or after `timeoutMs`
   * (its process may be dead; Valkey still holds its newest state). Resolves true when it ended in time.
   */
  async kickAndWait(playerId: number, sessionId: string, reason: KickReason, timeoutMs: number): Promise<boolean> {
    const channel = endedChannel(sessionId);
    let onEnded!: () => void;
    const ended = new Promise<boolean>((resolve) => (onEnded = () => resolve(true)));
    await this.presence.subscribe(channel, onEnded);
    let timer: NodeJS.Timeout | undefined;
    try {
      await this.presence.publish(kickChannel(playerId), { sessionId, reason } satisfies KickMessage);
      // It may have ended before we subscribed (a leave racing this join).
      if (await this.sessions.hasEnded(sessionId)) return true;
      const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
      return await Promise.race([ended, timeout]);
    } finally {
      clearTimeout(timer);
      await this.presence.unsubscribe(channel, onEnded);
    }
  }

  /** Asks `sessionId` to end with `reason`, without waiting for it. */
  async kick(playerId: number, sessionId: string, reason: KickReason): Promise<void> {
    await this.presence.publish(kickChannel(playerId), { sessionId, reason } satisfies KickMessage);
  }

  /** Kicks whatever session the player has now (HTTP: ban, account deletion); resolves once it ended. */
  async kickLiveSession(playerId: number, reason: KickReason, timeoutMs: number): Promise<void> {
    const live = await this.sessions.current(playerId);
    if (live) await this.kickAndWait(playerId, live.id, reason, timeoutMs);
  }

  async announceEnded(sessionId: string): Promise<void> {
    await this.presence.publish(endedChannel(sessionId), {});
  }

  async requestRefresh(playerId: number): Promise<void> {
    await this.presence.publish(refreshChannel(playerId), {});
  }

  /** Listens for kicks and refresh requests of a player held here; resolves once both are heard, with the unsubscribe. */
  async listen(playerId: number, onKick: (message: KickMessage) => void, onRefresh: () => void): Promise<() => Promise<void>> {
    const kick = (message: KickMessage) => onKick(message);
    const refresh = () => onRefresh();
    const stop = async () => {
      await Promise.all([this.presence.unsubscribe(kickChannel(playerId), kick), this.presence.unsubscribe(refreshChannel(playerId), refresh)]);
    };
    // Both at once (one round trip with Redis presence); when one fails, neither is left subscribed.
    const subscribed = await Promise.allSettled([this.presence.subscribe(kickChannel(playerId), kick), this.presence.subscribe(refreshChannel(playerId), refresh)]);
    const failed = subscribed.find((r) => r.status === "rejected");
    if (failed) {
      await stop().catch(() => undefined);
      throw failed.reason;
    }
    return stop;
  }
}
