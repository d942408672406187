import assert from "node:assert/strict";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { matchMaker } from "@colyseus/core";
import express from "express";
import { monitorRoute, type MonitorCredentials } from "../../src/http/monitorRoute.js";
import { command, joinMap, registerPlayer, startTestServer, type TestServer } from "../support/server.js";

describe("monitorRoute", () => {
  let server: Server | null = null;

  async function serve(credentials: MonitorCredentials): Promise<string> {
    const app = express();
    app.use(monitorRoute(credentials));
    app.get("/other", (_req, res) => {
      res.send("ok");
    });
    const listening = app.listen(0, "127.0.0.1");
    server = listening;
    await new Promise<void>((resolve) => listening.once("listening", resolve));
    return `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
  }

  afterEach(async () => {
    const open = server;
    server = null;
    if (open) await new Promise<void>((resolve) => open.close(() => resolve()));
  });

  const basic = (user: string, password: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}` });

  it("answers 404 under /monitor when no password is configured", async () => {
    const base = await serve({ user: "admin", password: "" });
    for (const path of ["/monitor", "/monitor/", "/monitor/api"]) {
      const res = await fetch(`${base}${path}`, { headers: basic("admin", "") });
      assert.equal(res.status, 404, path);
    }
    assert.equal((await fetch(`${base}/other`)).status, 200);
  });

  it("answers 401 with WWW-Authenticate: Basic without or with wrong credentials", async () => {
    const base = await serve({ user: "ops", password: "s3cret-monitor" });
    const attempts: Array<Record<string, string>> = [
      {},
      basic("ops", "wrong"),
      basic("someone", "s3cret-monitor"),
      basic("ops", "s3cret-monitor-but-longer"),
      { Authorization: "Basic !!!" },
      { Authorization: "Bearer s3cret-monitor" },
    ];
    for (const headers of attempts) {
      for (const path of ["/monitor/", "/monitor/api"]) {
        const res = await fetch(`${base}${path}`, { headers, redirect: "manual" });
        assert.equal(res.status, 401, `${path} ${JSON.stringify(headers)}`);
        assert.match(res.headers.get("www-authenticate") ?? "", /^Basic /);
      }
    }
    assert.equal((await fetch(`${base}/other`)).status, 200);
  });

  it("serves the Colyseus monitor with the right credentials", async () => {
    const base = await serve({ user: "ops", password: "s3cret-monitor" });
    const res = await fetch(`${base}/monitor/`, { headers: basic("ops", "s3cret-monitor") });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /text\/html/);
    assert.match(await res.text(), /<html/i);
    const bare = await fetch(`${base}/monitor`, { headers: basic("ops", "s3cret-monitor"), redirect: "manual" });
    assert.equal(bare.status, 302);
    assert.equal(bare.headers.get("location"), "/monitor/");
  });
});

describe("monitorRoute on a running server", () => {
  let server: TestServer;
  const basic = (user: string, password: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}` });
  const right = basic("ops", "s3cret-monitor");
  beforeEach(async () => {
    server = await startTestServer({ MONITOR_USER: "ops", MONITOR_PASSWORD: "s3cret-monitor", AUTH_MAX_FAILURES: "3" });
  });
  afterEach(async () => server.close());

  it("answers 429 with Retry-After after AUTH_MAX_FAILURES wrong passwords from an address, even with the right one", async () => {
    assert.equal((await fetch(`${server.url}/monitor/api`, { headers: right })).status, 200);
    for (let i = 0; i < 5; i++) assert.equal((await fetch(`${server.url}/monitor/api`)).status, 401, "asking for the prompt is no failure");
    for (let i = 0; i < 3; i++) assert.equal((await fetch(`${server.url}/monitor/api`, { headers: basic("ops", `guess ${i}`) })).status, 401);
    const blocked = await fetch(`${server.url}/monitor/api`, { headers: right });
    assert.equal(blocked.status, 429);
    assert.equal(((await blocked.json()) as { error: string }).error, "TOO_MANY_ATTEMPTS");
    const retryAfter = Number(blocked.headers.get("retry-after"));
    assert.ok(retryAfter >= 1 && retryAfter <= server.cfg.rules.authFailureWindowS, `Retry-After ${retryAfter}`);
  });

  it("is read-only: room calls and other methods answer 403 and change nothing; room details still answer", async () => {
    const p = await registerPlayer(server);
    const room = await joinMap(p);
    const sessionId = room.sessionId;
    const calls = [
      `/monitor/api/room/call?roomId=${room.roomId}&method=_forceClientDisconnect&args=${encodeURIComponent(JSON.stringify([sessionId]))}`,
      `/monitor/api/room/call?roomId=${room.roomId}&method=disconnect&args=[]`,
      `/monitor/api/ROOM/Call/?roomId=${room.roomId}&method=disconnect&args=[]`,
      `/monitor/api/room/%63all?roomId=${room.roomId}&method=disconnect&args=[]`,
    ];
    for (const path of calls) {
      const res = await fetch(`${server.url}${path}`, { headers: right });
      assert.equal(res.status, 403, path);
    }
    const post = await fetch(`${server.url}/monitor/api`, { method: "POST", headers: right });
    assert.equal(post.status, 403);
    const details = await fetch(`${server.url}/monitor/api/room?roomId=${room.roomId}`, { headers: right });
    assert.equal(details.status, 200);
    assert.equal(((await details.json()) as { clients: unknown[] }).clients.length, 1);
    assert.equal((await command(room, "move", { dir: "up" })).ok, true, "the client is still connected");
    assert.equal((await matchMaker.query({ name: "map" })).length, 1);
    await room.leave();
  });
});
