import { Protocol, type Room } from "@colyseus/sdk";
import type { CommandResult } from "../../src/protocol/index.js";
import type { BotStats } from "./botStats.js";

export type { CommandResult };


interface Pending {
  type: string;
  sentAt: number;
  resolve: (result: CommandResult | null) => void;
  timer: NodeJS.Timeout | null;
}

const PROTOCOL_CODE_MASK = 31;

/**
 * Sends commands with a fresh `seq` over one room and matches each `result` to its command: latency
 * (send to result) and the result code go to `stats`. A command whose result has not come when the room
 * closes, or within `timeoutMs`, resolves null and counts as `noResult`.
 */
export class CommandChannel {
  private seq = 1;
  private readonly pending = new Map<number, Pending>();
  /** When the last command of each type that came back ok was sent (the bot's clock). */
  private readonly lastOkSentAt = new Map<string, number>();
  closed = false;

  /**
   * `cooldownMsOf` (the server's cooldown per command type), when given, sorts `RATE_LIMITED` results: one
   * for a command sent at least a cooldown after the last accepted one of its type is counted in
   * `stats.rateLimitedSentLate` (the server refused it for its own delay, not for the client's haste).
   */
  constructor(
    readonly room: Room,
    private readonly stats: BotStats,
    private readonly timeoutMs = 30_000,
    private readonly cooldownMsOf?: (type: string) => number,
  ) {
    room.onMessage("result", (result: CommandResult) => this.onResult(result));
    room.onLeave(() => this.close());
  }

  get inFlight(): number {
    return this.pending.size;
  }

  send(type: string, payload: Record<string, unknown> = {}): Promise<CommandResult | null> {
    if (this.closed) return Promise.resolve(null);
    const seq = this.seq++;
    return new Promise((resolve) => {
      const timer = this.timeoutMs > 0 ? setTimeout(() => this.expire(seq), this.timeoutMs) : null;
      this.pending.set(seq, { type, sentAt: performance.now(), resolve, timer });
      this.stats.recordSent(type);
      this.room.send(type, { ...payload, seq });
    });
  }

  /** Every command in flight resolves null (noResult). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const seq of [...this.pending.keys()]) this.expire(seq);
  }

  private expire(seq: number): void {
    const p = this.pending.get(seq);
    if (!p) return;
    this.pending.delete(seq);
    if (p.timer) clearTimeout(p.timer);
    this.stats.noResult++;
    p.resolve(null);
  }

  private onResult(result: CommandResult): void {
    if (typeof result?.seq !== "number") return;
    const p = this.pending.get(result.seq);
    if (!p) return;
    this.pending.delete(result.seq);
    if (p.timer) clearTimeout(p.timer);
    this.stats.recordResult(p.type, result.ok ? "ok" : result.code, performance.now() - p.sentAt, p.sentAt);
    if (result.ok) this.lastOkSentAt.set(p.type, Math.max(p.sentAt, this.lastOkSentAt.get(p.type) ?? 0));
    else if (result.code === "RATE_LIMITED" && this.cooldownMsOf) {
      const last = this.lastOkSentAt.get(p.type);
      if (last !== undefined && p.sentAt - last >= this.cooldownMsOf(p.type) && p.sentAt >= this.stats.windowStartedAt) this.stats.rateLimitedSentLate++;
    }
    p.resolve(result);
  }
}

/**
 * Counts the bytes a room's WebSocket receives (all frames, and state patches alone) into `stats`. With
 * `decodePatches` true the SDK decodes every patch as a real client does; false (or after the returned
 * `stopDecoding`) state patches are counted but no longer decoded: the bot keeps the state it had, which
 * saves the bots' CPU when they run on the server's machine. Decoding cannot resume (patches were missed).
 */
export function meterRoom(room: Room, stats: BotStats, decodePatches: boolean): { stopDecoding: () => void } {
  const ws = (room.connection.transport as unknown as { ws?: { addEventListener?: (t: string, f: (e: { data: unknown }) => void) => void } }).ws;
  if (ws?.addEventListener) {
    stats.countedClients++;
    ws.addEventListener("message", (event) => {
      const data = event.data;
      const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : null;
      if (!bytes || bytes.byteLength === 0) return;
      stats.bytesReceived += bytes.byteLength;
      if ((bytes[0]! & PROTOCOL_CODE_MASK) === Protocol.ROOM_STATE_PATCH) stats.patchBytes += bytes.byteLength;
    });
  }
  const stopDecoding = () => {
    const serializer = (room as unknown as { serializer?: { patch?: (...args: unknown[]) => unknown } }).serializer;
    if (serializer) serializer.patch = () => undefined;
  };
  if (!decodePatches) stopDecoding();
  return { stopDecoding };
}
