import { Client, type Room } from "@colyseus/sdk";
import type { MapState } from "../../../src/schema/MapState.js";
import {
  CLOSE_KICKED,
  CLOSE_SHUTDOWN,
  SERVER_MESSAGES,
  type AuthResponse,
  type CommandResult,
  type KickedMessage,
  type PlayerInfo,
  type TransferMessage,
} from "../../../src/protocol/index.js";
import { kickWords } from "../logic/refusalWords.js";
import { Emitter } from "./Emitter.js";

export type MapRoom = Room<any, MapState>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What the page keeps for the browser tab's session (sessionStorage), so that a reload plays on. */
interface Saved {
  token: string;
  player: PlayerInfo;
  mapId: string;
  reconnectionToken: string | null;
}

const STORAGE_KEY = "rpg.session";
const COMMAND_TIMEOUT_MS = 10_000;

export type ConnectionStatus = "online" | "reconnecting" | "joining" | "offline";

export interface SessionEvents {
  /** A room was joined (first join, map change, or a new join after a failed reconnection). */
  room: [room: MapRoom];
  /** The connection changed; `words` says what happened for the player. */
  status: [status: ConnectionStatus, words: string];
  /** The session is over (kicked, token refused, connection lost for good): back to the login form. */
  ended: [words: string];
  /** Every server message other than `result`, by type (`transfer`, `kicked`, and those to come). */
  message: [type: string, payload: unknown];
}

/**
 * The player's connection to the game: joins the map room of the server the page came from, answers each
 * command with its `result` (matched by `seq`), follows `transfer` to the next map without a reload,
 * survives a dropped connection with the SDK's reconnection token (and says so), and ends with words on
 * `kicked` or a refused token. The token and the reconnection token are kept for the tab (sessionStorage),
 * so a reload reconnects; `logout` forgets them.
 */
export class GameSession extends Emitter<SessionEvents> {
  readonly client: Client;
  room: MapRoom | null = null;
  private saved: Saved | null;
  private nextSeq = 1;
  private readonly pending = new Map<number, { resolve: (r: CommandResult) => void; timer: ReturnType<typeof setTimeout> }>();
  private readonly abandoned = new WeakSet<CommandResult>();
  private kickedReason: string | null = null;
  private leaving = false;
  private status: ConnectionStatus = "offline";

  constructor(endpoint: string) {
    super();
    this.client = new Client(endpoint);
    this.saved = readSaved();
  }

  /**
   * The room state once the SDK has decoded it (null before the first state after a join: its
   * collections are not there yet).
   */
  get state(): MapState | null {
    const state = this.room?.state as Partial<MapState> | undefined;
    return state?.players && state.groundItems && state.personal ? (state as MapState) : null;
  }

  get player(): PlayerInfo | null {
    return this.saved?.player ?? null;
  }

  get mapId(): string | null {
    return this.saved?.mapId ?? null;
  }

  /** Whether a session of this tab can be resumed (a reload). */
  get canResume(): boolean {
    return this.saved !== null;
  }

  /** Starts playing after a login or registration. */
  async start(auth: AuthResponse): Promise<void> {
    this.saved = { token: auth.token, player: auth.player, mapId: auth.player.mapId, reconnectionToken: null };
    writeSaved(this.saved);
    await this.join(auth.player.mapId);
  }

  /** Plays on after a reload: the reconnection token first, else a fresh join with the kept token. */
  async resume(): Promise<void> {
    const saved = this.saved;
    if (!saved) throw new Error("no session to resume");
    this.client.auth.token = saved.token;
    if (saved.reconnectionToken) {
      this.setStatus("joining", "Reconnecting to your game...");
      try {
        this.adopt((await this.client.reconnect(saved.reconnectionToken)) as MapRoom, saved.mapId);
        return;
      } catch {
        // The seat is gone (reconnection window over, server restarted): join afresh below.
      }
    }
    await this.join(saved.mapId);
  }

