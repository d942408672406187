import { randomBytes } from "node:crypto";
import { join } from "node:path";
import type { GameMap } from "../../src/content/GameMap.js";
import { loadMaps } from "../../src/content/loadMaps.js";
import type { PrismaClient } from "../../src/generated/prisma/client.js";
import { createValkeyClient } from "../../src/state/connectStores.js";
import { GameStateManager } from "../../src/state/GameStateManager.js";
import { BENCH_DATABASE_URL, ensureAccounts, mintToken, prepareBenchDatabase, resetAccounts, type BenchAccount } from "../lib/benchDb.js";
import { freePort } from "../lib/net.js";
import { MAINLAND_HOTSPOTS, spreadBots } from "../lib/spread.js";
import { REPO_ROOT, startServerProcess, type ServerProcess } from "../lib/serverProcess.js";
import { deletePrefix, startBenchValkey, type BenchValkey } from "../lib/valkey.js";

/** Where a bench bot's player stands when it joins. */
export interface Placement {
  mapId: string;
  x: number;
  y: number;
}

export interface BenchOptions {
  quick: boolean;
  scenarios: Set<string>;
  ccuSteps: number[];
  measureS: number;
  warmupS: number;
  rate: number;
  workers: number;
  /** Maps the CCU bots are spread over (round robin). */
  maps: string[];
  /** Per CCU step (the last repeats): the fraction of bots that decode state patches (never rises: see botWorker). */
  decode: number[];
  syncSizes: number[];
  naiveBudgetS: number;
  joinCount: number;
  rtCount: number;
  cpuProf: boolean;
  quietWaitS: number;
}

/** What every scenario shares: the run id, the bench Valkey and database, accounts and tokens. */
export class BenchContext {
  readonly runId = `${new Date().toISOString().replace(/[-:.TZ]/g, "").slice(0, 14)}-${randomBytes(3).toString("hex")}`;
  readonly jwtSecret = randomBytes(32).toString("hex");
  readonly logDir: string;
  readonly maps: Map<string, GameMap>;
  private serverCount = 0;

  private constructor(
    readonly options: BenchOptions,
    readonly valkey: BenchValkey,
    readonly prisma: PrismaClient,
    /** A GSM on the bench Valkey under a prefix of its own, for account creation. */
    readonly gsm: GameStateManager,
    private readonly closeGsm: () => void,
  ) {
    this.logDir = join(REPO_ROOT, "bench", ".runs", this.runId);
    this.maps = loadMaps();
  }

  static async open(options: BenchOptions, fallbackValkeyUrl: string): Promise<BenchContext> {
    const valkey = await startBenchValkey(fallbackValkeyUrl);
    const prisma = await prepareBenchDatabase();
    const client = createValkeyClient(valkey.url, { keyPrefix: `bench:accounts:${randomBytes(4).toString("hex")}:` });
    await client.connect();
    const gsm = new GameStateManager({ valkey: client, prisma });
    return new BenchContext(options, valkey, prisma, gsm, () => client.disconnect());
  }

  spawnOf(mapId: string): { mapId: string; x: number; y: number } {
    const map = this.maps.get(mapId);
    if (!map) throw new Error(`no map ${mapId}`);
    return { mapId, x: map.spawn.x, y: map.spawn.y };
  }

  /**
   * Where `count` bots stand, bot i on `mapOf(i)`: spread over the mainland like a live world
   * (`spreadBots` with `MAINLAND_HOTSPOTS`), at the spawn of any other map.
   */
  placements(count: number, mapOf: (i: number) => string): Placement[] {
    const byMap = new Map<string, number[]>();
    for (let i = 0; i < count; i++) {
      const bots = byMap.get(mapOf(i)) ?? [];
      bots.push(i);
      byMap.set(mapOf(i), bots);
    }
    const out: Placement[] = Array.from({ length: count }, () => ({ mapId: "", x: 0, y: 0 }));
    for (const [mapId, bots] of byMap) {
      const map = this.maps.get(mapId);
      if (!map) throw new Error(`no map ${mapId}`);
      const tiles = mapId === "mainland" ? spreadBots(map, bots.length, MAINLAND_HOTSPOTS, 13) : bots.map(() => map.spawn);
      bots.forEach((i, k) => (out[i] = { mapId, x: tiles[k]!.x, y: tiles[k]!.y }));
    }
    return out;
  }

  /**
   * Accounts `<prefix>00000..`, created when missing, put back with the starter kit where `placeOf(i)` says
   * (a saved position, which the server loads on join as it would a player's), else at the town's spawn.
   */
  async accounts(prefix: string, count: number, placeOf: (i: number) => Placement = () => this.spawnOf("town")): Promise<BenchAccount[]> {
    const accounts = await ensureAccounts(this.gsm, this.prisma, prefix, count, this.spawnOf("town"));
    await resetAccounts(this.prisma, accounts.map((a, i) => ({ id: a.id, ...placeOf(i) })));
    return accounts;
  }

  token(account: BenchAccount): string {
    return mintToken(this.jwtSecret, account);
  }

  /** The environment of a bench game server (production mode, its own key prefix). */
  serverEnv(extra: Record<string, string> = {}): Record<string, string> {
    this.serverCount++;
    return {
      NODE_ENV: "production",
      JWT_SECRET: this.jwtSecret,
      LOG_LEVEL: "warn",
      DATABASE_URL: BENCH_DATABASE_URL,
      VALKEY_URL: this.valkey.url,
      VALKEY_KEY_PREFIX: `bench:${this.runId}:${this.serverCount}:`,
      MAX_PLAYERS_PER_MAP: "2000",
      ...extra,
    };
  }

  /**
   * Starts `node --import tsx src/index.ts` on a free port (with `--cpu-prof` when asked; with `inspect`, the
   * Node inspector on a free 127.0.0.1 port for the retained-memory reads).
   */
  async startGameServer(name: string, extra: Record<string, string> = {}, profile = this.options.cpuProf, inspect = false): Promise<ServerProcess> {
    const port = await freePort();
    return startServerProcess({
      name,
      script: "src/index.ts",
      port,
      env: this.serverEnv(extra),
      nodeFlags: profile ? ["--cpu-prof", `--cpu-prof-dir=${join(this.logDir, "profiles", name)}`] : [],
      logDir: this.logDir,
      inspect,
    });
  }

  /** The bare room (`view`: the same-state bare room), with `--cpu-prof` when asked and the inspector with `inspect`. */
  async startBareServer(name: string, room: "empty" | "view" = "empty", profile = false, inspect = false): Promise<ServerProcess> {
    const port = await freePort();
    return startServerProcess({
      name,
      script: "bench/bareServer.ts",
      port,
      env: { NODE_ENV: "production", LOG_LEVEL: "warn", BARE_ROOM: room },
      nodeFlags: profile ? ["--cpu-prof", `--cpu-prof-dir=${join(this.logDir, "profiles", name)}`] : [],
      logDir: this.logDir,
      inspect,
    });
  }

  async close(): Promise<void> {
    this.closeGsm();
    await this.prisma.$disconnect();
    if (!this.valkey.private) await deletePrefix(this.valkey.url, `bench:${this.runId}:`).catch(() => undefined);
    await this.valkey.stop();
  }
}
