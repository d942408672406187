import assert from "node:assert/strict";
import type { GameServices } from "../../src/services/createServices.js";
import { levelForXp } from "../../src/services/rules/xpTable.js";
import type { GameStateManager } from "../../src/state/GameStateManager.js";
import { EQUIPMENT_SLOTS, type GroundItem } from "../../src/state/types.js";
import {
  createOnlinePlayer, fillInventory, itemNamed, putInSlot, putOn, serviceTestRules, servicesFor, testClock, type TestClock,
} from "../support/factories.js";
import { seededRandom, totalsInPostgres, totalsInValkey } from "../support/itemTotals.js";
import { openTestStores, type TestStores } from "../support/stores.js";

/** Every test runs two GSMs on separate Valkey connections, each with its own services: two processes. */
describe("services under adversarial conditions (two processes)", () => {
  let stores: TestStores;
  let clock: TestClock;
  let gsmA: GameStateManager;
  let gsmB: GameStateManager;
  let a: GameServices;
  let b: GameServices;
  const rules = serviceTestRules();
  const tile = { mapId: "town", x: 5, y: 5 };
  const bread = itemNamed("bread");
  const coins = itemNamed("coins");
  const codeOf = (result: { ok: boolean; code?: string }) => (result.ok ? "ok" : result.code);

  beforeEach(async () => {
    stores = await openTestStores();
    clock = testClock();
    gsmA = stores.newGsm({ now: clock.now });
    gsmB = stores.newGsm({ now: clock.now });
    a = servicesFor(gsmA, rules);
    b = servicesFor(gsmB, rules);
  });
  afterEach(async () => stores.close());

  const player = async (gsm = gsmA) => (await createOnlinePlayer(gsm, tile, { maxHp: a.hp.computeMaxHp })).id;
  const publicPile = (itemId: number, quantity: number, extra: Partial<Omit<GroundItem, "id">> = {}) =>
    gsmA.addGroundItem({
      itemId, quantity, ...tile, durability: null, droppedBy: null,
      droppedAtMs: clock.nowMs, publicAtMs: clock.nowMs, despawnAtMs: clock.nowMs + 600_000, ...extra,
    });

  it("gives a public ground item to exactly one of two players racing for it, in each of 200 rounds", async () => {
    const [alice, bob] = [await player(gsmA), await player(gsmB)];
    for (let round = 0; round < 200; round++) {
      const id = await publicPile(coins.id, 1);
      const codes = (await Promise.all([a.groundItems.pickup(alice, id), b.groundItems.pickup(bob, id)])).map(codeOf);
      assert.deepEqual([...codes].sort(), ["NOT_FOUND", "ok"], `round ${round}`);
    }
    const counts = await Promise.all([a.inventory.countItem(alice, coins.id), b.inventory.countItem(bob, coins.id)]);
    assert.equal(counts.reduce((sum, c) => sum + (c.ok ? c.data : 0), 0), 200);
    assert.deepEqual(await gsmA.getMapGroundItems("town"), []);
  });

  it("conserves every item through a storm of drops, pickups, moves, equips, unequips and deaths", async function () {
    this.timeout(40_000);
    const storm = { ms: 10_000, actions: 20_000, players: 5, actorsPerPlayer: 2 };
    // Real time, so protection ends during the storm; despawned items stay in Valkey (nothing cleans them up).
    const [realA, realB] = [stores.newGsm(), stores.newGsm()];
    const services = [servicesFor(realA, serviceTestRules({ GROUND_ITEM_TIMER_SCALE: "0.05" })), servicesFor(realB, serviceTestRules({ GROUND_ITEM_TIMER_SCALE: "0.05" }))];
    const playerIds: number[] = [];
    for (let i = 0; i < storm.players; i++) {
      const id = await player(realA);
      playerIds.push(id);
      const kit = ["copper_dagger", "wooden_shield", "copper_greataxe", "amulet_of_vitality", "copper_sword", "wooden_helm"];
      const granted = await services[0]!.inventory.grantMany(id, [
        { itemId: coins.id, quantity: 1_000 }, { itemId: bread.id, quantity: 100 }, { itemId: itemNamed("copper_arrows").id, quantity: 500 },
        ...kit.map((name) => ({ itemId: itemNamed(name).id, quantity: 1 })),
      ]);
      assert.ok(granted.ok);
    }
    for (let i = 0; i < 10; i++) await publicPile(bread.id, 30, { despawnAtMs: Date.now() + 600_000, droppedAtMs: Date.now(), publicAtMs: Date.now() });
    const before = await totalsInValkey(realA, playerIds, ["town"]);

    const random = seededRandom(20_240_601);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const outcomes = new Map<string, number>();
    const deadline = Date.now() + storm.ms;
    let actions = 0;
    const actor = async (index: number) => {
      const s = services[index % 2]!;
      const id = playerIds[Math.floor(index / storm.actorsPerPlayer)]!;
      // Mostly a slot that holds something (as read a moment ago), sometimes any slot.
      const slot = async () => {
        const held = [...(await (index % 2 ? realB : realA).fields.getInventory(id)).keys()];
        return held.length > 0 && random() < 0.8 ? pick(held) : Math.floor(random() * rules.inventorySlots);
      };
      while (actions < storm.actions && Date.now() < deadline) {
        actions++;
        const roll = random();
        let kind: string;
        let result: { ok: boolean; code?: string };
        if (roll < 0.25) {
          kind = "drop";
          result = await s.groundItems.drop(id, await slot(), random() < 0.5 ? undefined : 1 + Math.floor(random() * 3));
        } else if (roll < 0.5) {
          kind = "pickup";
          const visible = await s.groundItems.visibleAround(tile.mapId, tile.x, tile.y, id);
          result = await s.groundItems.pickup(id, visible.length > 0 ? pick(visible).id : 0);
        } else if (roll < 0.7) {
          kind = "move";
          result = await s.inventory.moveItem(id, await slot(), await slot());
        } else if (roll < 0.85) {
          kind = "equip";
          result = await s.equipment.equip(id, await slot());
        } else if (roll < 0.997) {
          kind = "unequip";
          result = await s.equipment.unequip(id, pick(EQUIPMENT_SLOTS));
        } else {
          kind = "die";
          result = await s.hp.dealDamage(id, 1_000);
        }
        if (codeOf(result) === "DEAD") await s.hp.respawnIfDue(id, tile);
        const key = `${kind}:${codeOf(result)}`;
        outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: storm.players * storm.actorsPerPlayer }, (_, i) => actor(i)));

    for (const kind of ["drop", "pickup", "move", "equip", "unequip"]) {
      assert.ok((outcomes.get(`${kind}:ok`) ?? 0) > 0, `no successful ${kind}: ${JSON.stringify([...outcomes])}`);
    }
    assert.ok(![...outcomes.keys()].some((k) => k.endsWith(":INTERNAL")), JSON.stringify([...outcomes]));
    assert.deepEqual(await totalsInValkey(realB, playerIds, ["town"]), before);
    await realA.syncAll();
    assert.deepEqual(await totalsInPostgres(stores.prisma), before);
  });

  it("leaves what does not fit of a pickup on the ground, and a grant that does not fit changes nothing", async () => {
    const [alice, bob] = [await player(gsmA), await player(gsmB)];
    for (const id of [alice, bob]) {
      await fillInventory(gsmA, id, "wooden_helm", rules.inventorySlots - 1);
      await putInSlot(gsmA, id, rules.inventorySlots - 1, "bread", 44);
    }
    const pile = await publicPile(bread.id, 50);
    const results = await Promise.all([a.groundItems.pickup(alice, pile), b.groundItems.pickup(bob, pile)]);
    assert.deepEqual(results.map((r) => r.ok && r.data.quantity), [20, 20]);
    assert.deepEqual(results.map((r) => r.ok && r.data.remaining).sort(), [10, 30]);
    assert.equal((await gsmA.getGroundItem(pile))?.quantity, 10);

    assert.equal(codeOf(await a.groundItems.pickup(alice, pile)), "INVENTORY_FULL");
    const inventoryBefore = await gsmA.fields.getInventory(alice);
    assert.equal(codeOf(await b.inventory.addItem(alice, bread.id, 1)), "INVENTORY_FULL");
    assert.equal(codeOf(await b.inventory.grantMany(alice, [{ itemId: coins.id, quantity: 1 }])), "INVENTORY_FULL");
    assert.deepEqual(await gsmB.fields.getInventory(alice), inventoryBefore);
    assert.equal((await gsmB.getGroundItem(pile))?.quantity, 10);
    assert.deepEqual(await totalsInValkey(gsmB, [alice, bob], ["town"]), { [itemNamed("wooden_helm").id]: 54, [bread.id]: 138 });
  });

  it("leaves a container empty after its last item is dropped, equipped or lost, also after a sync and a reload", async () => {
    const [dropper, equipper, victim] = [await player(), await player(), await player()];
    await putInSlot(gsmA, dropper, 3, "bread", 2);
    await putInSlot(gsmA, equipper, 7, "copper_dagger");
    await putOn(gsmA, victim, "weapon", "copper_dagger");
    await putInSlot(gsmA, victim, 0, "coins", 9);

    assert.equal(codeOf(await a.groundItems.drop(dropper, 3)), "ok");
    assert.equal(codeOf(await a.equipment.equip(equipper, 7)), "ok");
    assert.equal(codeOf(await a.hp.dealDamage(victim, 100)), "ok");
    await gsmA.syncAll();
    for (const id of [dropper, equipper, victim]) {
      assert.equal(await gsmB.saveAndUnloadPlayer(id), true);
      const account = (await gsmB.accounts.findById(id))!;
      assert.equal(await gsmB.loadPlayerState(id, account.username, { maxHp: b.hp.computeMaxHp }), true);
    }
    const state = async (id: number) => {
      const snapshot = (await gsmB.readPlayer(id))!;
      return [snapshot.inventory.size, snapshot.equipment.size];
    };
    assert.deepEqual(await state(dropper), [0, 0]);
    assert.deepEqual(await state(equipper), [0, 1]);
    assert.deepEqual(await state(victim), [0, 0]);
    assert.equal(await stores.prisma.playerInventorySlot.count(), 0);
    assert.equal(await stores.prisma.groundItem.count(), 3);
  });

  it("drops everything on death as items only the dead player sees, and respawns with full HP at the spawn", async () => {
    const [alice, bob] = [await player(gsmA), await player(gsmB)];
    await putInSlot(gsmA, alice, 0, "bread", 5);
    await putInSlot(gsmA, alice, 1, "amulet_of_vitality");
    assert.equal(codeOf(await a.equipment.equip(alice, 1)), "ok");
    assert.deepEqual(await gsmA.fields.getPlayerHp(alice), { currentHp: 10, maxHp: 15 });

    const death = await b.hp.dealDamage(alice, 10);
    assert.ok(death.ok && death.data.died);
    const dropped = [...death.data.groundItemIds].sort();
    assert.deepEqual((await a.groundItems.visibleAround("town", 5, 5, alice)).map((g) => g.id).sort(), dropped);
    assert.deepEqual(await b.groundItems.visibleAround("town", 5, 5, bob), []);
    for (const id of dropped) assert.equal(codeOf(await b.groundItems.pickup(bob, id)), "NOT_FOUND");
    assert.equal(codeOf(await a.groundItems.pickup(alice, dropped[0]!)), "DEAD");

    const spawn = { mapId: "town", x: 1, y: 2 };
    assert.deepEqual(await a.hp.respawnIfDue(alice, spawn), { ok: true, data: { respawned: false, respawnAtMs: clock.nowMs + rules.respawnDelayMs } });
    clock.advance(rules.respawnDelayMs);
    assert.deepEqual(await b.hp.respawnIfDue(alice, spawn), { ok: true, data: { respawned: true, position: spawn, hp: { currentHp: 10, maxHp: 10 } } });
    assert.deepEqual(await gsmA.getPlayerPosition(alice), spawn);

    await gsmA.fields.setPlayerPosition(alice, tile.x, tile.y, tile.mapId);
    for (const id of dropped) assert.equal(codeOf(await a.groundItems.pickup(alice, id)), "ok");
    assert.equal(codeOf(await a.equipment.equip(alice, 1)), "ok");
    assert.deepEqual(await gsmA.fields.getPlayerHp(alice), { currentHp: 10, maxHp: 15 });
  });

  it("never lowers the hitpoints level, and keeps max HP = level + equipped health through concurrent changes", async () => {
    const alice = await player();
    await putInSlot(gsmA, alice, 0, "amulet_of_vitality");
    const random = seededRandom(7);
    let previousLevel = 10;
    for (let round = 0; round < 25; round++) {
      const changes = [
        a.skills.addExperience(alice, "hitpoints", 1 + Math.floor(random() * 3_000)),
        b.skills.addExperience(alice, "hitpoints", 1 + Math.floor(random() * 3_000)),
        round % 4 < 2 ? (round % 2 ? b : a).equipment.equip(alice, 0) : (round % 2 ? b : a).equipment.unequip(alice, "amulet"),
        b.hp.dealDamage(alice, 1),
      ] as const;
      for (const result of await Promise.all(changes)) assert.notEqual(codeOf(result), "UNAVAILABLE");
      const snapshot = (await gsmA.readPlayer(alice))!;
      const hitpoints = snapshot.skills.get("hitpoints")!;
      assert.equal(hitpoints.level, levelForXp(hitpoints.xp, rules.maxLevel));
      assert.ok(hitpoints.level >= previousLevel, `round ${round}: ${hitpoints.level} < ${previousLevel}`);
      previousLevel = hitpoints.level;
      const health = snapshot.equipment.has("amulet") ? itemNamed("amulet_of_vitality").bonuses.health : 0;
      assert.equal(snapshot.hp.maxHp, hitpoints.level + health, `round ${round}`);
      assert.ok(snapshot.hp.currentHp <= snapshot.hp.maxHp);
      await a.hp.heal(alice, 100);
    }
    assert.ok(previousLevel > 10);
  });
});
