import assert from "node:assert/strict";
import { Client, MatchMakeError } from "@colyseus/sdk";
import { joinThrough, registerOn, TestCluster, type ClusterPlayer } from "../support/cluster.js";

describe("reliability: one room per map in a cluster", function () {
  this.timeout(120_000);
  let cluster: TestCluster;
  before(async () => {
    cluster = await TestCluster.start(2);
  });
  after(async () => cluster.close());

  const roomsOf = async (mapId: string) => (await cluster.roomListings()).filter((l) => l.mapId === mapId);

  it("opens one room for a crowd joining a map through both processes at once", async () => {
    const players: ClusterPlayer[] = [];
    for (let i = 0; i < 8; i++) players.push(await registerOn(cluster.server(i % 2), `crowd_${i}_${Date.now() % 1e5}`));
    await cluster.prisma.player.updateMany({ where: { id: { in: players.map((p) => p.id) } }, data: { mapId: "forest", x: 2, y: 40 } });
    const rooms = await Promise.all(players.map((p, i) => joinThrough(cluster.server(i % 2), p, "forest")));
    assert.equal(new Set(rooms.map((r) => r.roomId)).size, 1);
    assert.equal((await roomsOf("forest")).length, 1);
    await Promise.all(rooms.map((r) => r.leave()));
  });

  it("offers no create through any process, and the map's live room holds its lease in the shared Valkey", async () => {
    const first = await registerOn(cluster.server(0), `first_${Date.now() % 1e5}`);
    const town = await joinThrough(cluster.server(0), first);
    const second = await registerOn(cluster.server(1), `second_${Date.now() % 1e5}`);
    for (const server of [cluster.server(1), cluster.server(0)]) {
      const client = new Client(server.url);
      client.auth.token = second.token;
      await assert.rejects(client.create("map", { mapId: "town" }), (err: unknown) => {
        assert.ok(err instanceof MatchMakeError, String(err));
        assert.match(err.message, /invalid method "create"/);
        return true;
      });
    }
    const intruder = await cluster.gsm.mapRooms.claim("town", "intruder", 30_000);
    assert.ok(!intruder.ok && intruder.holder === town.roomId);
    assert.deepEqual((await roomsOf("town")).map((l) => l.roomId), [town.roomId]);
    const joined = await joinThrough(cluster.server(1), second);
    assert.equal(joined.roomId, town.roomId);
    await joined.leave();
    await town.leave();
  });
});
