import assert from "node:assert/strict";
import { matchMaker } from "@colyseus/core";
import { Client } from "@colyseus/sdk";
import { command, joinMap, registerPlayer, startTestServer, waitFor, type TestPlayer, type TestServer } from "../support/server.js";
import { TcpProxy } from "../support/tcpProxy.js";
import { TEST_DATABASE_URL } from "../support/stores.js";

/** A session the player's previous room (or a dead process) still holds: a join waits up to 5 s for it to end. */
const GHOST_SESSION = "ghost-session-of-the-previous-room";

/** The presence channels a room listens on for this player (kicks and refresh requests). */
const channelsOf = (playerId: number) => matchMaker.presence.channels(`rpg:player:${playerId}:*`);

/** Resolves once a join of the player is past `onAuth` and waiting for the ghost session to end. */
const waitingOnGhost = () =>
  waitFor(async () => (await matchMaker.presence.channels(`rpg:session:${GHOST_SESSION}:ended`)).length > 0, "the join waits on the ghost session");

async function ban(server: TestServer, admin: TestPlayer, username: string): Promise<number> {
  const response = await fetch(`${server.url}/admin/ban`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${admin.token}` },
    body: JSON.stringify({ username, reason: "botting" }),
  });
  return response.status;
}

/** Fails with `what` unless `promise` settles within `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe("MapRoom: kicks reach a player between two rooms", function () {
  this.timeout(60_000);
  let server: TestServer;
  let admin: TestPlayer;
  before(async () => {
    server = await startTestServer();
    admin = await registerPlayer(server);
    await server.runtime.gsm!.accounts.setRole(admin.id, "admin");
  });
  after(async () => server.close());

  it("kicks (BANNED, 4100) a player who was sent `transfer` and has not left the old room yet", async () => {
    const p = await registerPlayer(server);
    const room = await joinMap(p);
    await server.runtime.gsm!.fields.setPlayerPosition(p.id, 61, 32, "town"); // next to the portal to the forest
    const transfer = new Promise((resolve) => room.onMessage("transfer", resolve));
    const kicked = new Promise((resolve) => room.onMessage("kicked", resolve));
    const closed = new Promise<number>((resolve) => room.onLeave((code) => resolve(code)));
    assert.equal((await command(room, "move", { dir: "right" })).ok, true);
    assert.deepEqual(await transfer, { mapId: "forest", x: 2, y: 40 });

    const startedMs = Date.now();
    assert.equal(await ban(server, admin, p.username), 204);
    assert.ok(Date.now() - startedMs < 3_000, `the ban waited ${Date.now() - startedMs} ms for a session it could not reach`);
    assert.deepEqual(await within(kicked, 2_000, "kicked"), { reason: "BANNED" });
    assert.equal(await within(closed, 2_000, "close"), 4100);
    assert.equal(await server.runtime.gsm!.isOnline(p.id), false, "saved and unloaded before the ban answered");
    const again = new Client(server.url);
    again.auth.token = p.token;
    await assert.rejects(again.joinOrCreate("map", { mapId: "forest" }), /BANNED/);
  });

  it("refuses (403 BANNED) a join whose token was checked before a ban that kicked its session while it waited for the older one", async () => {
    const p = await registerPlayer(server);
    await server.runtime.gsm!.sessions.claim(p.id, GHOST_SESSION, "a-process-that-is-gone", 30_000);
    const joining = p.client.joinOrCreate("map", { mapId: "town" });
    joining.catch(() => undefined);
    await waitingOnGhost();
    // The ban finds the joining session live: its kick reaches the join, which listens before it claims.
    const banned = ban(server, admin, p.username);
    await assert.rejects(joining, (err: Error) => /^BANNED: botting/.test(err.message) && (err as { code?: number }).code === 403);
    assert.equal(await banned, 204);
    await waitFor(async () => !(await server.runtime.gsm!.isOnline(p.id)), "not loaded");
    assert.deepEqual(await channelsOf(p.id), [], "nothing left listening for the refused session");
  });
});

describe("MapRoom: a join that fails after subscribing", function () {
  this.timeout(60_000);
  const postgres = new URL(TEST_DATABASE_URL);
  const proxy = new TcpProxy(postgres.hostname, Number(postgres.port || 5432));
  let server: TestServer;
  before(async () => {
    await proxy.start();
    const proxied = new URL(TEST_DATABASE_URL);
    proxied.port = String(proxy.port);
    server = await startTestServer({ DATABASE_URL: proxied.toString() });
  });
  after(async () => {
    proxy.restore();
    await server?.close();
    await proxy.close();
  });

  it("unsubscribes from the player's presence channels when loading the player fails (PostgreSQL cut off)", async () => {
    const p = await registerPlayer(server);
    await server.runtime.gsm!.sessions.claim(p.id, GHOST_SESSION, "a-process-that-is-gone", 30_000);
    const joining = p.client.joinOrCreate("map", { mapId: "town" });
    joining.catch(() => undefined);
    await waitingOnGhost(); // past onAuth (which needs PostgreSQL), before the player is loaded from it
    proxy.cutOff();
    try {
      await assert.rejects(joining);
      assert.equal(await server.runtime.gsm!.isOnline(p.id), false);
      assert.deepEqual(await channelsOf(p.id), [], "no subscription of the failed join is left");
    } finally {
      proxy.restore();
    }
    const room = await joinMap(p);
    assert.ok(room.state.players.has(String(p.id)), "the player can join once PostgreSQL is back");
    await room.leave();
  });
});
