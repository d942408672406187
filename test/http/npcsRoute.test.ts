import assert from "node:assert/strict";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { npcsRoute } from "../../src/http/npcsRoute.js";
import { ItemService } from "../../src/services/ItemService.js";
import { NpcKindService } from "../../src/services/NpcKindService.js";

describe("npcsRoute (GET /npcs)", () => {
  const items = new ItemService();
  const kinds = new NpcKindService(items);
  let server: Server;
  let base: string;

  before(async () => {
    const app = express();
    app.use(npcsRoute(kinds));
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  it("lists every kind in the protocol's npcKind shape", async () => {
    const res = await fetch(`${base}/npcs`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("cache-control") ?? "", /max-age=60/);
    const list = (await res.json()) as Array<Record<string, unknown>>;
    assert.equal(list.length, kinds.all().length);
    assert.deepEqual(Object.keys(list[0]!), [
      "kind", "displayName", "behaviour", "combatLevel", "maxHp", "attackSpeedTicks", "aggressionRadius", "drops", "shop",
    ]);
    const cow = list.find((k) => k.kind === "cow")!;
    assert.deepEqual(cow, {
      kind: "cow", displayName: "Cow", behaviour: "passive", combatLevel: 3, maxHp: 8, attackSpeedTicks: 5, aggressionRadius: 0,
      drops: [
        { itemId: items.getByName("bones")!.id, min: 1, max: 1, chance: 1 },
        { itemId: items.getByName("cowhide")!.id, min: 1, max: 1, chance: 1 },
      ],
      shop: null,
    });
  });
});
