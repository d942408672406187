import assert from "node:assert/strict";
import { Client } from "@colyseus/sdk";
import { joinMap, registerPlayer, startTestServer, waitFor, type TestServer } from "../support/server.js";

async function post(server: TestServer, path: string, token: string, body: unknown, method = "POST"): Promise<number> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return response.status;
}

describe("MapRoom: kicks, bans, deletion and limits", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ ADMIN_USERNAMES: "boss_kick", MAX_PLAYERS_PER_MAP: "3" });
  });
  after(async () => server.close());

  it("kicks a banned player's online session with BANNED, saves it, and refuses its joins with 403", async () => {
    const admin = await registerPlayer(server, "boss_kick");
    const victim = await registerPlayer(server);
    const room = await joinMap(victim);
    const kicked = new Promise((resolve) => room.onMessage("kicked", resolve));
    const closed = new Promise<number>((resolve) => room.onLeave((code) => resolve(code)));
    assert.equal(await post(server, "/admin/ban", admin.token, { username: victim.username, reason: "botting" }), 204);
    assert.deepEqual(await kicked, { reason: "BANNED" });
    assert.equal(await closed, 4100);
    assert.equal(await server.runtime.gsm!.isOnline(victim.id), false, "saved and unloaded before the ban answered");
    const again = new Client(server.url);
    again.auth.token = victim.token;
    await assert.rejects(again.joinOrCreate("map", { mapId: "town" }), /BANNED/);
  });

  it("kicks an online account that deletes itself, deletes everything, and frees the username", async () => {
    const p = await registerPlayer(server);
    const room = await joinMap(p);
    const kicked = new Promise((resolve) => room.onMessage("kicked", resolve));
    assert.equal(await post(server, "/auth/account", p.token, { password: "correct horse battery" }, "DELETE"), 204);
    assert.deepEqual(await kicked, { reason: "ACCOUNT_DELETED" });
    await waitFor(() => !room.connection.isOpen, "closed");
    assert.equal(await server.runtime.gsm!.accounts.findById(p.id), null);
    assert.equal(await server.runtime.gsm!.readPlayer(p.id), null, "no keys left");
    const reborn = await registerPlayer(server, p.username);
    assert.notEqual(reborn.id, p.id);
  });

  it("tells a client that sends more than 30 messages a second why, then closes it for good (kicked FLOODING, 4100)", async () => {
    const p = await registerPlayer(server);
    const room = await joinMap(p);
    const kicked = new Promise<unknown>((resolve) => room.onMessage("kicked", resolve));
    const closed = new Promise<[number, string | undefined]>((resolve) => room.onLeave((code, reason) => resolve([code, reason])));
    for (let i = 0; i < 45; i++) room.send("move", { dir: "up" });
    assert.deepEqual(await kicked, { reason: "FLOODING" });
    assert.deepEqual(await closed, [4100, "FLOODING: more than 30 messages in a second"]);
    await waitFor(async () => !(await server.runtime.gsm!.isOnline(p.id)), "saved and unloaded at once (no reconnection window)");
    const again = new Client(server.url);
    again.auth.token = p.token;
    const back = await again.joinOrCreate("map", { mapId: "town" });
    await back.leave();
  });

  it("refuses joins beyond MAX_PLAYERS_PER_MAP with 503 SERVER_FULL", async () => {
    const present = await Promise.all([registerPlayer(server), registerPlayer(server), registerPlayer(server)]);
    const rooms = [];
    for (const p of present) rooms.push(await joinMap(p));
    const late = await registerPlayer(server);
    await assert.rejects(late.client.joinOrCreate("map", { mapId: "town" }), /SERVER_FULL/);
    for (const room of rooms) await room.leave();
  });
});
