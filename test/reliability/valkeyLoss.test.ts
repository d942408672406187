import assert from "node:assert/strict";
import type { ServerProcess } from "../support/processServer.js";
import { command, waitFor, type MapRoomClient } from "../support/server.js";
import { joinThrough, registerOn, TestCluster, type ClusterPlayer } from "../support/cluster.js";
import { seededRandom, totalsInPostgres, type ItemTotals } from "../support/itemTotals.js";

const STORM_MS = 30_000;
const FLUSH_AFTER_MS = 12_000;
/** Long enough for every process to notice the loss (each checks on its 1 s sync) and for syncs in flight to end. */
const SETTLE_MS = 4_000;
const CLIENTS = 16;
const MAX_ACTIONS_PER_CLIENT = 400;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SPAWNS: Record<string, { x: number; y: number }> = { town: { x: 32, y: 32 }, forest: { x: 10, y: 40 } };

/** Item ids whose total in `after` is above the one in `before` (items that were created). */
function created(before: ItemTotals, after: ItemTotals): Record<number, string> {
  const more: Record<number, string> = {};
  for (const [id, quantity] of Object.entries(after)) {
    const was = before[Number(id)] ?? 0;
    if (quantity > was) more[Number(id)] = `${was} -> ${quantity}`;
  }
  return more;
}

describe("reliability: Valkey loses its data in the middle of a storm", function () {
  this.timeout(240_000);
  let cluster: TestCluster;
  before(async () => {
    cluster = await TestCluster.start(2);
  });
  after(async () => cluster.close());

  it("creates no item: PostgreSQL keeps at most what it had, and everything done after the loss is saved", async () => {
    const random = seededRandom(20261204);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const players: ClusterPlayer[] = [];
    for (let i = 0; i < CLIENTS; i++) players.push(await cluster.promote(await registerOn(cluster.server(i % 2), `loss_${i}`)));
    const start = await totalsInPostgres(cluster.prisma);
    const processes = (): ServerProcess[] => [cluster.server(0), cluster.server(1)];
    const outcomes = new Map<string, number>();
    const count = (key: string) => outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    let flushed = false;
    let okAfterLoss = 0;

    const actor = async (player: ClusterPlayer, index: number) => {
      let mapId = "town";
      let room: MapRoomClient | null = null;
      let open = false;
      const join = async (through: ServerProcess) => {
        try {
          const joined = await joinThrough(through, player, mapId);
          open = true;
          joined.onLeave(() => (open = false));
          joined.onMessage("kicked", (message: { reason: string }) => count(`kicked ${message.reason}`));
          room = joined;
        } catch (err) {
          // A player who was elsewhere when the data was lost is back on the map PostgreSQL saved.
          const saved = /WRONG_MAP: (\w+)/.exec(String(err));
          if (saved) mapId = saved[1]!;
          count("join refused");
          await pause(200);
        }
      };
      const leave = async () => {
        const leaving = room;
        room = null;
        if (leaving && open) await leaving.leave().catch(() => undefined);
        await waitFor(async () => !(await cluster.gsm.sessions.current(player.id)), "session released", 10_000).catch(() => count("lease kept"));
      };
      await join(processes()[index % 2]!);
      const endAt = Date.now() + STORM_MS;
      for (let n = 0; n < MAX_ACTIONS_PER_CLIENT && Date.now() < endAt; n++) {
        if (!room || !open) {
          room = null;
          await join(pick(processes()));
          continue;
        }
        const current: MapRoomClient = room;
        const roll = random();
        const me = current.state.players.get(String(player.id));
        const personal = current.state.personal.get(String(player.id));
        const slots = personal ? [...personal.inventory.keys()].map(Number) : [];
        try {
          let result;
          if (roll < 0.25) result = await command(current, "move", { dir: pick(["up", "down", "left", "right"]) });
          else if (roll < 0.5 && slots.length > 0) result = await command(current, "inventory:drop", { slot: pick(slots), quantity: 1 });
          else if (roll < 0.8 && me) {
            const here = [...current.state.groundItems.values()].filter((g) => g.x === me.x && g.y === me.y);
            result = here.length > 0 ? await command(current, "ground:pickup", { id: pick(here).id }) : await command(current, "move", { dir: pick(["up", "down"]) });
          } else if (roll < 0.9 && slots.length > 0) result = await command(current, "equip", { slot: pick(slots) });
          else if (roll < 0.95) {
            const target = mapId === "town" ? "forest" : "town";
            // A session whose state is lost while its transfer is being saved is closed without the transfer.
            const transfer = new Promise<{ mapId: string } | null>((resolve) => {
              current.onMessage("transfer", resolve);
              current.onLeave(() => resolve(null));
            });
            result = await command(current, "admin:teleport", { mapId: target, ...SPAWNS[target] });
            if (result.ok) {
              mapId = (await transfer)?.mapId ?? mapId;
              await leave();
              await join(pick(processes()));
            }
          } else {
            await leave();
            await join(pick(processes()));
          }
          if (result) {
            count(result.ok ? "ok" : result.code);
            if (result.ok && flushed) okAfterLoss++;
          }
        } catch {
          count("no result");
        }
        await pause(100 + Math.floor(random() * 100));
      }
      return room;
    };

    const storm = Promise.all(players.map((p, i) => actor(p, i)));
    await pause(FLUSH_AFTER_MS);
    await cluster.redis.flushAll();
    flushed = true;
    await pause(SETTLE_MS);
    const afterLoss = await totalsInPostgres(cluster.prisma);
    const rooms: (MapRoomClient | null)[] = await storm;

    for (const room of rooms) await room?.leave().catch(() => undefined);
    await waitFor(async () => (await cluster.gsm.getOnlinePlayerIds()).size === 0, "everyone saved and unloaded", 30_000);
    await cluster.gsm.syncAll();
    const final = await totalsInPostgres(cluster.prisma);
    const summary = JSON.stringify(Object.fromEntries(outcomes));
    if (process.env.DEBUG_OUTPUT) console.log({ summary, okAfterLoss, start, afterLoss, final });

    assert.deepEqual(created(start, afterLoss), {}, `items created by the loss: ${summary}`);
    // Every action of the storm moves items without making or destroying any, and each save is one moment of
    // the world: losing the last seconds goes back to an earlier moment, which holds the same totals.
    assert.deepEqual(afterLoss, start, `PostgreSQL holds one moment of the world after the loss: ${summary}`);
    assert.ok((outcomes.get("kicked SERVER_SHUTDOWN") ?? 0) > 0, `sessions whose state was lost are ended: ${summary}`);
    assert.ok(okAfterLoss > 100, `play goes on after the loss (${okAfterLoss} commands ok): ${summary}`);
    assert.equal(outcomes.get("INTERNAL") ?? 0, 0, summary);
    assert.deepEqual(final, afterLoss, `everything after the loss is saved, each item once: ${summary}`);
    const hot = [...(await cluster.gsm.getMapGroundItems("town")), ...(await cluster.gsm.getMapGroundItems("forest"))];
    const saved = await cluster.prisma.groundItem.findMany();
    assert.deepEqual(
      hot.map((g) => [g.id, g.itemId, g.quantity]).sort((a, b) => a[0]! - b[0]!),
      saved.map((g) => [Number(g.id), g.itemId, g.quantity]).sort((a, b) => a[0]! - b[0]!),
      "the ground in Valkey is the ground in PostgreSQL",
    );
  });
});
