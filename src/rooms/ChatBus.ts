import type { Presence } from "@colyseus/core";
import type { ChatMessage } from "../protocol/index.js";

const everyoneChannel = "rpg:chat:everyone";
const playerChannel = (playerId: number) => `rpg:player:${playerId}:chat`;

/** Sends a chat line to the client of one session (the room resolves its current client). */
export type ChatSink = (message: ChatMessage) => void;

interface Recipient {
  sessionId: string;
  sink: ChatSink;
}

/**
 * Chat across the cluster, over Colyseus presence (Redis pub/sub in a cluster, in-memory in one process):
 * one per process. Lines for everyone go to one channel that every process listens to; lines for one
 * player go to that player's channel, which only the process holding its session listens to. Each
 * process hands what it hears to the sessions attached here. Delivery is at most once: a line published
 * while a player is between processes (a map change) may miss it.
 */
export class ChatBus {
  private readonly recipients = new Map<number, Recipient>();
  /** This process's listener on each attached player's channel: it hands a line to the current session. */
  private readonly listeners = new Map<number, (message: ChatMessage) => void>();
  private listening: Promise<unknown> | null = null;

  constructor(private readonly presence: Presence) {}

  /** Starts listening for lines to everyone (idempotent; `attach` calls it). */
  start(): Promise<unknown> {
    this.listening ??= this.presence.subscribe(everyoneChannel, (message: ChatMessage) => {
      for (const recipient of this.recipients.values()) recipient.sink(message);
    });
    return this.listening;
  }

  /** Delivers lines to this session of the player from now on (instead of an older session's). */
  async attach(playerId: number, sessionId: string, sink: ChatSink): Promise<void> {
    await this.start();
    this.recipients.set(playerId, { sessionId, sink });
    if (this.listeners.has(playerId)) return;
    const listener = (message: ChatMessage) => this.recipients.get(playerId)?.sink(message);
    this.listeners.set(playerId, listener);
    await this.presence.subscribe(playerChannel(playerId), listener);
  }

  /** Stops delivering to the session (nothing happens when a newer session of the player is attached). */
  async detach(playerId: number, sessionId: string): Promise<void> {
    if (this.recipients.get(playerId)?.sessionId !== sessionId) return;
    this.recipients.delete(playerId);
    const listener = this.listeners.get(playerId);
    this.listeners.delete(playerId);
    if (listener) await this.presence.unsubscribe(playerChannel(playerId), listener);
  }

  /** To every online player of every process. */
  async toEveryone(message: ChatMessage): Promise<void> {
    await this.presence.publish(everyoneChannel, message);
  }

  /** To one player, in whichever process holds its session (nobody hears it when the player is offline). */
  async toPlayer(playerId: number, message: ChatMessage): Promise<void> {
    await this.presence.publish(playerChannel(playerId), message);
  }
}
