import assert from "node:assert/strict";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { RESOURCE_KINDS } from "../../src/content/resourceKinds.js";
import { resourcesRoute } from "../../src/http/resourcesRoute.js";
import type { ResourceKindInfo } from "../../src/protocol/index.js";
import { ItemService } from "../../src/services/ItemService.js";

describe("resourcesRoute (GET /resources)", () => {
  const items = new ItemService();
  let server: Server;
  let base: string;

  before(async () => {
    const app = express();
    app.use(resourcesRoute(items, 0.5));
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  it("lists every resource kind in the protocol's shape, with respawn times as this server scales them", async () => {
    const res = await fetch(`${base}/resources`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("cache-control") ?? "", /max-age=60/);
    const list = (await res.json()) as ResourceKindInfo[];
    assert.deepEqual(list.map((k) => k.kind), RESOURCE_KINDS.map((k) => k.kind));
    assert.deepEqual(Object.keys(list[0]!), ["kind", "skill", "requiredLevel", "tool", "item", "xp", "respawnS"]);
    assert.deepEqual(list.find((k) => k.kind === "oak_tree"), {
      kind: "oak_tree", skill: "woodcutting", requiredLevel: 15, tool: ["bronze_hatchet", "iron_hatchet", "steel_hatchet"],
      item: items.getByName("oak_logs")!.id, xp: 37, respawnS: 10,
    });
    assert.deepEqual(list.find((k) => k.kind === "lobster_spot"), {
      kind: "lobster_spot", skill: "fishing", requiredLevel: 40, tool: ["lobster_pot"], item: items.getByName("raw_lobster")!.id, xp: 90, respawnS: 0,
    });
    assert.deepEqual(list.find((k) => k.kind === "range"), { kind: "range", skill: "cooking", requiredLevel: 1, tool: [], item: null, xp: 0, respawnS: 0 });
  });
});
