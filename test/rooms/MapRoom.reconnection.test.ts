import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { Client } from "@colyseus/sdk";
import type { MapState } from "../../src/schema/MapState.js";
import { startServerProcess, type ServerProcess } from "../support/processServer.js";
import { command, playerIn, waitFor, type MapRoomClient } from "../support/server.js";
import { deleteKeysWithPrefix, uniquePrefix } from "../support/stores.js";
import { TcpProxy } from "../support/tcpProxy.js";

/**
 * Reconnection against a server started the way `npm start` starts it (its own process, nothing given
 * to it by the test run), on the Node that runs the suite: on Node 20 the server must bring the global
 * WebSocket that @colyseus/core reads on reconnection itself.
 */
describe("MapRoom: reconnection to a server process", function () {
  this.timeout(60_000);
  const prefix = uniquePrefix();
  let server: ServerProcess;
  // Clients connect through a TCP proxy, so a test can drop a connection without a close frame whatever
  // WebSocket the SDK runs on (Node 22's own has no `terminate`).
  let proxy: TcpProxy;
  let proxyUrl: string;
  before(async () => {
    server = await startServerProcess({ VALKEY_KEY_PREFIX: prefix, RECONNECT_WINDOW_S: "20" });
    const { hostname, port } = new URL(server.url);
    proxy = new TcpProxy(hostname, Number(port));
    await proxy.start();
    proxyUrl = `http://127.0.0.1:${proxy.port}`;
  });
  after(async () => {
    await proxy?.close();
    await server?.stop();
    await deleteKeysWithPrefix(prefix);
  });

  /** A fresh account, joined to town through the SDK; automatic reconnection off (the test reconnects). */
  async function joinedPlayer(): Promise<{ client: Client; room: MapRoomClient; player: { id: number } }> {
    const registered = await fetch(`${server.url}/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: `rc_${randomBytes(4).toString("hex")}`, password: "correct horse battery" }),
    });
    assert.equal(registered.status, 201, await registered.clone().text());
    const { token, player } = (await registered.json()) as { token: string; player: { id: number } };
    const client = new Client(proxyUrl);
    client.auth.token = token;
    const room: MapRoomClient = await client.joinOrCreate<MapState>("map", { mapId: "town" });
    await waitFor(() => room.state?.players?.get(String(player.id)) !== undefined, "own player in state");
    room.reconnection.enabled = false;
    return { client, room, player };
  }

  it("lets a client whose socket dropped reconnect with its token and find its player as it left it", async () => {
    const { client, room, player } = await joinedPlayer();
    assert.equal((await command(room, "move", { dir: "down" })).ok, true);
    const position = [playerIn(room, player.id).x, playerIn(room, player.id).y];

    const dropped = new Promise<number>((resolve) => room.onDrop((code) => resolve(code)));
    // A genuine drop: the connection is cut without a close frame (no consented leave).
    proxy.cutOff();
    assert.equal(await dropped, 1006);
    proxy.restore();

    const again = await client.reconnect<MapState>(room.reconnectionToken) as MapRoomClient;
    await waitFor(() => again.state?.players?.get(String(player.id)) !== undefined, "own player after reconnecting");
    assert.deepEqual([playerIn(again, player.id).x, playerIn(again, player.id).y], position);
    const after = await command(again, "inventory:move", { from: 0, to: 9 });
    assert.equal(after.ok, true, `commands work after reconnecting: ${JSON.stringify(after)}`);
    assert.doesNotMatch(server.output(), /WebSocket is not defined/);
    await again.leave();
  });

  it("lets a client reconnect before the server noticed its drop (the old connection still looks open there)", async () => {
    const { client, room, player } = await joinedPlayer();
    assert.equal((await command(room, "inventory:move", { from: 0, to: 9 })).ok, true);
    // The client gave up on a connection the server still holds (a half-open TCP connection): Colyseus
    // closes the old one (4002) and must keep the seat for the reconnection.
    const again = (await client.reconnect<MapState>(room.reconnectionToken)) as MapRoomClient;
    await waitFor(() => again.state?.personal?.get(String(player.id)) !== undefined, "own player after reconnecting");
    assert.equal(again.state.personal.get(String(player.id))?.inventory.has("9"), true, "found as it was left");
    const after = await command(again, "move", { dir: "down" });
    assert.equal(after.ok, true, JSON.stringify(after));
    await again.leave();
  });
});
