import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Valkey } from "iovalkey";
import { freePort } from "./server.js";

/**
 * A Redis server of the test's own on a free port (never the shared one), persisting every write to an
 * append-only file in a temp dir so that a restart keeps its data, as a production Valkey would.
 */
export class RedisInstance {
  private child: ChildProcess | null = null;
  private readonly dir = mkdtempSync(path.join(tmpdir(), "rpg-redis-"));

  private constructor(readonly port: number) {}

  static async start(): Promise<RedisInstance> {
    const instance = new RedisInstance(await freePort());
    await instance.up();
    return instance;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    this.child = spawn("redis-server", [
      "--port", String(this.port), "--bind", "127.0.0.1", "--dir", this.dir, "--save", "",
      "--appendonly", "yes", "--appendfsync", "always", "--daemonize", "no", "--logfile", "",
    ], { stdio: "ignore" });
    const client = new Valkey(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on("error", () => undefined);
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        await client.connect();
        await client.ping();
        client.disconnect();
        return;
      } catch {
        if (Date.now() > deadline) throw new Error(`redis on ${this.port} did not start`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  /** Empties the server (FLUSHALL): Valkey loses its data while it keeps running (and keeps its clients). */
  async flushAll(): Promise<void> {
    const client = new Valkey(this.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    client.on("error", () => undefined);
    try {
      await client.connect();
      await client.flushall();
    } finally {
      client.disconnect();
    }
  }

  /** Stops the server (SIGKILL: an abrupt loss of the store). */
  async down(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const exited = once(child, "exit");
    child.kill(signal);
    await exited;
  }

  async close(): Promise<void> {
    await this.down("SIGTERM");
    rmSync(this.dir, { recursive: true, force: true });
  }
}
