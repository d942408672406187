import assert from "node:assert/strict";
import { Client } from "@colyseus/sdk";
import { startServerProcess } from "../support/processServer.js";
import { command, joinMap, personalIn, playerIn, waitFor } from "../support/server.js";
import { deleteKeysWithPrefix, prepareTestDatabase, uniquePrefix } from "../support/stores.js";

async function register(url: string, username: string): Promise<{ id: number; token: string }> {
  const response = await fetch(`${url}/auth/register`, {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: "correct horse battery" }),
  });
  const body = (await response.json()) as { token: string; player: { id: number } };
  return { id: body.player.id, token: body.token };
}

describe("MapRoom: graceful shutdown", function () {
  this.timeout(90_000);
  const prefix = uniquePrefix();
  before(async () => prepareTestDatabase());
  after(async () => deleteKeysWithPrefix(prefix));

  it("kicks every client with SERVER_SHUTDOWN, saves everything, exits 0, and a restart finds it all", async () => {
    const first = await startServerProcess({ VALKEY_KEY_PREFIX: prefix });
    const account = await register(first.url, `sd_${Date.now() % 1e6}`);
    const client = new Client(first.url);
    client.auth.token = account.token;
    const room = await joinMap({ id: account.id, client });
    assert.equal((await command(room, "move", { dir: "left" })).ok, true);
    assert.equal((await command(room, "inventory:move", { from: 3, to: 27 })).ok, true);
    const kicked = new Promise((resolve) => room.onMessage("kicked", resolve));
    const closed = new Promise<number>((resolve) => room.onLeave((code) => resolve(code)));

    const started = Date.now();
    assert.equal(await first.stop("SIGTERM"), 0, first.output());
    assert.ok(Date.now() - started < 10_000, "exits within 10 s");
    assert.deepEqual(await kicked, { reason: "SERVER_SHUTDOWN" });
    assert.equal(await closed, 4001);

    // Valkey is wiped too: what comes back must come from PostgreSQL.
    await deleteKeysWithPrefix(prefix);
    const second = await startServerProcess({ VALKEY_KEY_PREFIX: prefix });
    try {
      const again = new Client(second.url);
      again.auth.token = account.token;
      const room2 = await joinMap({ id: account.id, client: again });
      await waitFor(() => personalIn(room2, account.id).inventory.size === 4, "inventory arrived");
      assert.equal(playerIn(room2, account.id).x, 31);
      assert.equal(personalIn(room2, account.id).inventory.get("27")?.quantity, 5);
      assert.equal(personalIn(room2, account.id).inventory.has("3"), false);
      await room2.leave();
    } finally {
      assert.equal(await second.stop("SIGTERM"), 0, second.output());
    }
  });
});
