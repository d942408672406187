import assert from "node:assert/strict";
import { Valkey } from "iovalkey";
import type { CommandResult } from "../../src/protocol/index.js";
import { RedisInstance } from "../support/redisInstance.js";
import { command, joinMap, personalIn, registerPlayer, startTestServer, waitFor, type MapRoomClient, type TestServer } from "../support/server.js";

/** Commands the client never sees: the monitor's own, and connection housekeeping. */
const HOUSEKEEPING = new Set(["monitor", "info", "ping", "client", "select", "hello", "command", "echo"]);

/**
 * Counts the requests the server sends to its Valkey, from a MONITOR stream: a standalone command, a
 * MULTI...EXEC block or a script is one request (one round trip); what a script runs inside is not.
 */
class RequestCounter {
  requests: string[] = [];
  private readonly inMulti = new Set<string>();
  private readonly seen = new Set<string>();

  on(args: string[], source: string): void {
    const name = (args[0] ?? "").toLowerCase();
    if (name === "echo") this.seen.add(String(args[1]));
    if (source === "lua" || HOUSEKEEPING.has(name)) return;
    if (name === "exec" || name === "discard") {
      this.inMulti.delete(source);
      return;
    }
    if (this.inMulti.has(source)) return;
    if (name === "multi") this.inMulti.add(source);
    this.requests.push(args.slice(0, 3).join(" "));
  }

  hasSeen(marker: string): boolean {
    return this.seen.has(marker);
  }
}

/**
 * Valkey round trips per gameplay command (issue 13: one for every gameplay command), counted with MONITOR
 * on a Redis of the test's own. The world's clock is slowed to a tick a minute, so that nothing but the
 * command talks to Valkey while it runs.
 */
describe("MapRoom: Valkey requests per command", function () {
  this.timeout(60_000);
  let redis: RedisInstance;
  let server: TestServer;
  let monitorBase: Valkey;
  let monitor: Valkey;
  let probe: Valkey;
  const counter = new RequestCounter();
  let markers = 0;

  before(async () => {
    redis = await RedisInstance.start();
    server = await startTestServer({ VALKEY_URL: redis.url, GAME_TICK_MS: "60000" });
    monitorBase = new Valkey(redis.url);
    monitor = await monitorBase.monitor();
    monitor.on("monitor", (_time: string, args: string[], source: string) => counter.on(args, source));
    probe = new Valkey(redis.url);
  });
  after(async () => {
    for (const client of [monitor, monitorBase, probe]) client?.disconnect();
    await server?.close();
    await redis?.close();
  });

  /** The requests the server made for one command: everything MONITOR showed until a marker sent after its result. */
  async function requestsOf(room: MapRoomClient, type: string, payload: Record<string, unknown>): Promise<{ result: CommandResult; requests: string[] }> {
    await settle();
    counter.requests = [];
    const result = await command(room, type, payload);
    await settle();
    return { result, requests: counter.requests };
  }

  async function settle(): Promise<void> {
    const marker = `settled-${markers++}`;
    await probe.echo(marker);
    await waitFor(() => counter.hasSeen(marker), "the monitor caught up");
  }

  const slotOf = (room: MapRoomClient, playerId: number, itemName: string, itemIds: Record<string, number>) =>
    [...personalIn(room, playerId).inventory.entries()].find(([, s]) => s.itemId === itemIds[itemName])?.[0];

  it("makes one request for each gameplay command, drop and pickup included", async () => {
    const p = await registerPlayer(server);
    const room = await joinMap(p);
    const items = await (await fetch(`${server.url}/items`)).json() as { id: number; name: string }[];
    const itemIds = Object.fromEntries(items.map((i) => [i.name, i.id]));
    await server.runtime.gsm!.fields.setPlayerHp(p.id, 5);
    await waitFor(() => personalIn(room, p.id) !== undefined && slotOf(room, p.id, "bread", itemIds) !== undefined, "the starter kit shown");
    const bread = Number(slotOf(room, p.id, "bread", itemIds));
    const dagger = Number(slotOf(room, p.id, "copper_dagger", itemIds));

    // The HP set above reached Valkey behind the room's back: one command reads the player again first.
    assert.equal((await command(room, "combat:style", { style: "accurate" })).ok, true);
    const counts: Record<string, number> = {};
    const run = async (type: string, payload: Record<string, unknown>) => {
      const { result, requests } = await requestsOf(room, type, payload);
      assert.equal(result.ok, true, `${type}: ${JSON.stringify(result)}`);
      counts[type] = requests.length;
      return { result, requests };
    };
    await run("move", { dir: "down" });
    await run("inventory:move", { from: bread, to: 20 });
    const dropped = await run("inventory:drop", { slot: 20, quantity: 1 });
    const groundItemId = (dropped.result as { data?: { groundItemId?: number } }).data?.groundItemId;
    await waitFor(() => room.state.groundItems.get(String(groundItemId)) !== undefined, "the dropped item shown");
    await run("ground:pickup", { id: groundItemId });
    await run("equip", { slot: dagger });
    await run("unequip", { slot: "weapon" });
    await run("combat:style", { style: "aggressive" });
    await run("eat", { slot: 20 });
    assert.deepEqual(counts, {
      move: 1, "inventory:move": 1, "inventory:drop": 1, "ground:pickup": 1, equip: 1, unequip: 1, "combat:style": 1, eat: 1,
    });
    await room.leave();
  });

  it("joins a player not loaded yet with seven requests, six of them one after another", async () => {
    const holder = await registerPlayer(server);
    const holderRoom = await joinMap(holder);
    const p = await registerPlayer(server);
    await settle();
    counter.requests = [];
    const room = await joinMap(p);
    await waitFor(() => room.state.players.get(String(p.id)) !== undefined, "its own player shown");
    await settle();
    // onAuth: the player's map if loaded; onJoin: the session claim with the token revocation, the Valkey
    // epoch, whether it is loaded, its load, then its state and bank read alongside its mute.
    assert.equal(counter.requests.length, 7, counter.requests.join("\n"));
    await room.leave();
    await holderRoom.leave();
  });
});
