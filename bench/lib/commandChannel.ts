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
  closed = false;

  constructor(
    readonly room: Room,
    private readonly stats: BotStats,
    private readonly timeoutMs = 30_000,
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
    p.resolve(result);
  }
}

/**
 * Counts the bytes a room's WebSocket receives (all frames, and state patches alone) into `stats`; with
 * `decodePatches` false, state patches are counted but no longer decoded (the bot keeps its first full
 * state only; it saves the bots' CPU when they run on the server's machine).
 */
export function meterRoom(room: Room, stats: BotStats, decodePatches: boolean): void {
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
  if (!decodePatches) {
    const serializer = (room as unknown as { serializer?: { patch?: (...args: unknown[]) => unknown } }).serializer;
    if (serializer) serializer.patch = () => undefined;
  }
}
