import { createWriteStream } from "node:fs";
import { once } from "node:events";
import WebSocket from "ws";

/** What a process retains after a full garbage collection (process.memoryUsage() of the inspected process). */
export interface RetainedMemory {
  /** V8 heap in use (bytes). */
  heapUsed: number;
  /** Memory of C++ objects bound to JS objects, ArrayBuffers and Buffers included (bytes). */
  external: number;
  /** ArrayBuffers and Buffers alone (bytes; part of `external`). */
  arrayBuffers: number;
  rss: number;
}

/** The `ws://` address Node prints on stderr when started with `--inspect=127.0.0.1:0`. */
export const INSPECTOR_URL = /Debugger listening on (ws:\/\/\S+)/;

/**
 * A Chrome DevTools Protocol session with a Node process started with `--inspect` (the bench's own flag, like
 * `--cpu-prof`: the server reads nothing of it). No domain is enabled, so the session costs the process nothing
 * between the calls.
 */
export class Inspector {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Map<string, (params: unknown) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.on("message", (data) => {
      const msg = JSON.parse((data as Buffer).toString("utf8")) as { id?: number; result?: unknown; error?: { message: string }; method?: string; params?: unknown };
      if (msg.id !== undefined) {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.error) p?.reject(new Error(msg.error.message));
        else p?.resolve(msg.result);
      } else if (msg.method) {
        this.listeners.get(msg.method)?.(msg.params);
      }
    });
    socket.on("close", () => {
      for (const p of this.pending.values()) p.reject(new Error("inspector session closed"));
      this.pending.clear();
    });
  }

  static async connect(url: string, timeoutMs = 10_000): Promise<Inspector> {
    const socket = new WebSocket(url, { perMessageDeflate: false, maxPayload: 1024 ** 3, handshakeTimeout: timeoutMs });
    await once(socket, "open");
    return new Inspector(socket);
  }

  send<T>(method: string, params: Record<string, unknown> = {}, timeoutMs = 60_000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`inspector: ${method} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => (clearTimeout(timer), resolve(v as T)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /**
   * Full garbage collections (two: the second frees what the first one's finalizers and weak callbacks
   * released), then the process's own `process.memoryUsage()`.
   */
  async retained(): Promise<RetainedMemory> {
    await this.send("HeapProfiler.collectGarbage");
    await this.send("HeapProfiler.collectGarbage");
    const r = await this.send<{ result: { value: RetainedMemory } }>("Runtime.evaluate", {
      expression: "(() => { const m = process.memoryUsage(); return { heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, rss: m.rss }; })()",
      returnByValue: true,
    });
    return r.result.value;
  }

  /** Writes a heap snapshot (taken after a full collection, as V8 always does) to `path`. */
  async heapSnapshot(path: string, timeoutMs = 600_000): Promise<void> {
    const out = createWriteStream(path);
    this.listeners.set("HeapProfiler.addHeapSnapshotChunk", (p) => out.write((p as { chunk: string }).chunk));
    try {
      await this.send("HeapProfiler.takeHeapSnapshot", { reportProgress: false }, timeoutMs);
    } finally {
      this.listeners.delete("HeapProfiler.addHeapSnapshotChunk");
      out.end();
      await once(out, "close");
    }
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    this.socket.close();
    await Promise.race([once(this.socket, "close"), new Promise((r) => setTimeout(r, 2_000))]);
  }
}

/** One session: connect to `url`, run `f`, close. */
export async function withInspector<T>(url: string, f: (inspector: Inspector) => Promise<T>): Promise<T> {
  const inspector = await Inspector.connect(url);
  try {
    return await f(inspector);
  } finally {
    await inspector.close();
  }
}
