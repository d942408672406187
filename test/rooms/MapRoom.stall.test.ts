import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { Client } from "@colyseus/sdk";
import { loadConfig } from "../../src/config/config.js";
import type { CommandResult } from "../../src/protocol/index.js";
import type { MapState } from "../../src/schema/MapState.js";
import { startServerProcess, type ServerProcess } from "../support/processServer.js";
import { waitFor, type MapRoomClient } from "../support/server.js";
import { deleteKeysWithPrefix, uniquePrefix } from "../support/stores.js";

const SEND_EVERY_MS = 100;
const STALL_MS = 5_000;

/**
 * A server whose event loop stalls (its process stopped with SIGSTOP and resumed with SIGCONT: nothing is
 * given to the server) reads everything its clients sent meanwhile at once; an honest client must not be
 * taken for a flooder for the server's own delay.
 */
describe("MapRoom: messages that waited behind a stalled server", function () {
  this.timeout(90_000);
  const prefix = uniquePrefix();
  let server: ServerProcess;
  before(async () => {
    server = await startServerProcess({ VALKEY_KEY_PREFIX: prefix });
  });
  after(async () => {
    if (server?.child.signalCode === null) server.child.kill("SIGCONT");
    await server?.stop();
    await deleteKeysWithPrefix(prefix);
  });

  it("keeps a client that sent 10 messages a second through a 5 s stall and answers every one of them", async () => {
    const registered = await fetch(`${server.url}/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: `st_${randomBytes(4).toString("hex")}`, password: "correct horse battery" }),
    });
    assert.equal(registered.status, 201);
    const { token, player } = (await registered.json()) as { token: string; player: { id: number } };
    const client = new Client(server.url);
    client.auth.token = token;
    const room: MapRoomClient = await client.joinOrCreate<MapState>("map", { mapId: "town" });
    await waitFor(() => room.state?.players?.get(String(player.id)) !== undefined, "own player in state", 20_000);
    const answered = new Set<number | null>();
    const kicks: unknown[] = [];
    let accepted = 0;
    room.onMessage("result", (result: CommandResult) => {
      answered.add(result.seq);
      if (result.ok) accepted++;
    });
    room.onMessage("kicked", (message: unknown) => kicks.push(message));
    let closedWith: number | null = null;
    room.onLeave((code) => (closedWith = code));

    server.child.kill("SIGSTOP");
    const sent: number[] = [];
    for (let seq = 1; seq <= STALL_MS / SEND_EVERY_MS; seq++) {
      room.send("move", { dir: seq % 2 === 0 ? "left" : "right", seq });
      sent.push(seq);
      await new Promise((resolve) => setTimeout(resolve, SEND_EVERY_MS));
    }
    server.child.kill("SIGCONT");

    await waitFor(() => answered.size === sent.length || closedWith !== null, "every command answered", 30_000);
    assert.deepEqual(kicks, []);
    assert.equal(closedWith, null);
    assert.equal(answered.size, sent.length);
    // Sent every 100 ms against the move cooldown (150 ms: every other move was on time), a server reading
    // them as they came would have accepted `onTime` of them. Read in one burst after the stall, they are
    // judged by when they may have arrived, not refused as early.
    const cooldownMs = loadConfig({ NODE_ENV: "test" }).rules.moveCooldownMs;
    const onTime = Math.ceil(sent.length / Math.ceil(cooldownMs / SEND_EVERY_MS));
    assert.ok(accepted >= onTime, `${accepted} of ${sent.length} moves accepted; ${onTime} were on time`);
    await room.leave();
  });
});
