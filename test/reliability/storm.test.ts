import assert from "node:assert/strict";
import type { ServerProcess } from "../support/processServer.js";
import { command, waitFor, type MapRoomClient } from "../support/server.js";
import { joinThrough, registerOn, TestCluster, type ClusterPlayer } from "../support/cluster.js";
import { seededRandom, totalsInPostgres, totalsInValkey } from "../support/itemTotals.js";

const STORM_MS = 30_000;
const CLIENTS = 20;
const MAX_ACTIONS_PER_CLIENT = 400;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SPAWNS: Record<string, { x: number; y: number }> = { town: { x: 32, y: 32 }, forest: { x: 10, y: 40 } };

describe("reliability: a storm over two processes", function () {
  this.timeout(240_000);
  let cluster: TestCluster;
  before(async () => {
    cluster = await TestCluster.start(2);
  });
  after(async () => cluster.close());

  it("conserves every item id through drops, pickups, equips, moves, map changes and reconnects", async () => {
    const random = seededRandom(20261123);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const players: ClusterPlayer[] = [];
    for (let i = 0; i < CLIENTS; i++) players.push(await cluster.promote(await registerOn(cluster.server(i % 2), `admin_${10 + i}`)));
    const startTotals = await totalsInPostgres(cluster.prisma);
    const processes = (): ServerProcess[] => [cluster.server(0), cluster.server(1)];
    const outcomes = new Map<string, number>();
    const count = (key: string) => outcomes.set(key, (outcomes.get(key) ?? 0) + 1);

    const actor = async (player: ClusterPlayer, index: number) => {
      let mapId = "town";
      let room: MapRoomClient = await joinThrough(processes()[index % 2]!, player, mapId);
      const rejoin = async (nextMap: string) => {
        await room.leave();
        await waitFor(async () => !(await cluster.gsm.sessions.current(player.id)), "session released", 10_000);
        mapId = nextMap;
        room = await joinThrough(pick(processes()), player, mapId);
      };
      const endAt = Date.now() + STORM_MS;
      for (let n = 0; n < MAX_ACTIONS_PER_CLIENT && Date.now() < endAt; n++) {
        const roll = random();
        const me = room.state.players.get(String(player.id));
        const personal = room.state.personal.get(String(player.id));
        const slots = personal ? [...personal.inventory.keys()].map(Number) : [];
        let result;
        if (roll < 0.3) result = await command(room, "move", { dir: pick(["up", "down", "left", "right"]) });
        else if (roll < 0.45 && slots.length > 0) result = await command(room, "inventory:drop", { slot: pick(slots), quantity: 1 });
        else if (roll < 0.65 && me) {
          const here = [...room.state.groundItems.values()].filter((g) => g.x === me.x && g.y === me.y);
          result = here.length > 0 ? await command(room, "ground:pickup", { id: pick(here).id }) : await command(room, "move", { dir: pick(["up", "down"]) });
        } else if (roll < 0.75 && slots.length > 0) result = await command(room, "equip", { slot: pick(slots) });
        else if (roll < 0.82) result = await command(room, "unequip", { slot: pick(["weapon", "shield", "body", "head"]) });
        else if (roll < 0.86) result = await command(room, "inventory:move", { from: pick([0, 1, 2, 3, 4]), to: pick([5, 6, 7, 20]) });
        else if (roll < 0.93) {
          const target = mapId === "town" ? "forest" : "town";
          const transfer = new Promise<{ mapId: string }>((resolve) => room.onMessage("transfer", resolve));
          result = await command(room, "admin:teleport", { mapId: target, ...SPAWNS[target] });
          if (result.ok) await rejoin((await transfer).mapId);
          count("map change");
        } else {
          await rejoin(mapId);
          count("reconnect");
        }
        if (result) count(result.ok ? "ok" : result.code);
        await pause(120 + Math.floor(random() * 120));
      }
      return { room, mapId };
    };

    const ended = await Promise.all(players.map((p, i) => actor(p, i)));
    assert.ok((outcomes.get("ok") ?? 0) > 500, JSON.stringify(Object.fromEntries(outcomes)));
    assert.equal(outcomes.get("INTERNAL") ?? 0, 0);
    assert.equal(outcomes.get("UNAVAILABLE") ?? 0, 0);
    await pause(300);

    const inValkey = await totalsInValkey(cluster.gsm, players.map((p) => p.id), ["town", "forest"]);
    assert.deepEqual(inValkey, startTotals, "totals in Valkey");
    for (const { room } of ended) await room.leave();
    await waitFor(async () => (await cluster.gsm.getOnlinePlayerIds()).size === 0, "everyone saved and unloaded", 20_000);
    await cluster.gsm.syncAll();
    assert.deepEqual(await totalsInPostgres(cluster.prisma), startTotals, "totals in PostgreSQL");
  });
});
