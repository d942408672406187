import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import express from "express";
import { defaultMapsDir, loadMaps } from "../../src/content/loadMaps.js";
import { mapRoutes } from "../../src/http/mapRoutes.js";
import { WorldService } from "../../src/services/WorldService.js";

describe("mapRoutes", () => {
  const world = new WorldService(loadMaps(), "town");
  let server: Server;
  let base: string;

  before(async () => {
    const app = express();
    app.use(mapRoutes(world));
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  it("lists every map with its size, spawn, portals and bank booths", async () => {
    const res = await fetch(`${base}/maps`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), [
      {
        id: "forest",
        width: 80,
        height: 80,
        spawn: { x: 10, y: 40 },
        portals: [{ x: 1, y: 39, width: 1, height: 2, targetMap: "town", targetX: 61, targetY: 32 }],
        banks: [],
      },
      {
        id: "mainland",
        width: 256,
        height: 256,
        spawn: { x: 128, y: 246 },
        portals: [{ x: 127, y: 254, width: 2, height: 1, targetMap: "town", targetX: 32, targetY: 3 }],
        banks: [{ x: 124, y: 156 }, { x: 125, y: 156 }],
      },
      {
        id: "town",
        width: 64,
        height: 64,
        spawn: { x: 32, y: 32 },
        portals: [
          { x: 62, y: 31, width: 1, height: 2, targetMap: "forest", targetX: 2, targetY: 40 },
          { x: 31, y: 1, width: 2, height: 1, targetMap: "mainland", targetX: 128, targetY: 251 },
        ],
        banks: [{ x: 28, y: 29 }, { x: 29, y: 29 }],
      },
    ]);
  });

  it("serves a map's Tiled JSON as shipped", async () => {
    const res = await fetch(`${base}/maps/forest`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /application\/json/);
    assert.deepEqual(await res.json(), JSON.parse(readFileSync(join(defaultMapsDir(), "forest.tmj"), "utf8")));
  });

  it("answers 404 NOT_FOUND for an unknown map", async () => {
    const res = await fetch(`${base}/maps/atlantis`);
    assert.equal(res.status, 404);
    const body = (await res.json()) as { error: string; message: string };
    assert.equal(body.error, "NOT_FOUND");
    assert.match(body.message, /atlantis/);
  });

  it("serves each tileset image a map names beside the map, as a PNG of the tileset's declared size", async () => {
    for (const map of world.all()) {
      const tilesets = map.tiled.tilesets as { image: string; imagewidth: number; imageheight: number }[];
      assert.ok(tilesets.length > 0, `${map.id} names no tileset`);
      for (const tileset of tilesets) {
        const url = new URL(tileset.image, `${base}/maps/${map.id}`);
        const res = await fetch(url);
        assert.equal(res.status, 200, `${url.pathname} for ${map.id}`);
        assert.equal(res.headers.get("content-type"), "image/png");
        const bytes = Buffer.from(await res.arrayBuffer());
        assert.deepEqual(bytes, readFileSync(join(defaultMapsDir(), tileset.image)));
        assert.equal(bytes.toString("ascii", 12, 16), "IHDR");
        assert.equal(bytes.readUInt32BE(16), tileset.imagewidth, "width");
        assert.equal(bytes.readUInt32BE(20), tileset.imageheight, "height");
      }
    }
  });

  it("serves no file of the maps folder that no map names as a tileset image", async () => {
    assert.equal((await fetch(`${base}/maps/town.tmj`)).status, 404);
    assert.equal((await fetch(`${base}/maps/..%2Fpackage.json`)).status, 404);
  });
});
