import assert from "node:assert/strict";
import type { ServerProcess } from "../support/processServer.js";
import { command, waitFor, type MapRoomClient } from "../support/server.js";
import { joinThrough, registerOn, TestCluster, type ClusterPlayer } from "../support/cluster.js";
import { loadConfig } from "../../src/config/config.js";
import { loadMaps } from "../../src/content/loadMaps.js";
import type { TradeMessage, TradeRequestMessage } from "../../src/protocol/index.js";
import { chebyshev } from "../../src/services/rules/distance.js";
import { SHOPS } from "../../src/content/shops.js";
import { itemNamed } from "../support/factories.js";
import { addTotals, flowBetween, itemFlowOf, seededRandom, totalQuantity, totalsInPostgres, totalsInShops, totalsInValkey } from "../support/itemTotals.js";

const STORM_MS = 30_000;
const CLIENTS = 20;
const MAX_ACTIONS_PER_CLIENT = 400;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SPAWNS: Record<string, { x: number; y: number }> = { town: { x: 32, y: 32 }, forest: { x: 10, y: 40 } };
const FOODS = new Set(["bread", "cooked_shrimp", "cooked_trout", "cooked_salmon", "cooked_lobster"].map((n) => itemNamed(n).id));
/** Items no NPC drops, no grant gives, nobody eats and nobody trades with a shop: their totals must not move at all. */
const UNTOUCHED = ["copper_dagger", "wooden_shield"].map((n) => itemNamed(n).id);
const town = loadMaps().get("town")!;
const BOOTH = [-1, 0, 1].flatMap((dy) => [-1, 0, 1].map((dx) => ({ x: town.banks[0]!.x + dx, y: town.banks[0]!.y + dy })))
  .find((t) => !town.isBlocked(t.x, t.y) && !town.portalAt(t.x, t.y))!;
const SHOP = town.npcSpawns.find((s) => s.kind === "shopkeeper")!;
const GENERAL_STORE_ITEMS = SHOPS.find((s) => s.id === "general_store")!.stock.map((l) => itemNamed(l.item).id).filter((id) => !UNTOUCHED.includes(id));
const TRADE_REACH = loadConfig({ NODE_ENV: "test" }).rules.tradeReachTiles;
const manhattan = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.abs(a.x - b.x) + Math.abs(a.y - b.y);

