import assert from "node:assert/strict";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { monitorRoute, type MonitorCredentials } from "../../src/http/monitorRoute.js";

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
