import assert from "node:assert/strict";
import type { GameServices } from "../../src/services/createServices.js";
import type { GameStateManager } from "../../src/state/GameStateManager.js";
import {
  createAccount, createOnlinePlayer, fillInventory, itemNamed, putInSlot, putOn, serviceTestRules, servicesFor,
} from "../support/factories.js";
import { openTestStores, type TestStores } from "../support/stores.js";

describe("EquipmentService", () => {
  let stores: TestStores;
  let gsm: GameStateManager;
  let services: GameServices;
  let playerId: number;
  const rules = serviceTestRules();
  const stackOf = (name: string, quantity = 1) => {
    const item = itemNamed(name);
    return { itemId: item.id, quantity, durability: item.maxDurability };
  };

  beforeEach(async () => {
    stores = await openTestStores();
    gsm = stores.newGsm();
    services = servicesFor(gsm, rules);
    playerId = (await createOnlinePlayer(gsm, {}, { maxHp: services.hp.computeMaxHp })).id;
  });
  afterEach(async () => stores.close());

  const inventory = async () => Object.fromEntries(await gsm.fields.getInventory(playerId));
  const equipment = async () => Object.fromEntries(await gsm.fields.getEquipment(playerId));
  const codeOf = (result: { ok: boolean; code?: string }) => (result.ok ? "ok" : result.code);

  describe("equip", () => {
    it("moves the item from the inventory into its slot and swaps out what was there", async () => {
      await putInSlot(gsm, playerId, 4, "copper_dagger");
      await putInSlot(gsm, playerId, 5, "copper_sword");
      assert.equal(codeOf(await services.equipment.equip(playerId, 4)), "ok");
      assert.deepEqual(await equipment(), { weapon: stackOf("copper_dagger") });
      assert.equal(codeOf(await services.equipment.equip(playerId, 5)), "ok");
      assert.deepEqual(await equipment(), { weapon: stackOf("copper_sword") });
      assert.deepEqual(await inventory(), { 5: stackOf("copper_dagger") });
    });

    it("takes the shield off for a two-handed weapon, into the lowest free slot", async () => {
      await putOn(gsm, playerId, "shield", "wooden_shield");
      await putOn(gsm, playerId, "weapon", "copper_dagger");
      await putInSlot(gsm, playerId, 0, "bread");
      await putInSlot(gsm, playerId, 3, "copper_greataxe");
      assert.equal(codeOf(await services.equipment.equip(playerId, 3)), "ok");
      assert.deepEqual(await equipment(), { weapon: stackOf("copper_greataxe") });
      assert.deepEqual(await inventory(), { 0: stackOf("bread"), 1: stackOf("wooden_shield"), 3: stackOf("copper_dagger") });
    });

    it("refuses with INVENTORY_FULL, changing nothing, when what comes off does not fit", async () => {
      await putOn(gsm, playerId, "shield", "wooden_shield");
      await putOn(gsm, playerId, "weapon", "copper_dagger");
      await putInSlot(gsm, playerId, 0, "copper_greataxe");
      await fillInventory(gsm, playerId, "wooden_helm", rules.inventorySlots);
      const [inv, eq] = [await inventory(), await equipment()];
      assert.equal(codeOf(await services.equipment.equip(playerId, 0)), "INVENTORY_FULL");
      assert.deepEqual([await inventory(), await equipment()], [inv, eq]);
    });

    it("refuses bad and empty slots, items without a slot, unmet requirements, unknown and dead players", async () => {
      await putInSlot(gsm, playerId, 0, "bread");
      await putInSlot(gsm, playerId, 1, "steel_sword");
      const offline = await createAccount(gsm);
      assert.equal(codeOf(await services.equipment.equip(playerId, rules.inventorySlots)), "INVALID_SLOT");
      assert.equal(codeOf(await services.equipment.equip(playerId, -1)), "INVALID_SLOT");
      assert.equal(codeOf(await services.equipment.equip(playerId, 2)), "SLOT_EMPTY");
      assert.equal(codeOf(await services.equipment.equip(playerId, 0)), "NOT_EQUIPABLE");
      assert.equal(codeOf(await services.equipment.equip(playerId, 1)), "REQUIREMENTS_NOT_MET");
      assert.equal(codeOf(await services.equipment.equip(offline.id, 0)), "NOT_FOUND");
      await gsm.fields.setInventorySlot(playerId, 3, 999_999, 1, null);
      assert.equal(codeOf(await services.equipment.equip(playerId, 3)), "NOT_EQUIPABLE");
      await services.hp.dealDamage(playerId, 1_000);
      await putInSlot(gsm, playerId, 0, "copper_dagger");
      assert.equal(codeOf(await services.equipment.equip(playerId, 0)), "DEAD");
    });

    it("stacks ammunition onto the same arrows", async () => {
      await putOn(gsm, playerId, "ammo", "copper_arrows", 100);
      await putInSlot(gsm, playerId, 2, "copper_arrows", 50);
      assert.equal(codeOf(await services.equipment.equip(playerId, 2)), "ok");
      assert.deepEqual(await equipment(), { ammo: stackOf("copper_arrows", 150) });
      assert.deepEqual(await inventory(), {});
    });
  });

  describe("unequip", () => {
    it("puts the item into the lowest free inventory slot", async () => {
      await putOn(gsm, playerId, "head", "wooden_helm");
      await putInSlot(gsm, playerId, 0, "bread");
      assert.equal(codeOf(await services.equipment.unequip(playerId, "head")), "ok");
      assert.deepEqual(await equipment(), {});
      assert.deepEqual(await inventory(), { 0: stackOf("bread"), 1: stackOf("wooden_helm") });
    });

    it("refuses unknown slot names, empty slots and a full inventory", async () => {
      await putOn(gsm, playerId, "head", "wooden_helm");
      assert.equal(codeOf(await services.equipment.unequip(playerId, "hat")), "INVALID_SLOT");
      assert.equal(codeOf(await services.equipment.unequip(playerId, "body")), "SLOT_EMPTY");
      await fillInventory(gsm, playerId, "bread", rules.inventorySlots);
      assert.equal(codeOf(await services.equipment.unequip(playerId, "head")), "INVENTORY_FULL");
      assert.deepEqual(await equipment(), { head: stackOf("wooden_helm") });
      assert.equal(codeOf(await services.equipment.unequip(999_999, "head")), "NOT_FOUND");
    });

    it("refuses a dead player with DEAD", async () => {
      await services.hp.dealDamage(playerId, 1_000);
      await putOn(gsm, playerId, "head", "wooden_helm");
      assert.equal(codeOf(await services.equipment.unequip(playerId, "head")), "DEAD");
      assert.deepEqual(await equipment(), { head: stackOf("wooden_helm") });
    });
  });

  describe("stats and max HP", () => {
    it("sums the equipped bonuses, negatives included", async () => {
      await putOn(gsm, playerId, "body", "copper_body");
      await putOn(gsm, playerId, "weapon", "copper_sword");
      assert.deepEqual(await services.equipment.getTotalStats(playerId), {
        ok: true, data: { attack: 5, strength: 4, defence: 5, ranged: 0, magic: -2, health: 0 },
      });
    });

    it("recomputes max HP in the same commit as an equip or unequip, keeping current HP clamped", async () => {
      const amulet = itemNamed("amulet_of_vitality");
      await putInSlot(gsm, playerId, 0, "amulet_of_vitality");
      assert.deepEqual(await services.equipment.equip(playerId, 0), { ok: true, data: { currentHp: 10, maxHp: 10 + amulet.bonuses.health } });
      assert.deepEqual(await services.equipment.getMaxHp(playerId), { ok: true, data: 15 });
      await services.hp.heal(playerId, 5);
      assert.deepEqual(await services.equipment.unequip(playerId, "amulet"), { ok: true, data: { currentHp: 10, maxHp: 10 } });
      assert.deepEqual(await gsm.fields.getPlayerHp(playerId), { currentHp: 10, maxHp: 10 });
    });

    it("answers NOT_FOUND for a player who is not loaded", async () => {
      const offline = (await createAccount(gsm)).id;
      assert.equal(codeOf(await services.equipment.getTotalStats(offline)), "NOT_FOUND");
      assert.equal(codeOf(await services.equipment.getMaxHp(offline)), "NOT_FOUND");
    });
  });
});
