import assert from "node:assert/strict";
import type { GameServices } from "../../src/services/createServices.js";
import { groundItemTimers } from "../../src/services/rules/groundItemTimers.js";
import type { GameStateManager } from "../../src/state/GameStateManager.js";
import {
  createAccount, createOnlinePlayer, itemNamed, putInSlot, putOn, serviceTestRules, servicesFor, testClock, type TestClock,
} from "../support/factories.js";
import { openTestStores, type TestStores } from "../support/stores.js";

describe("HpService", () => {
  let stores: TestStores;
  let gsm: GameStateManager;
  let services: GameServices;
  let clock: TestClock;
  let playerId: number;
  const rules = serviceTestRules();
  const spawn = { mapId: "town", x: 2, y: 3 };
  const codeOf = (result: { ok: boolean; code?: string }) => (result.ok ? "ok" : result.code);

  beforeEach(async () => {
    stores = await openTestStores();
    clock = testClock();
    gsm = stores.newGsm({ now: clock.now });
    services = servicesFor(gsm, rules);
    playerId = (await createOnlinePlayer(gsm, { x: 7, y: 8 }, { maxHp: services.hp.computeMaxHp })).id;
  });
  afterEach(async () => stores.close());

  const hp = () => gsm.fields.getPlayerHp(playerId);

  it("lowers HP by the damage and refuses negative or fractional damage", async () => {
    assert.deepEqual(await services.hp.dealDamage(playerId, 3), { ok: true, data: { hp: { currentHp: 7, maxHp: 10 }, died: false, groundItemIds: [] } });
    assert.equal(codeOf(await services.hp.dealDamage(playerId, -1)), "INVALID_PAYLOAD");
    assert.equal(codeOf(await services.hp.dealDamage(playerId, 0.5)), "INVALID_PAYLOAD");
    assert.equal(codeOf(await services.hp.dealDamage(999_999, 1)), "NOT_FOUND");
    assert.deepEqual(await hp(), { currentHp: 7, maxHp: 10 });
  });

  it("runs the whole death sequence in the commit that reaches 0 HP", async () => {
    await putInSlot(gsm, playerId, 0, "bread", 5);
    await putInSlot(gsm, playerId, 9, "coins", 25);
    await putOn(gsm, playerId, "amulet", "amulet_of_vitality");
    await services.hp.refreshMaxHp(playerId);
    const result = await services.hp.dealDamage(playerId, 50);
    assert.ok(result.ok);
    assert.deepEqual(result.data.hp, { currentHp: 0, maxHp: 10 });
    assert.equal(result.data.died, true);
    assert.equal(result.data.groundItemIds.length, 3);

    const snapshot = (await gsm.readPlayer(playerId))!;
    assert.deepEqual([snapshot.inventory.size, snapshot.equipment.size], [0, 0]);
    assert.equal(snapshot.respawnAtMs, clock.nowMs + rules.respawnDelayMs);
    assert.equal(services.hp.isDead(snapshot), true);
    const ground = await gsm.getMapGroundItems("town");
    assert.deepEqual(ground.map((g) => [g.itemId, g.quantity]).sort((a, b) => a[0]! - b[0]!), [
      [itemNamed("coins").id, 25], [itemNamed("bread").id, 5], [itemNamed("amulet_of_vitality").id, 1],
    ]);
    for (const g of ground) {
      const rarity = services.items.getById(g.itemId)!.rarity;
      assert.deepEqual([g.x, g.y, g.droppedBy, g.droppedAtMs], [7, 8, playerId, clock.nowMs]);
      assert.deepEqual({ publicAtMs: g.publicAtMs, despawnAtMs: g.despawnAtMs }, groundItemTimers(rarity, clock.nowMs, rules.groundItemTimerScale));
    }
  });

  it("refuses every change to a dead player with DEAD, respawn aside", async () => {
    await services.hp.dealDamage(playerId, 10);
    for (const result of [
      await services.hp.dealDamage(playerId, 1), await services.hp.heal(playerId, 1),
      await services.hp.setHp(playerId, 5), await services.hp.regenerate(playerId),
    ]) assert.equal(codeOf(result), "DEAD");
    assert.deepEqual(await hp(), { currentHp: 0, maxHp: 10 });
  });

  it("heals up to max and refuses negative healing", async () => {
    await services.hp.dealDamage(playerId, 5);
    assert.deepEqual(await services.hp.heal(playerId, 2), { ok: true, data: { currentHp: 7, maxHp: 10 } });
    assert.deepEqual(await services.hp.heal(playerId, 20), { ok: true, data: { currentHp: 10, maxHp: 10 } });
    assert.equal(codeOf(await services.hp.heal(playerId, -2)), "INVALID_PAYLOAD");
    assert.equal(codeOf(await services.hp.heal(999_999, 2)), "NOT_FOUND");
  });

  it("sets HP clamped to 0..max, dying at 0", async () => {
    assert.deepEqual((await services.hp.setHp(playerId, 50)).ok && (await hp()), { currentHp: 10, maxHp: 10 });
    assert.deepEqual((await services.hp.setHp(playerId, 4)).ok && (await hp()), { currentHp: 4, maxHp: 10 });
    assert.equal(codeOf(await services.hp.setHp(playerId, 2.5)), "INVALID_PAYLOAD");
    assert.equal(codeOf(await services.hp.setHp(999_999, 5)), "NOT_FOUND");
    const dead = await services.hp.setHp(playerId, -3);
    assert.equal(dead.ok && dead.data.died, true);
    assert.notEqual((await gsm.readPlayer(playerId))!.respawnAtMs, null);
  });

  it("regenerates by the configured amount while below max, and not beyond it", async () => {
    await services.hp.dealDamage(playerId, 2);
    assert.deepEqual(await services.hp.regenerate(playerId), { ok: true, data: { currentHp: 8 + rules.hpRegenAmount, maxHp: 10 } });
    await services.hp.regenerate(playerId);
    const version = (await gsm.readPlayer(playerId))!.version;
    assert.deepEqual(await services.hp.regenerate(playerId), { ok: true, data: { currentHp: 10, maxHp: 10 } });
    assert.equal((await gsm.readPlayer(playerId))!.version, version);
    assert.equal(codeOf(await services.hp.regenerate(999_999)), "NOT_FOUND");
  });

  it("respawns at the spawn point with full HP only once the respawn delay has passed", async () => {
    assert.deepEqual(await services.hp.respawnIfDue(playerId, spawn), { ok: true, data: { respawned: false, respawnAtMs: null } });
    await services.hp.dealDamage(playerId, 10);
    clock.advance(rules.respawnDelayMs - 1);
    const early = await services.hp.respawnIfDue(playerId, spawn);
    assert.deepEqual(early, { ok: true, data: { respawned: false, respawnAtMs: clock.nowMs + 1 } });
    clock.advance(1);
    const due = await services.hp.respawnIfDue(playerId, spawn);
    assert.deepEqual(due, { ok: true, data: { respawned: true, position: spawn, hp: { currentHp: 10, maxHp: 10 } } });
    const snapshot = (await gsm.readPlayer(playerId))!;
    assert.deepEqual([snapshot.position, snapshot.respawnAtMs, services.hp.isDead(snapshot)], [spawn, null, false]);
    assert.equal(codeOf(await services.hp.respawnIfDue(999_999, spawn)), "NOT_FOUND");
  });

  it("respawns at once a player who was saved dead and loaded again (the respawn time is not saved)", async () => {
    await services.hp.dealDamage(playerId, 10);
    assert.equal(await gsm.saveAndUnloadPlayer(playerId), true);
    const account = (await gsm.accounts.findById(playerId))!;
    await gsm.loadPlayerState(playerId, account.username, { maxHp: services.hp.computeMaxHp });
    const snapshot = (await gsm.readPlayer(playerId))!;
    assert.deepEqual([snapshot.respawnAtMs, snapshot.hp.currentHp, services.hp.isDead(snapshot)], [null, 0, true]);
    const result = await services.hp.respawnIfDue(playerId, spawn);
    assert.equal(result.ok && result.data.respawned, true);
  });

  it("recomputes max HP from level and equipment, keeping current HP clamped", async () => {
    await putOn(gsm, playerId, "cape", "champions_cape");
    assert.deepEqual(await services.hp.refreshMaxHp(playerId), { ok: true, data: { currentHp: 10, maxHp: 12 } });
    await gsm.fields.deleteEquipmentSlot(playerId, "cape");
    await services.hp.heal(playerId, 2);
    assert.deepEqual(await services.hp.refreshMaxHp(playerId), { ok: true, data: { currentHp: 10, maxHp: 10 } });
    assert.equal(codeOf(await services.hp.refreshMaxHp(999_999)), "NOT_FOUND");
  });

  it("derives max HP when a player is loaded from PostgreSQL", async () => {
    const account = await createAccount(gsm, { currentHp: 14 });
    await stores.prisma.playerEquipmentSlot.create({
      data: { playerId: account.id, slot: "amulet", itemId: itemNamed("amulet_of_vitality").id, quantity: 1, durability: null },
    });
    await gsm.loadPlayerState(account.id, account.username, { maxHp: services.hp.computeMaxHp });
    assert.deepEqual(await gsm.fields.getPlayerHp(account.id), { currentHp: 14, maxHp: 15 });
  });
});
