import assert from "node:assert/strict";
import { command, waitFor } from "../support/server.js";
import { joinThrough, registerOn, TestCluster } from "../support/cluster.js";
import { totalsInPostgres } from "../support/itemTotals.js";
import { TcpProxy } from "../support/tcpProxy.js";
import { TEST_DATABASE_URL } from "../support/stores.js";

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const OUTAGE_MS = 30_000;

describe("reliability: PostgreSQL unreachable during play", function () {
  this.timeout(180_000);
  let cluster: TestCluster;
  let proxy: TcpProxy;
  before(async () => {
    const target = new URL(TEST_DATABASE_URL);
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.start();
    target.port = String(proxy.port);
    cluster = await TestCluster.start(1, { DATABASE_URL: target.toString() });
  });
  after(async () => {
    await cluster.close();
    await proxy.close();
  });

  it("plays on in Valkey for 30 s, keeps the unsaved changes dirty, and writes them all once it is back", async () => {
    const players = [await registerOn(cluster.server(0), `pg_a_${Date.now() % 1e5}`), await registerOn(cluster.server(0), `pg_b_${Date.now() % 1e5}`)];
    const startTotals = await totalsInPostgres(cluster.prisma);
    const rooms = await Promise.all(players.map((p) => joinThrough(cluster.server(0), p)));

    proxy.cutOff();
    await waitFor(async () => (await fetch(`${cluster.server(0).url}/health`)).status === 503, "health reports postgres down");
    assert.deepEqual(await (await fetch(`${cluster.server(0).url}/health`)).json(), { valkey: "ok", postgres: "down" });

    const login = await fetch(`${cluster.server(0).url}/auth/login`, {
      method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: players[0]!.username, password: "correct horse battery" }),
    });
    assert.equal(login.status, 503);
    assert.equal(((await login.json()) as { error: string }).error, "UNAVAILABLE");

    const endAt = Date.now() + OUTAGE_MS;
    let moves = 0;
    while (Date.now() < endAt) {
      const results = await Promise.all(rooms.map((room, i) => command(room, "move", { dir: (moves + i) % 4 < 2 ? "left" : "right" })));
      for (const r of results) assert.equal(r.ok, true, JSON.stringify(r));
      if (moves % 10 === 0) {
        const from = (moves / 10) % 2 === 0 ? 3 : 15;
        assert.equal((await command(rooms[0]!, "inventory:move", { from, to: from === 3 ? 15 : 3 })).ok, true);
      }
      moves++;
      await pause(400);
    }
    assert.equal((await command(rooms[1]!, "inventory:drop", { slot: 2, quantity: 4 })).ok, true);
    await pause(150);
    assert.equal((await command(rooms[1]!, "equip", { slot: 0 })).ok, true);
    assert.ok((await cluster.gsm.getOnlinePlayerIds()).size === 2);
    const dirty = await cluster.gsm.fields.getPlayerHp(players[0]!.id);
    assert.ok(dirty, "still online and hot");

    proxy.restore();
    await waitFor(async () => (await fetch(`${cluster.server(0).url}/health`)).status === 200, "health back", 15_000);
    const expected = await Promise.all(players.map((p) => cluster.gsm.readPlayer(p.id)));
    await waitFor(async () => {
      const rows = await cluster.prisma.player.findMany({ where: { id: { in: players.map((p) => p.id) } }, orderBy: { id: "asc" } });
      return rows.every((row, i) => row.x === expected[i]!.position.x && row.y === expected[i]!.position.y);
    }, "positions synced", 10_000);
    await waitFor(async () => (await cluster.prisma.groundItem.count()) === 1, "the drop synced", 10_000);
    const equipped = await cluster.prisma.playerEquipmentSlot.findMany({ where: { playerId: players[1]!.id } });
    assert.deepEqual(equipped.map((e) => e.slot), ["weapon"]);
    assert.deepEqual(await totalsInPostgres(cluster.prisma), startTotals, "nothing lost or duplicated");
    for (const room of rooms) await room.leave();
  });
});
