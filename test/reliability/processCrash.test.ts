import assert from "node:assert/strict";
import { command, personalIn, playerIn, waitFor, type MapRoomClient } from "../support/server.js";
import { joinThrough, registerOn, TestCluster, type ClusterPlayer } from "../support/cluster.js";
import { totalsInPostgres } from "../support/itemTotals.js";
import { patiently } from "../support/combat.js";
import { loadMaps } from "../../src/content/loadMaps.js";

const town = loadMaps().get("town")!;
/** A walkable tile next to the town's first bank booth. */
const BOOTH = [-1, 0, 1].flatMap((dy) => [-1, 0, 1].map((dx) => ({ x: town.banks[0]!.x + dx, y: town.banks[0]!.y + dy })))
  .find((t) => !town.isBlocked(t.x, t.y) && !town.portalAt(t.x, t.y))!;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

function shown(room: MapRoomClient, id: number) {
  const me = playerIn(room, id);
  const personal = personalIn(room, id);
  return {
    position: [me.x, me.y],
    inventory: Object.fromEntries([...personal.inventory.entries()].map(([k, s]) => [k, [s.itemId, s.quantity]])),
    bank: Object.fromEntries([...personal.bank.entries()].map(([k, s]) => [k, [s.itemId, s.quantity]])),
  };
}

describe("reliability: a server process killed with SIGKILL", function () {
  this.timeout(120_000);
  let cluster: TestCluster;
  before(async () => {
    cluster = await TestCluster.start(1);
  });
  after(async () => cluster.close());

  it("loses nothing the players did before the kill, banking included, and duplicates no item", async () => {
    const players: ClusterPlayer[] = [];
    for (let i = 0; i < 3; i++) players.push(await registerOn(cluster.server(0), `crash_${i}_${Date.now() % 1e5}`));
    const startTotals = await totalsInPostgres(cluster.prisma);
    const rooms = await Promise.all(players.map((p) => joinThrough(cluster.server(0), p)));

    // A burst of changes, acknowledged just before the kill.
    for (let round = 0; round < 4; round++) {
      await Promise.all(rooms.map(async (room, i) => {
        assert.equal((await command(room, "move", { dir: round % 2 ? "up" : "left" })).ok, true);
        assert.equal((await command(room, "inventory:move", { from: round, to: 10 + round + i })).ok, true);
      }));
      await pause(160);
    }
    const dropped = await command(rooms[0]!, "inventory:drop", { slot: 11, quantity: 1 });
    assert.equal(dropped.ok, true);
    // A bank deposit and a withdrawal at a booth, acknowledged just before the kill.
    await cluster.promote(players[1]!);
    assert.equal((await command(rooms[1]!, "admin:teleport", BOOTH)).ok, true);
    await pause(160);
    assert.equal((await patiently(rooms[1]!, "bank:deposit", { slot: 14 })).ok, true);
    assert.equal((await patiently(rooms[1]!, "bank:deposit", { slot: 13 })).ok, true);
    assert.equal((await patiently(rooms[1]!, "bank:withdraw", { bankSlot: 0, quantity: 2 })).ok, true);
    await pause(100);
    const expected = rooms.map((room, i) => shown(room, players[i]!.id));
    for (const room of rooms) room.reconnection.enabled = false;

    await cluster.kill(0, "SIGKILL");
    await cluster.startProcess(1);

    // The new process flushed what the dead one left in Valkey.
    await waitFor(async () => (await cluster.prisma.groundItem.count()) === 1, "the drop saved", 10_000);
    const saved = await cluster.prisma.player.findMany({ where: { id: { in: players.map((p) => p.id) } }, orderBy: { id: "asc" } });
    assert.deepEqual(saved.map((p) => [p.x, p.y]), expected.map((e) => e.position));
    const savedBank = await cluster.prisma.playerBankSlot.findMany({ where: { playerId: players[1]!.id }, orderBy: { slot: "asc" } });
    assert.deepEqual(Object.fromEntries(savedBank.map((r) => [String(r.slot), [r.itemId, r.quantity]])), expected[1]!.bank, "the bank saved");
    assert.equal(savedBank.length, 2);
    assert.deepEqual(await totalsInPostgres(cluster.prisma), startTotals, "every item exactly once");

    for (const [i, player] of players.entries()) {
      const room = await joinThrough(cluster.server(1), player);
      await waitFor(() => personalIn(room, player.id).inventory.size === Object.keys(expected[i]!.inventory).length, "inventory");
      assert.deepEqual(shown(room, player.id), expected[i]);
      await room.leave();
    }
  });
});