  /** Sends a command and resolves with its `result` (an UNAVAILABLE one if none comes in time). */
  send(type: string, payload: Record<string, unknown> = {}): Promise<CommandResult> {
    const seq = this.nextSeq++;
    const room = this.room;
    if (!room) return Promise.resolve({ seq, type, ok: false, code: "UNAVAILABLE", message: "not connected" });
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(seq);
        resolve({ seq, type, ok: false, code: "UNAVAILABLE", message: "the server did not answer" });
      }, COMMAND_TIMEOUT_MS);
      this.pending.set(seq, { resolve, timer });
      room.send(type, { ...payload, seq });
    });
  }

  /**
   * Whether a result is the client's own answer to a command whose room was left before the server
   * answered (a map change, a logout, a lost connection): no news for the player.
   */
  wasAbandoned(result: CommandResult): boolean {
    return this.abandoned.has(result);
  }

  /** Leaves the game and forgets the session of this tab. */
  async logout(): Promise<void> {
    this.saved = null;
    writeSaved(null);
    await this.leaveRoom();
  }

  private async join(mapId: string, redirects = 2): Promise<void> {
    const saved = this.saved;
    if (!saved) return;
    this.client.auth.token = saved.token;
    this.setStatus("joining", `Entering ${mapId}...`);
    try {
      this.adopt((await this.client.joinOrCreate("map", { mapId })) as MapRoom, mapId);
    } catch (err) {
      const { code, text } = joinErrorOf(err);
      const wrongMap = /^WRONG_MAP: (.+)$/.exec(text);
      if (wrongMap?.[1] && redirects > 0) return this.join(wrongMap[1], redirects - 1);
      if (code === 401 || code === 403) return this.end(code === 403 ? "This account is banned." : "Your session has ended: log in again.");
      if (code === 503) return this.end("The map is full: try again later.");
      this.end(`Could not enter the game: ${text || "the server cannot be reached"}.`);
    }
  }

  private adopt(room: MapRoom, mapId: string): void {
    this.room = room;
    this.kickedReason = null;
    this.leaving = false;
    room.reconnection.minUptime = 1_000;
    if (this.saved) {
      this.saved = { ...this.saved, mapId, reconnectionToken: room.reconnectionToken };
      writeSaved(this.saved);
    }
    room.onMessage(SERVER_MESSAGES.result, (result: CommandResult) => this.settle(result));
    room.onMessage("*", (type: string | number, payload: unknown) => {
      if (type === SERVER_MESSAGES.result) return;
      if (type === SERVER_MESSAGES.kicked) this.kickedReason = (payload as KickedMessage).reason;
      this.emit("message", String(type), payload);
      if (type === SERVER_MESSAGES.transfer) void this.transfer(payload as TransferMessage);
    });
    // The SDK reports a drop again after each failed attempt: the player hears it once.
    room.onDrop(() => this.setStatus("reconnecting", "Connection lost: reconnecting with your reconnection token..."));
    room.onReconnect(() => {
      if (this.saved) writeSaved({ ...this.saved, reconnectionToken: room.reconnectionToken });
      this.setStatus("online", "Reconnected: you are back where you were.");
    });
    room.onLeave((code) => void this.onLeave(room, code));
    this.emit("room", room);
    this.setStatus("online", `You are in ${mapId}.`);
  }

  private async transfer(to: TransferMessage): Promise<void> {
    if (this.saved) this.saved = { ...this.saved, mapId: to.mapId, reconnectionToken: null };
    writeSaved(this.saved);
    await this.leaveRoom();
    await this.join(to.mapId);
  }

  private async onLeave(room: MapRoom, code: number): Promise<void> {
    if (room !== this.room) return;
    this.room = null;
    this.failPending("the connection closed");
    if (this.leaving) return;
    if (this.kickedReason !== null || code === CLOSE_KICKED || code === CLOSE_SHUTDOWN) {
      const words = kickWords(this.kickedReason ?? (code === CLOSE_SHUTDOWN ? "SERVER_SHUTDOWN" : "KICKED"));
      this.saved = null;
      writeSaved(null);
      return this.end(words);
    }
    // The SDK could not reconnect in time: a fresh join with the token brings the saved player back.
    if (this.saved) {
      this.setStatus("joining", "Reconnection failed: joining again...");
      await this.join(this.saved.mapId);
    }
  }

  private async leaveRoom(): Promise<void> {
    const room = this.room;
    if (!room) return;
    this.leaving = true;
    this.room = null;
    this.failPending("left the map");
    await room.leave(true).catch(() => undefined);
  }

  private settle(result: CommandResult): void {
    if (result.seq === null) return;
    const waiting = this.pending.get(result.seq);
    if (!waiting) return;
    clearTimeout(waiting.timer);
    this.pending.delete(result.seq);
    waiting.resolve(result);
  }

  private failPending(why: string): void {
    for (const [seq, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      const result: CommandResult = { seq, type: "", ok: false, code: "UNAVAILABLE", message: why };
      this.abandoned.add(result);
      waiting.resolve(result);
    }
    this.pending.clear();
  }

  private setStatus(status: ConnectionStatus, words: string): void {
    if (status === this.status && status === "reconnecting") return;
    this.status = status;
    this.emit("status", status, words);
  }

  private end(words: string): void {
    this.setStatus("offline", words);
    this.emit("ended", words);
  }
}

function joinErrorOf(err: unknown): { code: number; text: string } {
  const e = err as { code?: unknown; message?: unknown };
  return { code: typeof e.code === "number" ? e.code : 0, text: typeof e.message === "string" ? e.message : String(err) };
}

function readSaved(): Saved | null {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? "null") as Saved | null;
    return saved && typeof saved.token === "string" && saved.player ? saved : null;
  } catch {
    return null;
  }
}

function writeSaved(saved: Saved | null): void {
  if (saved) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(saved));
  else sessionStorage.removeItem(STORAGE_KEY);
}
