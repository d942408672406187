import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Valkey } from "iovalkey";
import { track } from "./children.js";
import { freePort, waitUntil } from "./net.js";

export interface BenchValkey {
  url: string;
  /** True when the bench started its own server (clean INFO counters, nobody else's traffic). */
  private: boolean;
  pid: number | null;
  admin: Valkey;
  stop(): Promise<void>;
}

/**
 * A Valkey/Redis server of the bench's own (`redis-server` or `valkey-server` on a free port, no
 * persistence), so that INFO commandstats and CPU counters see the bench's traffic only. Falls back to
 * `fallbackUrl` (shared, counters polluted by others) when neither binary runs.
 */
export async function startBenchValkey(fallbackUrl: string): Promise<BenchValkey> {
  for (const binary of ["valkey-server", "redis-server"]) {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), "rpg-bench-valkey-"));
    let child: ChildProcess;
    try {
      child = track(spawn(binary, ["--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no", "--dir", dir], {
        stdio: "ignore",
      }));
      await Promise.race([once(child, "spawn"), once(child, "error").then(([err]) => Promise.reject(err as Error))]);
    } catch {
      rmSync(dir, { recursive: true, force: true });
      continue;
    }
    const url = `redis://127.0.0.1:${port}`;
    const admin = new Valkey(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    admin.on("error", () => undefined);
    try {
      await waitUntil(async () => {
        if (admin.status !== "ready") await admin.connect().catch(() => undefined);
        return (await admin.ping()) === "PONG";
      }, `${binary} on ${port}`, 5_000);
    } catch {
      admin.disconnect();
      child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
      continue;
    }
    const pid = child.pid ?? null;
    return {
      url,
      private: true,
      pid,
      admin,
      async stop() {
        admin.disconnect();
        if (child.exitCode === null) {
          child.kill("SIGTERM");
          await Promise.race([once(child, "exit"), new Promise((r) => setTimeout(r, 5_000))]);
          if (child.exitCode === null) child.kill("SIGKILL");
        }
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const admin = new Valkey(fallbackUrl, { maxRetriesPerRequest: 1 });
  return { url: fallbackUrl, private: false, pid: null, admin, stop: () => Promise.resolve(admin.disconnect()) };
}

/** `INFO commandstats` as command name -> calls. */
export async function commandCalls(admin: Valkey): Promise<Map<string, number>> {
  const text = await admin.info("commandstats");
  const calls = new Map<string, number>();
  for (const match of text.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls.set(match[1]!, Number(match[2]));
  return calls;
}

/** The difference `after - before`, without zero entries and without the commands the bench itself sends. */
export function callsDelta(before: Map<string, number>, after: Map<string, number>, ignore = ["info", "monitor", "ping", "client|setname", "client|setinfo", "select", "command|docs", "command"]): Map<string, number> {
  const delta = new Map<string, number>();
  for (const [name, calls] of after) {
    if (ignore.includes(name)) continue;
    const d = calls - (before.get(name) ?? 0);
    if (d !== 0) delta.set(name, d);
  }
  return delta;
}

/** Valkey's own CPU seconds (user + sys), from INFO cpu. */
export async function valkeyCpuSeconds(admin: Valkey): Promise<number> {
  const text = await admin.info("cpu");
  const user = Number(/used_cpu_user:([\d.]+)/.exec(text)?.[1] ?? NaN);
  const sys = Number(/used_cpu_sys:([\d.]+)/.exec(text)?.[1] ?? NaN);
  return user + sys;
}

/** Deletes every key under `prefix` (bounded SCAN loop). */
export async function deletePrefix(url: string, prefix: string): Promise<void> {
  const raw = new Valkey(url);
  try {
    let cursor = "0";
    for (let i = 0; i < 100_000; i++) {
      const [next, found] = await raw.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
      if (found.length > 0) await raw.del(...found);
      cursor = next;
      if (cursor === "0") break;
    }
  } finally {
    raw.disconnect();
  }
}
