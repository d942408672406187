import assert from "node:assert/strict";
import { command, joinMap, registerPlayer, startTestServer, waitFor, type TestServer } from "../support/server.js";

async function refusedJoins(server: TestServer, reason: string): Promise<number> {
  const text = await server.runtime.metrics.text();
  const line = text.split("\n").find((l) => l.startsWith(`rpg_joins_refused_total{reason="${reason}"}`));
  return Number(line?.split(" ")[1] ?? NaN);
}

/** Blocks this process's event loop for `ms` (the in-process server's loop with it). */
function busyWait(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe("MapRoom: admission control", function () {
  this.timeout(60_000);

  describe("by players per process", () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ MAX_PLAYERS_PER_PROCESS: "2", MAX_PLAYERS_PER_MAP: "50" });
    });
    after(async () => server.close());

    it("refuses a third newcomer with 503 SERVER_FULL, counts it, keeps the two in playing, and admits it once one left", async () => {
      const [a, b, late] = await Promise.all([registerPlayer(server), registerPlayer(server), registerPlayer(server)]);
      const roomA = await joinMap(a);
      const roomB = await joinMap(b);
      await assert.rejects(late.client.joinOrCreate("map", { mapId: "town" }), (err: { code?: number; message?: string }) => {
        assert.equal(err.code, 503);
        assert.match(err.message ?? "", /^SERVER_FULL: /);
        return true;
      });
      assert.equal(await refusedJoins(server, "players"), 1);
      assert.equal((await command(roomA, "move", { dir: "down" })).ok, true, "a player already in is unaffected");
      await roomB.leave();
      await waitFor(() => server.runtime.roomDeps!.admission.players() === 1, "the leave freed its seat");
      const lateRoom = await joinMap(late);
      await Promise.all([roomA.leave(), lateRoom.leave()]);
    });

    it("admits a player already in the world (a transfer to another map) while the process is full", async () => {
      const [a, b] = await Promise.all([registerPlayer(server), registerPlayer(server)]);
      const roomA = await joinMap(a);
      const roomB = await joinMap(b);
      await server.runtime.gsm!.fields.setPlayerPosition(a.id, 61, 32, "town"); // next to the portal to the forest
      const transfer = new Promise((resolve) => roomA.onMessage("transfer", resolve));
      assert.equal((await command(roomA, "move", { dir: "right" })).ok, true);
      await transfer;
      // Still seated in town: the process counts two players when the forest's join is checked.
      const forest = await joinMap(a, "forest");
      await Promise.all([forest.leave(), roomB.leave()]);
    });
  });

  describe("by event-loop lag", () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ ADMISSION_MAX_EVENT_LOOP_LAG_MS: "100" });
    });
    after(async () => server.close());

    it("admits newcomers after one long pause of the event loop (a GC, a burst of work): lag must be sustained", async () => {
      const late = await registerPlayer(server);
      const loop = server.runtime.roomDeps!.loop;
      await waitFor(() => loop.lagMs() <= 100, "no lag to begin with", 20_000);
      busyWait(600);
      // Watched until the window that measured the pause (1 s; its own 99th percentile is the pause) has ended.
      const measuredAfter = performance.now() + 2_000;
      let highestMs = 0;
      await waitFor(() => ((highestMs = Math.max(highestMs, loop.lagMs())), performance.now() > measuredAfter), "the pause's window measured");
      assert.ok(highestMs <= 100, `sustained lag up to ${highestMs} ms after one pause`);
      const lateRoom = await joinMap(late);
      assert.equal(await refusedJoins(server, "lag"), 0);
      await lateRoom.leave();
    });

    it("refuses newcomers with SERVER_FULL while the event loop lags, keeps answering the players in, and admits again once it recovers", async () => {
      const [inside, late] = await Promise.all([registerPlayer(server), registerPlayer(server)]);
      const room = await joinMap(inside);
      const loop = server.runtime.roomDeps!.loop;
      // The server's loop is this process's: blocked 150 ms out of every 200 ms.
      const stall = setInterval(() => busyWait(150), 200);
      try {
        await waitFor(() => loop.lagMs() > 100, "the lag measured", 20_000);
        await assert.rejects(late.client.joinOrCreate("map", { mapId: "town" }), /SERVER_FULL/);
        assert.equal(await refusedJoins(server, "lag"), 1, "counted");
        assert.equal((await command(room, "move", { dir: "down" })).ok, true, "a player already in is unaffected");
      } finally {
        clearInterval(stall);
      }
      await waitFor(() => loop.lagMs() <= 100, "the lag gone", 20_000);
      const lateRoom = await joinMap(late);
      await Promise.all([room.leave(), lateRoom.leave()]);
    });
  });
});
