import assert from "node:assert/strict";
import { command, waitFor } from "../support/server.js";
import { joinThrough, registerOn, TestCluster } from "../support/cluster.js";
import { totalsInValkey } from "../support/itemTotals.js";

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("reliability: Valkey down and restarted during play", function () {
  this.timeout(120_000);
  let cluster: TestCluster;
  before(async () => {
    cluster = await TestCluster.start(1);
  });
  after(async () => cluster.close());

  it("refuses commands with UNAVAILABLE while it is down, changes nothing, and plays on after it is back", async () => {
    const players = [await registerOn(cluster.server(0), `vk_a_${Date.now() % 1e5}`), await registerOn(cluster.server(0), `vk_b_${Date.now() % 1e5}`)];
    const rooms = await Promise.all(players.map((p) => joinThrough(cluster.server(0), p)));
    assert.equal((await command(rooms[0]!, "inventory:drop", { slot: 2, quantity: 5 })).ok, true);
    const before = await totalsInValkey(cluster.gsm, players.map((p) => p.id), ["town", "forest"]);

    await pause(120);
    await cluster.redis.down("SIGKILL");
    const during = [];
    for (let i = 0; i < 4; i++) {
      during.push(await command(rooms[i % 2]!, i % 2 ? "inventory:move" : "inventory:drop", i % 2 ? { from: 0, to: 7 } : { slot: 3, quantity: 1 }));
      await pause(120);
    }
    for (const result of during) assert.equal(result.ok === false && result.code, "UNAVAILABLE", JSON.stringify(result));
    const health = await fetch(`${cluster.server(0).url}/health`);
    assert.equal(health.status, 503);
    assert.deepEqual(await health.json(), { valkey: "down", postgres: "ok" });

    await cluster.redis.up();
    await waitFor(async () => (await fetch(`${cluster.server(0).url}/health`)).status === 200, "healthy again", 15_000);
    await waitFor(async () => (await command(rooms[0]!, "move", { dir: "up" })).ok, "commands accepted again", 15_000);
    assert.equal((await command(rooms[1]!, "inventory:move", { from: 0, to: 7 })).ok, true);
    assert.deepEqual(await totalsInValkey(cluster.gsm, players.map((p) => p.id), ["town", "forest"]), before, "item totals unchanged");
    for (const room of rooms) await room.leave();
    if (process.env.DEBUG_OUTPUT) console.log(cluster.server(0).output());
  });
});