describe("reliability: a storm over two processes", function () {
  this.timeout(240_000);
  let cluster: TestCluster;
  before(async () => {
    // A fast clock so that fights end within a storm, NPCs respawning within seconds.
    cluster = await TestCluster.start(2, { GAME_TICK_MS: "100", NPC_RESPAWN_SCALE: "0.05" });
  });
  after(async () => cluster.close());

  it("conserves every item through drops, pickups, equips, combat, deaths, NPC drops, eating, banking, shops, trades, map changes and reconnects", async () => {
    const random = seededRandom(20261123);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const players: ClusterPlayer[] = [];
    for (let i = 0; i < CLIENTS; i++) players.push(await cluster.promote(await registerOn(cluster.server(i % 2), `admin_${10 + i}`)));
    // Shop stock is part of the world: a shop never traded with holds its normal stock.
    const startTotals = addTotals(await totalsInPostgres(cluster.prisma), await totalsInShops(cluster.gsm));
    const processes = (): ServerProcess[] => [cluster.server(0), cluster.server(1)];
    const flowBefore = await itemFlowOf(processes().map((p) => p.url));
    const outcomes = new Map<string, number>();
    const count = (key: string) => outcomes.set(key, (outcomes.get(key) ?? 0) + 1);

    /**
     * Joins and plays the other side of trades: accepts every request, offers one stack of its own once a
     * trade opens, confirms once the other has, and cancels a trade whose completion was refused.
     */
    // The answers come whenever messages arrive: a random source of their own keeps the actors' replayable.
    const answerRandom = seededRandom(7);
    // Rooms an actor is being moved out of: an answer already on its way there may find the player gone
    // (UNAVAILABLE, "not on this map any more"), which is the contract, not a fault.
    const departing = new WeakSet<MapRoomClient>();
    const enter = async (server: ServerProcess, player: ClusterPlayer, mapId: string): Promise<MapRoomClient> => {
      const room = await joinThrough(server, player, mapId);
      const answer = (type: string, payload: Record<string, unknown> = {}) =>
        void command(room, type, payload).then((r) => {
          if (!r.ok && r.code === "UNAVAILABLE" && departing.has(room)) return void count(`${type} after leaving the map`);
          count(`${type} ${r.ok ? "ok" : r.code}`);
          count(r.ok ? "ok" : r.code);
        }, () => undefined);
      room.onMessage("*", () => undefined); // hits, attempts, chat: seen, not needed here
      room.onMessage("tradeRequest", (m: TradeRequestMessage) => answer("trade:accept", { playerId: m.from.id }));
      room.onMessage("trade", (m: TradeMessage) => {
        if (m.state === "completed") count("trade completed");
        if (m.state !== "open") return;
        const slots = [...(room.state.personal.get(String(player.id))?.inventory.keys() ?? [])].map(Number);
        if (m.reason) answer("trade:cancel");
        else if (m.mine.length === 0 && slots.length > 0) answer("trade:offer", { slot: slots[Math.floor(answerRandom() * slots.length)]! });
        else if (m.theirConfirmed && !m.myConfirmed) answer("trade:confirm");
      });
      return room;
    };

    const actor = async (player: ClusterPlayer, index: number) => {
      let mapId = "town";
      let room: MapRoomClient = await enter(processes()[index % 2]!, player, mapId);
      // Strength 20: a hit of up to 3 kills the weak NPCs quickly, at a combat level goblins still attack.
      await command(room, "admin:xp", { skill: "strength", xp: 4_470 });
      await command(room, "admin:give", { itemId: itemNamed("coins").id, quantity: 300 });
      const goTo = async (tile: { x: number; y: number }) => {
        const me = room.state.players.get(String(player.id));
        if (me && me.x === tile.x && me.y === tile.y) return;
        await command(room, "admin:teleport", { x: tile.x, y: tile.y });
        await pause(60);
      };
      const rejoin = async (nextMap: string) => {
        await room.leave();
        await waitFor(async () => !(await cluster.gsm.sessions.current(player.id)), "session released", 10_000);
        mapId = nextMap;
        room = await enter(pick(processes()), player, mapId);
      };
      const endAt = Date.now() + STORM_MS;
      for (let n = 0; n < MAX_ACTIONS_PER_CLIENT && Date.now() < endAt; n++) {
        const roll = random();
        const me = room.state.players.get(String(player.id));
        const personal = room.state.personal.get(String(player.id));
        const slots = personal ? [...personal.inventory.keys()].map(Number) : [];
        const foodSlots = personal ? [...personal.inventory.entries()].filter(([, s]) => FOODS.has(s.itemId)).map(([k]) => Number(k)) : [];
        let result;
        if (roll < 0.05 && mapId === "town" && me) {
          // Trade: ask a player in reach (who accepts and offers a stack in turn), offer a stack, confirm.
          const near = [...room.state.players.values()].filter((p) => p.id !== player.id && !p.dead && chebyshev(p, me) <= TRADE_REACH);
          if (near.length === 0) await goTo(SPAWNS.town!);
          else {
            result = await command(room, "trade:request", { playerId: pick(near).id });
            count(`${result.type} ${result.ok ? "ok" : result.code}`);
            const slot = slots.length > 0 ? pick(slots) : 0;
            for (const type of ["trade:offer", "trade:confirm"]) {
              await pause(150);
              const step = await command(room, type, type === "trade:offer" ? { slot } : {});
              count(`${step.type} ${step.ok ? "ok" : step.code}`);
            }
          }
        } else if (roll < 0.22) result = await command(room, "move", { dir: pick(["up", "down", "left", "right"]) });
        else if (roll < 0.32 && slots.length > 0) result = await command(room, "inventory:drop", { slot: pick(slots), quantity: 1 });
        else if (roll < 0.45 && me) {
          const here = [...room.state.groundItems.values()].filter((g) => g.x === me.x && g.y === me.y);
          result = here.length > 0 ? await command(room, "ground:pickup", { id: pick(here).id }) : await command(room, "move", { dir: pick(["up", "down"]) });
        } else if (roll < 0.52 && slots.length > 0) result = await command(room, "equip", { slot: pick(slots) });
        else if (roll < 0.57) result = await command(room, "unequip", { slot: pick(["weapon", "shield", "body", "head"]) });
        else if (roll < 0.6) result = await command(room, "inventory:move", { from: pick([0, 1, 2, 3, 4]), to: pick([5, 6, 7, 20]) });
        else if (roll < 0.72 && me) {
          // Fight: an NPC in reach, else a fresh one on my own tile (weak ones mostly, a goblin that fights back).
          const inReach = [...room.state.npcs.values()].filter((n) => manhattan(n, me) <= 1);
          if (inReach.length > 0) result = await command(room, "attack", { npcId: pick(inReach).id });
          else result = await command(room, "admin:spawn", { kind: pick(["chicken", "chicken", "cow", "rat", "goblin"]) });
          count(inReach.length > 0 ? "attack" : "spawn");
        } else if (roll < 0.76 && foodSlots.length > 0) result = await command(room, "eat", { slot: pick(foodSlots) });
        else if (roll < 0.8) result = await command(room, "admin:damage", { amount: 3 });
        else if (roll < 0.82) result = await command(room, "combat:style", { style: pick(["accurate", "aggressive", "defensive"]) });
        else if (roll < 0.88 || (roll < 0.96 && mapId !== "town")) {
          const target = mapId === "town" ? "forest" : "town";
          const transfer = new Promise<{ mapId: string }>((resolve) => room.onMessage("transfer", resolve));
          departing.add(room);
          result = await command(room, "admin:teleport", { mapId: target, ...SPAWNS[target] });
          if (result.ok) await rejoin((await transfer).mapId);
          else departing.delete(room);
          count("map change");
        } else if (roll < 0.92) {
          await goTo(BOOTH);
          const bankSlots = personal ? [...personal.bank.keys()].map(Number) : [];
          const bankRoll = random();
          const quantity = random() < 0.5 ? undefined : 1 + Math.floor(random() * 5);
          if (bankRoll < 0.4 && slots.length > 0) result = await command(room, "bank:deposit", { slot: pick(slots), ...(quantity ? { quantity } : {}) });
          else if (bankRoll < 0.8 && bankSlots.length > 0) result = await command(room, "bank:withdraw", { bankSlot: pick(bankSlots), ...(quantity ? { quantity } : {}) });
          else if (bankRoll < 0.9) result = await command(room, "bank:depositAll");
          else result = await command(room, "bank:move", { from: pick(bankSlots.length > 0 ? bankSlots : [0]), to: pick([0, 1, 2, 3, 50]) });
          if (result) count(`${result.type} ${result.ok ? "ok" : result.code}`);
        } else if (roll < 0.96) {
          await goTo(SHOP);
          const keeper = [...room.state.npcs.values()].find((n) => n.kind === "shopkeeper");
          const sellable = personal
            ? [...personal.inventory.entries()].filter(([, s]) => !UNTOUCHED.includes(s.itemId)).map(([k]) => Number(k))
            : [];
          if (!keeper) result = undefined;
          else if (random() < 0.6 || sellable.length === 0) {
            result = await command(room, "shop:buy", { npcId: keeper.id, itemId: pick(GENERAL_STORE_ITEMS), quantity: 1 + Math.floor(random() * 3) });
          } else result = await command(room, "shop:sell", { npcId: keeper.id, slot: pick(sellable), quantity: 1 });
          if (result) count(`${result.type} ${result.ok ? "ok" : result.code}`);
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

    // NPCs keep fighting players who stand by them: the world is still only once everyone has left.
    for (const { room } of ended) await command(room, "attack:stop").catch(() => undefined);
    for (const { room } of ended) await room.leave();
    await waitFor(async () => (await cluster.gsm.getOnlinePlayerIds()).size === 0, "everyone saved and unloaded", 20_000);
    await pause(500);
    await cluster.gsm.syncAll();

    const flowAfter = await itemFlowOf(processes().map((p) => p.url));
    const { created, destroyed } = flowBetween(flowBefore, flowAfter);
    assert.ok(flowAfter.drop - flowBefore.drop > 0, `NPCs died and dropped items: ${JSON.stringify(Object.fromEntries(outcomes))}`);
    assert.ok((outcomes.get("DEAD") ?? 0) > 0, `players died: ${JSON.stringify(Object.fromEntries(outcomes))}`);
    assert.ok((outcomes.get("trade completed") ?? 0) > 0, `trades completed: ${JSON.stringify(Object.fromEntries(outcomes))}`);
    for (const type of ["bank:deposit", "bank:withdraw", "shop:buy", "shop:sell", "trade:request", "trade:offer"]) {
      assert.ok((outcomes.get(`${type} ok`) ?? 0) > 0, `${type} succeeded: ${JSON.stringify(Object.fromEntries(outcomes))}`);
    }
    assert.ok(flowAfter.shopDestroyed - flowBefore.shopDestroyed > 0, "coins paid to shops");
    // Every item untouched by drops, grants, eating, shops, gathering, cooking and despawns is conserved exactly; the sum over inventories,
    // equipment, banks, the ground and the shops' stock moves by exactly what was counted.
    const inWorld = addTotals(await totalsInPostgres(cluster.prisma), await totalsInShops(cluster.gsm));
    for (const id of UNTOUCHED) assert.equal(inWorld[id] ?? 0, startTotals[id] ?? 0, `item ${id}`);
    assert.equal(totalQuantity(inWorld), totalQuantity(startTotals) + created - destroyed, `${created} created, ${destroyed} destroyed`);
    assert.ok((await cluster.prisma.playerBankSlot.count()) > 0, "banks saved");
    const groundInPostgres = await cluster.prisma.groundItem.findMany();
    const groundInValkey = await totalsInValkey(cluster.gsm, [], ["town", "forest"]);
    assert.equal(totalQuantity(groundInValkey), groundInPostgres.reduce((sum, g) => sum + g.quantity, 0), "ground items: Valkey and PostgreSQL agree");
  });
});
