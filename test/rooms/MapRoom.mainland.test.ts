import assert from "node:assert/strict";
import { chebyshev } from "../../src/services/rules/distance.js";
import { command, joinMap, playerIn, registerPlayer, startTestServer, waitFor, type MapRoomClient, type TestServer } from "../support/server.js";

describe("MapRoom: the mainland", function () {
  this.timeout(60_000);
  let server: TestServer;
  before(async () => (server = await startTestServer()));
  after(async () => server.close());

  /** Every NPC and player in the client's state is within the area of interest of its own player. */
  function assertOnlyNear(room: MapRoomClient, playerId: number): void {
    const me = playerIn(room, playerId);
    const radius = server.cfg.rules.areaOfInterestTiles;
    for (const npc of room.state.npcs.values()) assert.ok(chebyshev(npc, me) <= radius, `NPC ${npc.id} at (${npc.x}, ${npc.y}) seen from (${me.x}, ${me.y})`);
    for (const other of room.state.players.values()) assert.ok(chebyshev(other, me) <= radius, `player ${other.id} seen`);
  }

  it("is reached through the town's north gate, and shows a walker only the small part of its NPCs around it", async () => {
    const p = await registerPlayer(server);
    const town = await joinMap(p);
    await server.runtime.gsm!.fields.setPlayerPosition(p.id, 31, 2, "town");
    const transfer = new Promise((resolve) => town.onMessage("transfer", resolve));
    assert.equal((await command(town, "move", { dir: "up" })).ok, true);
    assert.deepEqual(await transfer, { mapId: "mainland", x: 128, y: 251 });
    await town.leave();

    const room = await joinMap(p, "mainland");
    const total = server.runtime.world.get("mainland")!.npcSpawns.length;
    await waitFor(() => room.state.npcs.size > 0, "the NPCs near the gate");
    assert.ok(room.state.npcs.size < total / 10, `${room.state.npcs.size} of ${total} NPCs in view`);
    assertOnlyNear(room, p.id);
    // North along the main road: each step keeps the view to the area of interest.
    for (let i = 0; i < 8; i++) {
      const moved = await command(room, "move", { dir: "up" });
      if (!moved.ok) {
        assert.equal(moved.code, "RATE_LIMITED");
        await new Promise((r) => setTimeout(r, moved.retryAfterMs ?? 150));
        continue;
      }
      assertOnlyNear(room, p.id);
    }
    assert.ok(playerIn(room, p.id).y < 251);

    const back = new Promise((resolve) => room.onMessage("transfer", resolve));
    await server.runtime.gsm!.fields.setPlayerPosition(p.id, 128, 253, "mainland");
    assert.equal((await command(room, "move", { dir: "down" })).ok, true);
    assert.deepEqual(await back, { mapId: "town", x: 32, y: 3 });
  });
});
