import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import express from "express";
import { clientRoute } from "../../src/http/clientRoute.js";

describe("clientRoute (GET /: the browser client)", () => {
  let dist: string;
  let server: Server;
  let base: string;

  before(async () => {
    dist = mkdtempSync(join(tmpdir(), "client-dist-"));
    const app = express();
    app.get("/health", (_req, res) => void res.json({ ok: true }));
    app.use(clientRoute(dist));
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dist, { recursive: true, force: true });
  });

  it("answers 503 with the build command while there is no build, and leaves other routes alone", async () => {
    const res = await fetch(`${base}/`);
    assert.equal(res.status, 503);
    assert.match(await res.text(), /npm run client:build/);
    assert.equal((await fetch(`${base}/health`)).status, 200);
  });

  it("serves the build: the page revalidated, fingerprinted assets cached for a year, gzip twins to clients that accept them", async () => {
    mkdirSync(join(dist, "assets"), { recursive: true });
    const script = "console.log('game');".repeat(100);
    writeFileSync(join(dist, "index.html"), "<!doctype html><title>RPG</title>");
    writeFileSync(join(dist, "assets", "index-abc.js"), script);
    writeFileSync(join(dist, "assets", "index-abc.js.gz"), gzipSync(script));
    writeFileSync(join(dist, ".build-stamp.json"), "{}");

    const page = await fetch(`${base}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-type") ?? "", /text\/html/);
    assert.equal(page.headers.get("cache-control"), "no-cache");
    assert.match(await page.text(), /<title>RPG<\/title>/);

    const zipped = await fetch(`${base}/assets/index-abc.js`, { headers: { "accept-encoding": "gzip" } });
    assert.equal(zipped.status, 200);
    assert.equal(zipped.headers.get("content-encoding"), "gzip");
    assert.match(zipped.headers.get("content-type") ?? "", /javascript/);
    assert.equal(zipped.headers.get("cache-control"), "public, max-age=31536000, immutable");
    assert.equal(await zipped.text(), script, "fetch decodes the gzip twin into the script");

    const plain = await fetch(`${base}/assets/index-abc.js`, { headers: { "accept-encoding": "identity" } });
    assert.equal(plain.headers.get("content-encoding"), null);
    assert.equal(await plain.text(), script);

    assert.equal((await fetch(`${base}/.build-stamp.json`)).status, 404, "dotfiles of the build are not served");
    assert.equal((await fetch(`${base}/assets/missing.js`)).status, 404);
  });
});
