import assert from "node:assert/strict";
import { loadMaps } from "../../src/content/loadMaps.js";
import { command, personalIn, playerIn, waitFor, type MapRoomClient } from "../support/server.js";
import { joinThrough, registerOn, TestCluster, type ClusterPlayer } from "../support/cluster.js";
import { itemNamed } from "../support/factories.js";

const town = loadMaps().get("town")!;
const keeperSpawn = town.npcSpawns.find((s) => s.kind === "shopkeeper")!;
const pot = itemNamed("lobster_pot");
const NORMAL_STOCK = 3;

/**
 * Clients of two processes buying the last units of one shop at once, end to end. (The town's one room lives
 * on one of the processes; two processes committing against one stock is raced in test/services/ShopService.)
 */
describe("reliability: players of two processes buying a shop's last items at once", function () {
  this.timeout(120_000);
  let cluster: TestCluster;
  before(async () => {
    // No restock during the test: every unit sold comes from the normal stock.
    cluster = await TestCluster.start(2, { SHOP_RESTOCK_MS: "3600000" });
  });
  after(async () => cluster.close());

  it("sells each unit exactly once, whoever races for it", async () => {
    const players: ClusterPlayer[] = [];
    for (let i = 0; i < 6; i++) players.push(await cluster.promote(await registerOn(cluster.server(i % 2), `race_${i}_${Date.now() % 1e5}`)));
    const rooms: MapRoomClient[] = [];
    for (const [i, player] of players.entries()) rooms.push(await joinThrough(cluster.server(i % 2), player));
    for (const [i, room] of rooms.entries()) {
      assert.equal((await command(room, "admin:give", { itemId: itemNamed("coins").id, quantity: 1_000 })).ok, true);
      assert.equal((await command(room, "admin:teleport", { x: keeperSpawn.x, y: keeperSpawn.y })).ok, true);
      await waitFor(() => playerIn(room, players[i]!.id).x === keeperSpawn.x && playerIn(room, players[i]!.id).y === keeperSpawn.y, "at the shop");
    }
    const keeperId = [...rooms[0]!.state.npcs.values()].find((n) => n.kind === "shopkeeper")!.id;

    const results = await Promise.all(rooms.map((room) => command(room, "shop:buy", { npcId: keeperId, itemId: pot.id, quantity: 2 })));
    const bought = results.map((r) => (r.ok ? (r.data as { quantity: number }).quantity : 0));
    assert.equal(bought.reduce((a, b) => a + b, 0), NORMAL_STOCK, JSON.stringify(results));
    assert.ok(results.every((r) => r.ok || r.code === "OUT_OF_STOCK"), JSON.stringify(results));
    for (const [i, room] of rooms.entries()) {
      const held = [...personalIn(room, players[i]!.id).inventory.values()].filter((s) => s.itemId === pot.id).length;
      assert.equal(held, bought[i], `player ${i}`);
    }
    for (const server of [cluster.server(0), cluster.server(1)]) {
      const shop = (await (await fetch(`${server.url}/shops/general_store`)).json()) as { items: Array<{ itemId: number; stock: number }> };
      assert.equal(shop.items.find((item) => item.itemId === pot.id)?.stock, 0, `${server.url} sees the shared stock`);
    }

    for (const room of rooms) await room.leave();
    await waitFor(async () => (await cluster.gsm.getOnlinePlayerIds()).size === 0, "everyone saved", 20_000);
    const saved = await cluster.prisma.playerInventorySlot.count({ where: { itemId: pot.id } });
    assert.equal(saved, NORMAL_STOCK, "PostgreSQL holds each unit once");
  });
});
