import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Client } from "@colyseus/sdk";
import { command, joinMap, registerPlayer, startTestServer, type TestServer } from "../support/server.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const PASSWORD = "correct horse battery";

/** `npm run admin -- <args>` as an operator runs it: its own process, the server's stores and key prefix. */
async function adminCli(server: TestServer, ...args: string[]): Promise<void> {
  await promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/admin.ts", ...args], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "test", DATABASE_URL: server.cfg.databaseUrl, VALKEY_URL: server.cfg.valkeyUrl, VALKEY_KEY_PREFIX: server.prefix },
    timeout: 60_000,
  });
}

async function login(server: TestServer, username: string, password = PASSWORD): Promise<{ status: number; body: { token?: string; player?: { role: string } } }> {
  const res = await fetch(`${server.url}/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  return { status: res.status, body: (await res.json()) as { token?: string; player?: { role: string } } };
}

const unique = (prefix: string) => `${prefix}_${randomBytes(3).toString("hex")}`;

describe("MapRoom: live sessions follow credential and role changes", function () {
  this.timeout(120_000);
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.close());

  it("ends the online session when the password changes (LOGGED_IN_ELSEWHERE), and the old token cannot join again", async () => {
    const p = await registerPlayer(server);
    const room = await joinMap(p);
    const kicked = new Promise((resolve) => room.onMessage("kicked", resolve));
    const closed = new Promise<number>((resolve) => room.onLeave((code) => resolve(code)));
    const res = await fetch(`${server.url}/auth/password`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${p.token}` },
      body: JSON.stringify({ currentPassword: PASSWORD, newPassword: "a brand new password" }),
    });
    assert.equal(res.status, 204);
    assert.deepEqual(await kicked, { reason: "LOGGED_IN_ELSEWHERE" });
    assert.equal(await closed, 4100);
    assert.equal(await server.runtime.gsm!.isOnline(p.id), false, "saved and unloaded before the change answered");
    const again = new Client(server.url);
    again.auth.token = p.token;
    await assert.rejects(again.joinOrCreate("map", { mapId: "town" }), /UNAUTHORIZED/);
  });

  it("refuses a join whose tokens were revoked after its onAuth read the account: the revocation comes with its session claim", async () => {
    const p = await registerPlayer(server);
    // What a ban leaves for a join that read the account just before it: PostgreSQL's row as the join saw
    // it, and the revocation in Valkey, recorded before the join claims its session.
    const { tokenVersion } = (await server.runtime.gsm!.accounts.findById(p.id))!;
    await server.runtime.gsm!.sessions.revokeTokens(p.id, { belowVersion: tokenVersion + 1, code: "BANNED", message: "botting" });
    await assert.rejects(p.client.joinOrCreate("map", { mapId: "town" }), /BANNED: botting/);
    assert.equal(await server.runtime.gsm!.isOnline(p.id), false, "nothing loaded for the refused join");
  });

  it("applies a demotion by npm run admin to the next admin command, without a new join", async () => {
    const name = unique("demoted");
    const p = await registerPlayer(server, name);
    await adminCli(server, "promote", name, "admin");
    const room = await joinMap(p);
    assert.equal((await command(room, "admin:xp", { skill: "mining", xp: 10 })).ok, true);
    await adminCli(server, "promote", name, "player");
    const refused = await command(room, "admin:xp", { skill: "mining", xp: 10 });
    assert.equal(refused.ok === false && refused.code, "FORBIDDEN");
    await room.leave();
  });

  it("applies a promotion by npm run admin to an online player at once", async () => {
    const name = unique("promoted");
    const p = await registerPlayer(server, name);
    const room = await joinMap(p);
    const before = await command(room, "admin:xp", { skill: "mining", xp: 10 });
    assert.equal(before.ok === false && before.code, "FORBIDDEN");
    await adminCli(server, "promote", name, "admin");
    assert.equal((await command(room, "admin:xp", { skill: "mining", xp: 10 })).ok, true);
    await room.leave();
  });
});

describe("ADMIN_USERNAMES", function () {
  this.timeout(60_000);

  it("gives the admin role at start-up to listed accounts that exist then, and never at registration or login", async () => {
    const early = unique("ops_early");
    const late = unique("ops_late");
    const first = await startTestServer();
    try {
      await registerPlayer(first, early);
    } finally {
      await first.close();
    }
    const server = await startTestServer({ ADMIN_USERNAMES: `${early},${late}` });
    try {
      assert.equal((await login(server, early)).body.player?.role, "admin");
      const res = await fetch(`${server.url}/auth/register`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: late, password: PASSWORD }),
      });
      assert.equal(((await res.json()) as { player: { role: string } }).player.role, "player");
      assert.equal((await login(server, late)).body.player?.role, "player");
    } finally {
      await server.close();
    }
  });
});
