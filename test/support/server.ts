import { createServer } from "node:net";
import { Client, type Room } from "@colyseus/sdk";
import { boot, type ColyseusTestServer } from "@colyseus/testing";
import { createArena, type Runtime } from "../../arena.config.js";
import { loadConfig, type Config } from "../../src/config/config.js";
import { createLogger } from "../../src/logger.js";
import type { CommandResult } from "../../src/protocol/index.js";
import type { MapState } from "../../src/schema/MapState.js";
import { deleteKeysWithPrefix, prepareTestDatabase, TEST_DATABASE_URL, TEST_SCRYPT_LOG2_N, TEST_VALKEY_URL, uniquePrefix } from "./stores.js";

/** A port nobody listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface TestServer {
  cfg: Config;
  runtime: Runtime;
  colyseus: ColyseusTestServer;
  url: string;
  prefix: string;
  close(): Promise<void>;
}

/**
 * The whole server (arena.config.ts) on a free port, with the test run's database, a key prefix of its
 * own, short timers, cheap password hashing, no registration limit per address (every test client is
 * 127.0.0.1) and no admission control by event-loop lag, unless `env` says otherwise. One at a time per process: Colyseus's matchmaker is
 * process-wide.
 */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  await prepareTestDatabase();
  const port = await freePort();
  const prefix = uniquePrefix();
  const cfg = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    PORT: String(port),
    DATABASE_URL: TEST_DATABASE_URL,
    VALKEY_URL: TEST_VALKEY_URL,
    VALKEY_KEY_PREFIX: prefix,
    SYNC_INTERVAL_MS: "3600000",
    SCRYPT_LOG2_N: TEST_SCRYPT_LOG2_N,
    REGISTRATIONS_PER_ADDRESS: "0",
    // A loaded test machine lags: only the tests of admission by lag turn it on.
    ADMISSION_MAX_EVENT_LOOP_LAG_MS: "0",
    ...env,
  });
  const { arena, runtime } = createArena(cfg, createLogger(cfg.logLevel));
  const colyseus = await boot(arena, port);
  return {
    cfg,
    runtime,
    colyseus,
    url: `http://127.0.0.1:${port}`,
    prefix,
    async close() {
      await colyseus.shutdown();
      await runtime.scheduler?.stop();
      await runtime.stores?.close();
      await deleteKeysWithPrefix(prefix);
    },
  };
}

export interface TestPlayer {
  id: number;
  username: string;
  token: string;
  client: Client;
}

let counter = 0;

/**
 * Registers a fresh account over HTTP and returns an SDK client that carries its token. A name listed in
 * the server's ADMIN_USERNAMES is then promoted to admin, as the operator would with
 * `npm run admin -- promote` (registration itself never grants a role).
 */
export async function registerPlayer(server: TestServer, username = `u${Date.now() % 1e6}_${counter++}`): Promise<TestPlayer> {
  const response = await fetch(`${server.url}/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: "correct horse battery" }),
  });
  if (response.status !== 201) throw new Error(`register failed: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { token: string; player: { id: number; username: string } };
  if (server.cfg.adminUsernames.includes(username.toLowerCase())) {
    const promoted = await server.runtime.auth?.promote(username);
    if (!promoted?.ok) throw new Error(`could not promote ${username}`);
  }
  const client = new Client(server.url);
  client.auth.token = body.token;
  return { id: body.player.id, username: body.player.username, token: body.token, client };
}

/** A client's view of a map room; its state decodes into classes shaped like the server's schema. */
export type MapRoomClient = Room<any, MapState>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Joins the player's map room (default: town) and waits for the first state. */
export async function joinMap(player: Pick<TestPlayer, "id" | "client">, mapId = "town"): Promise<MapRoomClient> {
  const room = await player.client.joinOrCreate<MapState>("map", { mapId });
  await waitFor(() => room.state?.players?.get(String(player.id)) !== undefined, `player ${player.id} in state`);
  return room;
}

let seqCounter = 1;

/** Sends a command with a fresh `seq` and resolves with its `result`. */
export function command(room: MapRoomClient | Room, type: string, payload: Record<string, unknown> = {}): Promise<CommandResult> {
  const seq = seqCounter++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no result for ${type} #${seq}`)), 5_000);
    const off = room.onMessage("result", (result: CommandResult) => {
      if (result.seq !== seq) return;
      clearTimeout(timer);
      off();
      resolve(result);
    });
    room.send(type, { ...payload, seq });
  });
}

/** Polls `predicate` every 20 ms until it holds, or fails after `timeoutMs`. */
export async function waitFor(predicate: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The client's decoded entry for a player; fails the test when it is not in the client's state. */
export function playerIn(room: MapRoomClient, playerId: number) {
  const player = room.state.players.get(String(playerId));
  if (!player) throw new Error(`player ${playerId} is not in this client's state`);
  return player;
}

/** The client's decoded `personal` entry of a player (only its own ever arrives). */
export function personalIn(room: MapRoomClient, playerId: number) {
  const personal = room.state.personal.get(String(playerId));
  if (!personal) throw new Error(`no personal state of ${playerId} in this client's state`);
  return personal;
}
