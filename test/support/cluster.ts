import { Client } from "@colyseus/sdk";
import { createPrismaClient } from "../../src/state/db/createPrismaClient.js";
import type { PrismaClient } from "../../src/generated/prisma/client.js";
import { GameStateManager } from "../../src/state/GameStateManager.js";
import { createValkeyClient } from "../../src/state/connectStores.js";
import { startServerProcess, type ServerProcess } from "./processServer.js";
import { RedisInstance } from "./redisInstance.js";
import { freePort, joinMap, type MapRoomClient } from "./server.js";
import { prepareTestDatabase, TEST_DATABASE_URL, truncateMutableTables } from "./stores.js";

/** Environment of every reliability-suite server: short leases and syncs, ground items that never despawn. */
export const RELIABILITY_ENV = {
  CLUSTER: "1",
  SYNC_INTERVAL_MS: "1000",
  SESSION_TTL_S: "6",
  RECONNECT_WINDOW_S: "5",
  GROUND_ITEM_TIMER_SCALE: "100",
};

/**
 * Several real server processes sharing one world through a Redis of the test's own (which the test may
 * kill or restart) and the test run's database (tables emptied first). `gsm` reads that world directly.
 */
export class TestCluster {
  readonly servers: (ServerProcess | null)[] = [];
  gsm!: GameStateManager;
  prisma!: PrismaClient;
  private valkey!: ReturnType<typeof createValkeyClient>;

  private constructor(
    readonly redis: RedisInstance,
    private readonly env: Record<string, string>,
  ) {}

  static async start(processes: number, env: Record<string, string> = {}): Promise<TestCluster> {
    await prepareTestDatabase();
    const cluster = new TestCluster(await RedisInstance.start(), env);
    cluster.prisma = createPrismaClient(TEST_DATABASE_URL);
    await truncateMutableTables(cluster.prisma);
    cluster.valkey = createValkeyClient(cluster.redis.url);
    cluster.valkey.on("error", () => undefined);
    await cluster.valkey.connect();
    cluster.gsm = new GameStateManager({ valkey: cluster.valkey, prisma: cluster.prisma });
    for (let i = 0; i < processes; i++) await cluster.startProcess(i);
    return cluster;
  }

  server(i: number): ServerProcess {
    const server = this.servers[i];
    if (!server) throw new Error(`process ${i} is not running`);
    return server;
  }

  async startProcess(i: number, extraEnv: Record<string, string> = {}): Promise<ServerProcess> {
    const port = await freePort();
    const server = await startServerProcess(
      { ...RELIABILITY_ENV, VALKEY_URL: this.redis.url, PUBLIC_ADDRESS: `127.0.0.1:${port}`, ...this.env, ...extraEnv },
      port,
    );
    this.servers[i] = server;
    return server;
  }

  /** The rooms the cluster's matchmaker lists (Colyseus RedisDriver's `roomcaches`). */
  async roomListings(): Promise<Array<{ roomId: string; processId: string; locked: boolean; mapId: unknown }>> {
    const raw = await this.valkey.hgetall("roomcaches");
    return Object.values(raw).map((json) => {
      const listing = JSON.parse(json) as { roomId: string; processId: string; locked?: boolean; metadata?: { mapId?: unknown } };
      return { roomId: listing.roomId, processId: listing.processId, locked: listing.locked === true, mapId: listing.metadata?.mapId };
    });
  }

  /** Makes the player an admin, as `npm run admin -- promote` does (registration grants no role). */
  async promote(player: ClusterPlayer): Promise<ClusterPlayer> {
    await this.gsm.setRole(player.id, "admin");
    return player;
  }

  async kill(i: number, signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    await this.servers[i]?.stop(signal);
    this.servers[i] = null;
  }

  async close(): Promise<void> {
    for (let i = 0; i < this.servers.length; i++) await this.kill(i, "SIGTERM");
    this.valkey?.disconnect();
    await this.prisma?.$disconnect();
    await this.redis.close();
  }
}

export interface ClusterPlayer {
  id: number;
  username: string;
  token: string;
}

/** Registers an account through `server`. */
export async function registerOn(server: ServerProcess, username: string): Promise<ClusterPlayer> {
  const response = await fetch(`${server.url}/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: "correct horse battery" }),
  });
  if (response.status !== 201) throw new Error(`register ${username}: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { token: string; player: { id: number; username: string } };
  return { id: body.player.id, username: body.player.username, token: body.token };
}

/** Joins `mapId` through `server` (matchmaking may place the room on another process). */
export async function joinThrough(server: ServerProcess, player: ClusterPlayer, mapId = "town"): Promise<MapRoomClient> {
  const client = new Client(server.url);
  client.auth.token = player.token;
  return joinMap({ id: player.id, client }, mapId);
}
