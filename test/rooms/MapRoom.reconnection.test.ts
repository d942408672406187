import assert from "node:assert/strict";
import { Client } from "@colyseus/sdk";
import type { MapState } from "../../src/schema/MapState.js";
import { startServerProcess, type ServerProcess } from "../support/processServer.js";
import { command, playerIn, waitFor, type MapRoomClient } from "../support/server.js";
import { deleteKeysWithPrefix, uniquePrefix } from "../support/stores.js";

/**
 * Reconnection against a server started the way `npm start` starts it (its own process, nothing given
 * to it by the test run), on the Node that runs the suite: on Node 20 the server must bring the global
 * WebSocket that @colyseus/core reads on reconnection itself.
 */
describe("MapRoom: reconnection to a server process", function () {
  this.timeout(60_000);
  const prefix = uniquePrefix();
  let server: ServerProcess;
  before(async () => {
    server = await startServerProcess({ VALKEY_KEY_PREFIX: prefix, RECONNECT_WINDOW_S: "20" });
  });
  after(async () => {
    await server?.stop();
    await deleteKeysWithPrefix(prefix);
  });

  it("lets a client whose socket dropped reconnect with its token and find its player as it left it", async () => {
    const registered = await fetch(`${server.url}/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: `rc_${Date.now() % 1e6}`, password: "correct horse battery" }),
    });
    assert.equal(registered.status, 201, await registered.clone().text());
    const { token, player } = (await registered.json()) as { token: string; player: { id: number } };
    const client = new Client(server.url);
    client.auth.token = token;
    const room: MapRoomClient = await client.joinOrCreate<MapState>("map", { mapId: "town" });
    await waitFor(() => room.state?.players?.get(String(player.id)) !== undefined, "own player in state");
    room.reconnection.enabled = false;
    assert.equal((await command(room, "move", { dir: "down" })).ok, true);
    const position = [playerIn(room, player.id).x, playerIn(room, player.id).y];

    const dropped = new Promise<number>((resolve) => room.onDrop((code) => resolve(code)));
    // A genuine drop: the socket is destroyed without a close frame (no consented leave).
    (room.connection.transport as unknown as { ws: { terminate(): void } }).ws.terminate();
    assert.equal(await dropped, 1006);

    const again = await client.reconnect<MapState>(room.reconnectionToken) as MapRoomClient;
    await waitFor(() => again.state?.players?.get(String(player.id)) !== undefined, "own player after reconnecting");
    assert.deepEqual([playerIn(again, player.id).x, playerIn(again, player.id).y], position);
    const after = await command(again, "inventory:move", { from: 0, to: 9 });
    assert.equal(after.ok, true, `commands work after reconnecting: ${JSON.stringify(after)}`);
    assert.doesNotMatch(server.output(), /WebSocket is not defined/);
    await again.leave();
  });
});
