import assert from "node:assert/strict";
import { command, personalIn, playerIn, waitFor } from "../support/server.js";
import { joinThrough, registerOn, TestCluster } from "../support/cluster.js";

describe("reliability: one world over two processes", function () {
  this.timeout(120_000);
  let cluster: TestCluster;
  before(async () => {
    cluster = await TestCluster.start(2);
  });
  after(async () => cluster.close());

  it("walks a player through a portal into a map hosted by the other process, state intact", async () => {
    // The forest room is created on process 1 by a player who starts there.
    const host = await cluster.promote(await registerOn(cluster.server(1), `admin_0`));
    const hostTown = await joinThrough(cluster.server(1), host);
    const hostTransfer = new Promise<{ mapId: string }>((resolve) => hostTown.onMessage("transfer", resolve));
    assert.equal((await command(hostTown, "admin:teleport", { mapId: "forest", x: 10, y: 40 })).ok, true);
    assert.equal((await hostTransfer).mapId, "forest");
    await hostTown.leave();
    const forestOnOne = await joinThrough(cluster.server(1), host, "forest");

    // The walker plays on process 0 and walks into the forest portal.
    const walker = await cluster.promote(await registerOn(cluster.server(0), `admin_1`));
    const town = await joinThrough(cluster.server(0), walker);
    assert.equal((await command(town, "equip", { slot: 0 })).ok, true);
    assert.equal((await command(town, "admin:teleport", { x: 61, y: 32 })).ok, true);
    const transfer = new Promise<{ mapId: string; x: number; y: number }>((resolve) => town.onMessage("transfer", resolve));
    assert.equal((await command(town, "move", { dir: "right" })).ok, true);
    assert.deepEqual(await transfer, { mapId: "forest", x: 2, y: 40 });
    await town.leave();

    const forest = await joinThrough(cluster.server(0), walker, "forest");
    assert.equal(forest.roomId, forestOnOne.roomId, "matchmaking through process 0 reached the room on process 1");
    await waitFor(() => forestOnOne.state.players.has(String(walker.id)), "the host sees the walker arrive");
    assert.deepEqual([playerIn(forest, walker.id).x, playerIn(forest, walker.id).y], [2, 40]);
    const personal = personalIn(forest, walker.id);
    assert.equal(personal.equipment.get("weapon")?.itemId, 110, "the dagger is still wielded");
    assert.equal(personal.inventory.size, 3);
    assert.equal((await command(forest, "move", { dir: "right" })).ok, true);
    await Promise.all([forest.leave(), forestOnOne.leave()]);
  });
});
