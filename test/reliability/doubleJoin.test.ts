import assert from "node:assert/strict";
import { command, waitFor, type MapRoomClient } from "../support/server.js";
import { joinThrough, registerOn, TestCluster } from "../support/cluster.js";

describe("reliability: one live session per account across processes", function () {
  this.timeout(240_000);
  let cluster: TestCluster;
  before(async () => {
    cluster = await TestCluster.start(2);
  });
  after(async () => cluster.close());

  it("keeps exactly one of two simultaneous joins through two processes, 50 rounds, and never lands the loser's save", async () => {
    const player = await registerOn(cluster.server(0), `twin_${Date.now() % 1e5}`);
    for (let round = 0; round < 50; round++) {
      const joins = await Promise.allSettled([joinThrough(cluster.server(0), player), joinThrough(cluster.server(1), player)]);
      const rooms = joins.flatMap((j) => (j.status === "fulfilled" ? [j.value] : []));
      for (const room of rooms) room.reconnection.enabled = false;
      const open = () => rooms.filter((r) => r.connection.isOpen);
      await waitFor(() => open().length === 1, `round ${round}: exactly one session left (${open().length} open)`, 10_000);
      const survivor: MapRoomClient = open()[0]!;
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(open().length, 1, `round ${round}: still exactly one`);

      // The survivor moves a stack; once it leaves, PostgreSQL must show exactly that, whatever the loser saved.
      const from = round % 2 === 0 ? 3 : 20;
      const to = round % 2 === 0 ? 20 : 3;
      const moved = await command(survivor, "inventory:move", { from, to });
      assert.equal(moved.ok, true, `round ${round}: ${JSON.stringify(moved)}`);
      await survivor.leave();
      await waitFor(async () => !(await cluster.gsm.isOnline(player.id)), `round ${round}: unloaded`, 10_000);
      const rows = await cluster.prisma.playerInventorySlot.findMany({ where: { playerId: player.id }, orderBy: { slot: "asc" } });
      assert.deepEqual(rows.map((r) => r.slot), [0, 1, 2, to].sort((a, b) => a - b), `round ${round}`);
    }
  });
});
