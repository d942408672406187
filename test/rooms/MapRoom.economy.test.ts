import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import type { GameMap } from "../../src/content/GameMap.js";
import type { CommandResult } from "../../src/protocol/index.js";
import { chebyshev, type Tile } from "../../src/services/rules/distance.js";
import { fighter, patiently, place, type Fighter } from "../support/combat.js";
import { itemNamed } from "../support/factories.js";
import { joinMap, personalIn, registerPlayer, startTestServer, waitFor, type TestServer } from "../support/server.js";

/**
 * The bank and the shops through real SDK clients: every command's success (shown in the client's state
 * when its `result` arrives) and failure codes, at the town's booths and shopkeepers as the map places them.
 * A small bank (BANK_SLOTS 6) makes BANK_FULL reachable; shops do not restock during the test.
 */
describe("MapRoom: bank and shops", function () {
  this.timeout(60_000);
  let server: TestServer;
  let town: GameMap;
  const admins = Array.from({ length: 12 }, (_, i) => `ec${randomBytes(3).toString("hex")}_${i}`);
  let nextAdmin = 0;
  const BANK_SLOTS = 6;
  const ID = {
    coins: itemNamed("coins").id, dagger: itemNamed("copper_dagger").id, shield: itemNamed("wooden_shield").id,
    bread: itemNamed("bread").id, helm: itemNamed("copper_helm").id, net: itemNamed("small_fishing_net").id,
    pot: itemNamed("lobster_pot").id, pickaxe: itemNamed("bronze_pickaxe").id, trout: itemNamed("raw_trout").id,
  };

  before(async () => {
    server = await startTestServer({ ADMIN_USERNAMES: admins.join(","), BANK_SLOTS: String(BANK_SLOTS), SHOP_RESTOCK_MS: "3600000" });
    town = server.runtime.world.get("town")!;
  });
  after(async () => server.close());

  /** A new admin (the starter kit: dagger 0, shield 1, 25 coins 2, 5 bread 3) in town. */
  async function join(): Promise<Fighter> {
    const player = await registerPlayer(server, admins[nextAdmin++]);
    return fighter(player, await joinMap(player));
  }
  const stacks = (map: Map<string, { itemId: number; quantity: number }>) =>
    Object.fromEntries([...map.entries()].map(([k, s]) => [k, [s.itemId, s.quantity]]));
  const bankOf = (f: Fighter) => stacks(personalIn(f.room, f.id).bank);
  const inventoryOf = (f: Fighter) => stacks(personalIn(f.room, f.id).inventory);
  const codeOf = (r: CommandResult) => (r.ok ? "ok" : r.code);
  const walkableNear = (tile: Tile, radius: number): Tile => {
    for (let dy = -radius; dy <= radius; dy++) {
      for (let dx = -radius; dx <= radius; dx++) {
        const t = { x: tile.x + dx, y: tile.y + dy };
        if (!town.isBlocked(t.x, t.y) && !town.portalAt(t.x, t.y)) return t;
      }
    }
    throw new Error(`nothing walkable near (${tile.x}, ${tile.y})`);
  };
  /** A walkable tile within reach of the town's first booth, and one out of reach of every booth. */
  const atBooth = () => walkableNear(town.banks[0]!, 1);
  const awayFromBooths = () => {
    const tile = { x: town.spawn.x, y: town.spawn.y };
    assert.ok(town.banks.every((b) => chebyshev(b, tile) > 1));
    return tile;
  };
  const spawnOf = (kind: string) => town.npcSpawns.find((s) => s.kind === kind)!;
  /** The id of the (only) NPC of `kind` in the client's view. */
  const npcIdOf = (f: Fighter, kind: string) => {
    const found = [...f.room.state.npcs.values()].find((n) => n.kind === kind);
    if (!found) throw new Error(`no ${kind} in sight`);
    return found.id;
  };
  const give = async (f: Fighter, item: number, quantity: number) => assert.equal(codeOf(await patiently(f.room, "admin:give", { itemId: item, quantity })), "ok");

  describe("bank", () => {
    it("deposits, moves, withdraws and deposits everything at a booth, each shown in personal.bank with its result", async () => {
      const a = await join();
      const tile = atBooth();
      await place(a, tile.x, tile.y);
      const deposited = await patiently(a.room, "bank:deposit", { slot: 2 });
      assert.deepEqual([deposited.ok, deposited.data], [true, undefined]);
      assert.deepEqual(bankOf(a), { 0: [ID.coins, 25] });
      assert.equal(inventoryOf(a)[2], undefined);
      assert.equal(codeOf(await patiently(a.room, "bank:deposit", { slot: 3, quantity: 2 })), "ok");
      assert.deepEqual(bankOf(a), { 0: [ID.coins, 25], 1: [ID.bread, 2] });
      assert.deepEqual(inventoryOf(a)[3], [ID.bread, 3]);
      assert.equal(codeOf(await patiently(a.room, "bank:move", { from: 1, to: 5 })), "ok");
      assert.deepEqual(bankOf(a), { 0: [ID.coins, 25], 5: [ID.bread, 2] });
      const withdrawn = await patiently(a.room, "bank:withdraw", { bankSlot: 0, quantity: 10 });
      assert.deepEqual([withdrawn.ok, withdrawn.data], [true, { quantity: 10 }]);
      assert.deepEqual([inventoryOf(a)[2], bankOf(a)[0]], [[ID.coins, 10], [ID.coins, 15]]);
      assert.equal(codeOf(await patiently(a.room, "bank:depositAll")), "ok");
      assert.deepEqual(inventoryOf(a), {});
      assert.deepEqual(bankOf(a), { 0: [ID.coins, 25], 1: [ID.dagger, 1], 2: [ID.shield, 1], 5: [ID.bread, 5] });
    });

    it("refuses away from every booth (TOO_FAR), outside the slots (INVALID_SLOT) and on empty slots (SLOT_EMPTY)", async () => {
      const a = await join();
      const away = awayFromBooths();
      await place(a, away.x, away.y);
      for (const [type, payload] of [
        ["bank:deposit", { slot: 0 }], ["bank:depositAll", {}], ["bank:withdraw", { bankSlot: 0 }], ["bank:move", { from: 0, to: 1 }],
      ] as const) {
        assert.equal(codeOf(await patiently(a.room, type, payload)), "TOO_FAR", type);
      }
      const tile = atBooth();
      await place(a, tile.x, tile.y);
      assert.equal(codeOf(await patiently(a.room, "bank:deposit", { slot: 28 })), "INVALID_SLOT");
      assert.equal(codeOf(await patiently(a.room, "bank:deposit", { slot: 9 })), "SLOT_EMPTY");
      assert.equal(codeOf(await patiently(a.room, "bank:withdraw", { bankSlot: BANK_SLOTS })), "INVALID_SLOT");
      assert.equal(codeOf(await patiently(a.room, "bank:withdraw", { bankSlot: 0 })), "SLOT_EMPTY");
      assert.equal(codeOf(await patiently(a.room, "bank:move", { from: 0, to: -1 })), "INVALID_SLOT");
      assert.equal(codeOf(await patiently(a.room, "bank:move", { from: 0, to: 1 })), "SLOT_EMPTY");
      assert.equal(codeOf(await patiently(a.room, "bank:deposit", { slot: 0, quantity: 0 })), "INVALID_PAYLOAD");
      assert.equal(codeOf(await patiently(a.room, "bank:deposit", { slot: 0, extra: 1 })), "INVALID_PAYLOAD");
      assert.deepEqual(bankOf(a), {}, "nothing refused changed the bank");
    });

    it("refuses a deposit the bank cannot take (BANK_FULL) and a withdrawal the inventory cannot take (INVENTORY_FULL)", async () => {
      const a = await join();
      const tile = atBooth();
      await place(a, tile.x, tile.y);
      await give(a, ID.helm, 1);
      await give(a, ID.net, 1);
      assert.equal(codeOf(await patiently(a.room, "bank:depositAll")), "ok");
      assert.equal(Object.keys(bankOf(a)).length, BANK_SLOTS);
      await give(a, ID.pot, 1);
      assert.equal(codeOf(await patiently(a.room, "bank:deposit", { slot: 0 })), "BANK_FULL");
      assert.equal(codeOf(await patiently(a.room, "bank:depositAll")), "BANK_FULL");
      await give(a, ID.helm, 1);
      assert.equal(codeOf(await patiently(a.room, "bank:deposit", { slot: 1 })), "ok", "a helm merges into the helms' slot");
      await give(a, ID.helm, 27);
      assert.equal(Object.keys(inventoryOf(a)).length, 28);
      assert.equal(codeOf(await patiently(a.room, "bank:withdraw", { bankSlot: 0 })), "INVENTORY_FULL");
      assert.deepEqual(inventoryOf(a)[0], [ID.pot, 1], "nothing moved");
    });

    it("keeps the bank across a leave and a rejoin", async () => {
      const a = await join();
      const tile = atBooth();
      await place(a, tile.x, tile.y);
      assert.equal(codeOf(await patiently(a.room, "bank:deposit", { slot: 0 })), "ok");
      await a.room.leave();
      await waitFor(async () => !(await server.runtime.gsm!.sessions.current(a.id)), "session released");
      const again = fighter(a, await joinMap(a));
      await waitFor(() => Object.keys(bankOf(again)).length > 0, "the bank shown after rejoining");
      assert.deepEqual(bankOf(again), { 0: [ID.dagger, 1] });
    });
  });

  describe("shops", () => {
    /** An admin at the shopkeeper's spawn point (the keeper wanders within 1 of it: always in reach). */
    async function atShop(): Promise<Fighter & { keeper: number; blacksmith: number }> {
      const a = await join();
      const keeper = npcIdOf(a, "shopkeeper");
      const blacksmith = npcIdOf(a, "blacksmith");
      const spawn = spawnOf("shopkeeper");
      await place(a, spawn.x, spawn.y);
      return Object.assign(a, { keeper, blacksmith });
    }

    it("sells to a player in reach: {quantity, cost} with the coins and items shown, and the live stock at GET /shops/:id", async () => {
      const a = await atShop();
      const bought = await patiently(a.room, "shop:buy", { npcId: a.keeper, itemId: ID.net, quantity: 2 });
      const net = itemNamed("small_fishing_net");
      assert.deepEqual([bought.ok, bought.data], [true, { quantity: 2, cost: 2 * net.value }]);
      assert.deepEqual(inventoryOf(a)[2], [ID.coins, 25 - 2 * net.value]);
      assert.deepEqual([inventoryOf(a)[4], inventoryOf(a)[5]], [[ID.net, 1], [ID.net, 1]]);
      const response = await fetch(`${server.url}/shops/general_store`);
      assert.equal(response.status, 200);
      const shop = (await response.json()) as { id: string; general: boolean; items: Array<{ itemId: number; stock: number; normalStock: number; buyPrice: number; sellPrice: number }> };
      assert.deepEqual([shop.id, shop.general], ["general_store", true]);
      assert.deepEqual(shop.items.find((i) => i.itemId === ID.net), { itemId: ID.net, stock: 3, normalStock: 5, buyPrice: net.value, sellPrice: Math.floor(net.value * 0.4) });
      assert.equal((await fetch(`${server.url}/shops/nowhere`)).status, 404);
    });

    it("buys from a player: {quantity, coins}, and lists what it does not normally stock with normalStock 0", async () => {
      const a = await atShop();
      await give(a, ID.trout, 10);
      const sold = await patiently(a.room, "shop:sell", { npcId: a.keeper, slot: 4, quantity: 6 });
      const coins = 6 * Math.floor(itemNamed("raw_trout").value * 0.4);
      assert.deepEqual([sold.ok, sold.data], [true, { quantity: 6, coins }]);
      assert.deepEqual([inventoryOf(a)[2], inventoryOf(a)[4]], [[ID.coins, 25 + coins], [ID.trout, 4]]);
      const shop = (await (await fetch(`${server.url}/shops/general_store`)).json()) as { items: Array<{ itemId: number; stock: number; normalStock: number }> };
      assert.deepEqual(shop.items.at(-1), { itemId: ID.trout, stock: 6, normalStock: 0, buyPrice: itemNamed("raw_trout").value, sellPrice: Math.floor(itemNamed("raw_trout").value * 0.4) });
      const whole = await patiently(a.room, "shop:sell", { npcId: a.keeper, slot: 0 });
      assert.deepEqual(whole.data, { quantity: 1, coins: Math.floor(itemNamed("copper_dagger").value * 0.4) }, "the slot's stack by default");
    });

    it("refuses shop:buy with NOT_FOUND, TOO_FAR, OUT_OF_STOCK, NOT_ENOUGH_COINS and INVENTORY_FULL", async () => {
      const a = await atShop();
      const villager = npcIdOf(a, "villager");
      const blacksmith = a.blacksmith;
      const buy = (npcId: number, itemId: number, quantity = 1) => patiently(a.room, "shop:buy", { npcId, itemId, quantity });
      assert.equal(codeOf(await buy(99_999, ID.net)), "NOT_FOUND", "no such NPC");
      assert.equal(codeOf(await buy(villager, ID.net)), "NOT_FOUND", "a villager keeps no shop");
      assert.equal(codeOf(await buy(a.keeper, itemNamed("copper_body").id)), "NOT_FOUND", "the shop does not sell it");
      // Out of sight: a tile from which every tile the blacksmith can wander to is beyond the area of interest.
      const smith = spawnOf("blacksmith");
      const keeperSpawn = spawnOf("shopkeeper");
      const lookout = walkableNear({ x: keeperSpawn.x, y: keeperSpawn.y - 1 }, 0);
      assert.ok(chebyshev(lookout, smith) - 1 > server.cfg.rules.areaOfInterestTiles);
      await place(a, lookout.x, lookout.y);
      assert.equal(codeOf(await buy(blacksmith, itemNamed("bronze_arrows").id)), "NOT_FOUND", "not in view");
      const far = walkableNear({ x: keeperSpawn.x + 4, y: keeperSpawn.y }, 0);
      await place(a, far.x, far.y);
      assert.equal(codeOf(await buy(a.keeper, ID.net)), "TOO_FAR");
      await place(a, keeperSpawn.x, keeperSpawn.y);
      assert.equal(codeOf(await buy(a.keeper, ID.pickaxe)), "NOT_ENOUGH_COINS", "25 coins");
      await give(a, ID.coins, 1_000);
      assert.equal(codeOf(await buy(a.keeper, ID.pot, 50)), "ok");
      assert.equal(codeOf(await buy(a.keeper, ID.pot)), "OUT_OF_STOCK");
      await give(a, ID.helm, 28 - Object.keys(inventoryOf(a)).length);
      assert.equal(codeOf(await buy(a.keeper, ID.net)), "INVENTORY_FULL");
    });

    it("refuses shop:sell with NOT_FOUND, TOO_FAR, INVALID_SLOT, SLOT_EMPTY, NOT_TRADEABLE and INVENTORY_FULL", async () => {
      const a = await atShop();
      const sell = (payload: Record<string, unknown>) => patiently(a.room, "shop:sell", { npcId: a.keeper, ...payload });
      assert.equal(codeOf(await sell({ npcId: npcIdOf(a, "villager"), slot: 0 })), "NOT_FOUND");
      assert.equal(codeOf(await sell({ slot: 28 })), "INVALID_SLOT");
      assert.equal(codeOf(await sell({ slot: 9 })), "SLOT_EMPTY");
      assert.equal(codeOf(await sell({ slot: 2 })), "NOT_TRADEABLE", "coins");
      assert.equal(codeOf(await sell({ slot: 3, quantity: 6 })), "INVALID_PAYLOAD", "more than held");
      const keeperSpawn = spawnOf("shopkeeper");
      const far = walkableNear({ x: keeperSpawn.x + 4, y: keeperSpawn.y }, 0);
      await place(a, far.x, far.y);
      assert.equal(codeOf(await sell({ slot: 0 })), "TOO_FAR");
      // No coins in the inventory and no free slot: the coins of selling one bread of five fit nowhere.
      const booth = atBooth();
      await place(a, booth.x, booth.y);
      assert.equal(codeOf(await patiently(a.room, "bank:deposit", { slot: 2 })), "ok");
      await give(a, ID.helm, 25);
      await place(a, keeperSpawn.x, keeperSpawn.y);
      assert.equal(codeOf(await sell({ slot: 3, quantity: 1 })), "INVENTORY_FULL");
      assert.deepEqual(inventoryOf(a)[3], [ID.bread, 5]);
    });
  });
});
