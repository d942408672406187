import assert from "node:assert/strict";
import type { CommandResult } from "../../src/protocol/index.js";
import { command, personalIn, waitFor, type MapRoomClient } from "../support/server.js";
import { joinThrough, registerOn, TestCluster, type ClusterPlayer } from "../support/cluster.js";
import { itemNamed } from "../support/factories.js";
import { totalsInPostgres } from "../support/itemTotals.js";

const PAIRS = 4;
const KILL_AFTER_COMPLETED = 6;
/** Two starter kits (copper dagger, wooden shield, 25 coins, 5 bread each), by item id. */
const TWO_KITS: Record<number, number> = {};
for (const [name, n] of [["copper_dagger", 2], ["wooden_shield", 2], ["coins", 50], ["bread", 10]] as const) TWO_KITS[itemNamed(name).id] = n;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends a command, waiting out RATE_LIMITED; null once the server is gone (no result comes). */
async function send(room: MapRoomClient, type: string, payload: Record<string, unknown> = {}): Promise<CommandResult | null> {
  for (;;) {
    const result = await command(room, type, payload).catch(() => null);
    if (!result || result.ok || result.code !== "RATE_LIMITED") return result;
    await pause(result.retryAfterMs ?? 50);
  }
}

/** The player's first occupied inventory slot as its client shows it. */
function firstSlot(room: MapRoomClient, playerId: number): number | undefined {
  const slots = [...(personalIn(room, playerId).inventory.keys() as Iterable<string>)].map(Number);
  return slots.length > 0 ? Math.min(...slots) : undefined;
}

describe("reliability: a server process killed with SIGKILL while trades complete", function () {
  this.timeout(180_000);
  let cluster: TestCluster;
  before(async () => {
    cluster = await TestCluster.start(1);
  });
  after(async () => cluster.close());

  it("leaves every item in exactly one inventory: each trade happened whole or not at all", async () => {
    const players: ClusterPlayer[] = [];
    for (let i = 0; i < 2 * PAIRS; i++) players.push(await registerOn(cluster.server(0), `tcrash_${i}_${Date.now() % 1e5}`));
    const startTotals = await totalsInPostgres(cluster.prisma);
    const rooms = await Promise.all(players.map((p) => joinThrough(cluster.server(0), p)));
    let completed = 0;
    let killed = false;

    // Each pair trades its first stacks back and forth, as fast as the cooldowns allow, until the kill.
    const trading = Array.from({ length: PAIRS }, async (_, pair) => {
      const [a, b] = [2 * pair, 2 * pair + 1];
      const [roomA, roomB] = [rooms[a]!, rooms[b]!];
      while (!killed) {
        if (!(await send(roomA, "trade:request", { playerId: players[b]!.id }))?.ok) break;
        if (!(await send(roomB, "trade:accept", { playerId: players[a]!.id }))?.ok) break;
        for (const [room, i] of [[roomA, a], [roomB, b]] as const) {
          const slot = firstSlot(room, players[i]!.id);
          if (slot !== undefined) await send(room, "trade:offer", { slot });
        }
        await send(roomA, "trade:confirm");
        const done = await send(roomB, "trade:confirm");
        if (!done) break;
        if (done.ok && (done.data as { completed: boolean }).completed) completed++;
        else await send(roomA, "trade:cancel");
      }
    });
    await waitFor(() => completed >= KILL_AFTER_COMPLETED, "trades completing", 60_000);
    for (const room of rooms) room.reconnection.enabled = false;
    killed = true;
    await cluster.kill(0, "SIGKILL");
    await Promise.all(trading);

    // A new process flushes what the dead one left in Valkey once the dead sessions expire.
    await cluster.startProcess(1);
    await waitFor(async () => (await cluster.gsm.getOnlinePlayerIds()).size === 0, "the dead process's players saved", 60_000);
    assert.deepEqual(await totalsInPostgres(cluster.prisma), startTotals, "every item exactly once");
    // Items only ever moved within a pair: each pair still holds its two starter kits between them.
    for (let pair = 0; pair < PAIRS; pair++) {
      const ids = [players[2 * pair]!.id, players[2 * pair + 1]!.id];
      const rows = await cluster.prisma.playerInventorySlot.findMany({ where: { playerId: { in: ids } } });
      const held: Record<number, number> = {};
      for (const row of rows) held[row.itemId] = (held[row.itemId] ?? 0) + row.quantity;
      assert.deepEqual(held, TWO_KITS, `pair ${pair}`);
    }
    assert.ok(completed >= KILL_AFTER_COMPLETED, `${completed} trades completed before the kill`);
  });
});
