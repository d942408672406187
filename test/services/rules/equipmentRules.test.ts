import assert from "node:assert/strict";
import { loadConfig } from "../../../src/config/config.js";
import type { ItemBonuses, ItemDefinition } from "../../../src/content/ItemDefinition.js";
import {
  maxHp,
  planEquip,
  playerMaxHp,
  planUnequip,
  totalStats,
  type EquipPlan,
} from "../../../src/services/rules/equipmentRules.js";
import type { SkillLevels } from "../../../src/services/rules/skillLevel.js";
import { applySlotPlan } from "../../../src/services/rules/slotPlan.js";
import type { Equipment, EquipmentSlot, Inventory, ItemStack } from "../../../src/state/types.js";
import type { Result } from "../../../src/services/results.js";

const rules = loadConfig({ NODE_ENV: "test" }).rules;
const SLOTS = rules.inventorySlots;

type DefFields = Partial<Omit<ItemDefinition, "bonuses">> & { bonuses?: Partial<ItemBonuses> };

function def(id: number, fields: DefFields): ItemDefinition {
  return {
    id, name: `item_${id}`, displayName: `Item ${id}`, category: "weapon", rarity: "common", slot: null,
    twoHanded: false, maxStack: 1, requiredSkill: null, requiredLevel: 1, value: 1, maxDurability: 100,
    attackSpeedTicks: null, heals: null, ...fields, bonuses: { attack: 0, strength: 0, defence: 0, ranged: 0, magic: 0, health: 0, ...fields.bonuses },
  };
}

const SWORD = def(1, { slot: "weapon", requiredSkill: "attack", bonuses: { attack: 5, strength: 4 } });
const GREATAXE = def(2, { slot: "weapon", twoHanded: true, requiredSkill: "attack", requiredLevel: 10 });
const SHIELD = def(3, { category: "armour", slot: "shield", bonuses: { defence: 4 } });
const PLATEBODY = def(4, { category: "armour", slot: "body", bonuses: { defence: 20, magic: -8, health: 3 } });
const AMULET = def(5, { category: "armour", slot: "amulet", maxDurability: null, bonuses: { health: 5 } });
const ARROWS = def(6, { category: "ammunition", slot: "ammo", maxStack: 100, maxDurability: null });
const BETTER_ARROWS = def(7, { category: "ammunition", slot: "ammo", maxStack: 100, maxDurability: null });
const BREAD = def(8, { category: "consumable", maxStack: 64, maxDurability: null });
const ALL = [SWORD, GREATAXE, SHIELD, PLATEBODY, AMULET, ARROWS, BETTER_ARROWS, BREAD];
const CATALOGUE = new Map(ALL.map((d) => [d.id, d]));
const getItem = (id: number) => CATALOGUE.get(id);
const SKILLED = { attack: 10, defence: 1 };

function stackOf(item: ItemDefinition, quantity = 1): ItemStack {
  return { itemId: item.id, quantity, durability: item.maxDurability };
}

function inventoryWith(entries: Array<[number, ItemDefinition, number?]>, fillOthers = false): Inventory {
  const inventory: Inventory = new Map();
  if (fillOthers) for (let slot = 0; slot < SLOTS; slot++) inventory.set(slot, stackOf(BREAD, 64));
  for (const [slot, item, quantity] of entries) inventory.set(slot, stackOf(item, quantity));
  return inventory;
}

function equipmentWith(entries: Array<[EquipmentSlot, ItemDefinition, number?]>): Equipment {
  return new Map(entries.map(([slot, item, quantity]) => [slot, stackOf(item, quantity)]));
}

function applied(inventory: Inventory, equipment: Equipment, result: Result<EquipPlan>) {
  assert.ok(result.ok, result.ok ? "" : result.message);
  return {
    inventory: applySlotPlan(inventory, result.data.inventory),
    equipment: applySlotPlan(equipment, result.data.equipment),
  };
}

function equip(inventory: Inventory, equipment: Equipment, fromSlot: number, skills: SkillLevels = SKILLED) {
  const item = getItem(inventory.get(fromSlot)!.itemId)!;
  return planEquip({ inventory, equipment, fromSlot, item, getItem, skills, slots: SLOTS });
}

describe("equipmentRules", () => {
  describe("planEquip", () => {
    it("equips into an empty slot and frees the inventory slot", () => {
      const inventory = inventoryWith([[4, SWORD]]);
      const after = applied(inventory, new Map(), equip(inventory, new Map(), 4));
      assert.deepEqual(after.inventory, new Map());
      assert.deepEqual(after.equipment, equipmentWith([["weapon", SWORD]]));
    });

    it("swaps the item already in the slot into the freed inventory slot", () => {
      const inventory = inventoryWith([[0, SHIELD], [4, SWORD]]);
      const equipment: Equipment = new Map([["weapon", { itemId: SWORD.id, quantity: 1, durability: 7 }]]);
      const after = applied(inventory, equipment, equip(inventory, equipment, 4));
      assert.deepEqual(after.inventory.get(4), { itemId: SWORD.id, quantity: 1, durability: 7 });
      assert.deepEqual(after.equipment.get("weapon"), stackOf(SWORD));
    });

    it("refuses an item without a slot with NOT_EQUIPABLE", () => {
      const inventory = inventoryWith([[0, BREAD, 5]]);
      const result = equip(inventory, new Map(), 0);
      assert.equal(!result.ok && result.code, "NOT_EQUIPABLE");
    });

    it("refuses an item whose skill requirement is not met with REQUIREMENTS_NOT_MET", () => {
      const inventory = inventoryWith([[0, GREATAXE]]);
      const result = equip(inventory, new Map(), 0, { attack: GREATAXE.requiredLevel - 1 });
      assert.equal(!result.ok && result.code, "REQUIREMENTS_NOT_MET");
    });

    it("accepts the requirement given as a Skills map at exactly the required level", () => {
      const inventory = inventoryWith([[0, GREATAXE]]);
      const skills = new Map([["attack", { level: GREATAXE.requiredLevel, xp: 0 }]] as const);
      assert.equal(equip(inventory, new Map(), 0, skills).ok, true);
    });

    it("refuses an empty inventory slot with SLOT_EMPTY", () => {
      const request = { inventory: new Map(), equipment: new Map(), fromSlot: 3, item: SWORD, getItem };
      const result = planEquip({ ...request, skills: SKILLED, slots: SLOTS });
      assert.equal(!result.ok && result.code, "SLOT_EMPTY");
    });

    it("takes off the shield when a two-handed weapon is equipped", () => {
      const inventory = inventoryWith([[0, BREAD], [1, GREATAXE]]);
      const equipment = equipmentWith([["shield", SHIELD]]);
      const after = applied(inventory, equipment, equip(inventory, equipment, 1));
      assert.deepEqual(after.equipment, equipmentWith([["weapon", GREATAXE]]));
      assert.deepEqual(after.inventory.get(1), stackOf(SHIELD));
    });

    it("swaps the weapon into the freed slot and puts the shield in the lowest free slot", () => {
      const inventory = inventoryWith([[5, GREATAXE]], true);
      inventory.delete(9);
      const equipment = equipmentWith([["weapon", SWORD], ["shield", SHIELD]]);
      const after = applied(inventory, equipment, equip(inventory, equipment, 5));
      assert.deepEqual(after.inventory.get(5), stackOf(SWORD));
      assert.deepEqual(after.inventory.get(9), stackOf(SHIELD));
      assert.deepEqual(after.equipment, equipmentWith([["weapon", GREATAXE]]));
    });

    it("refuses a two-handed weapon with INVENTORY_FULL when the shield has nowhere to go", () => {
      const inventory = inventoryWith([[5, GREATAXE]], true);
      const equipment = equipmentWith([["weapon", SWORD], ["shield", SHIELD]]);
      const result = equip(inventory, equipment, 5);
      assert.equal(!result.ok && result.code, "INVENTORY_FULL");
    });

    it("uses the freed slot for the shield when no weapon is wielded", () => {
      const inventory = inventoryWith([[5, GREATAXE]], true);
      const equipment = equipmentWith([["shield", SHIELD]]);
      const after = applied(inventory, equipment, equip(inventory, equipment, 5));
      assert.deepEqual(after.inventory.get(5), stackOf(SHIELD));
      assert.deepEqual(after.equipment, equipmentWith([["weapon", GREATAXE]]));
    });

    it("takes off a two-handed weapon when a shield is equipped", () => {
      const inventory = inventoryWith([[2, SHIELD]]);
      const equipment = equipmentWith([["weapon", GREATAXE]]);
      const after = applied(inventory, equipment, equip(inventory, equipment, 2));
      assert.deepEqual(after.equipment, equipmentWith([["shield", SHIELD]]));
      assert.deepEqual(after.inventory, inventoryWith([[0, GREATAXE]]));
    });

    it("refuses a shield onto a two-handed weapon with INVENTORY_FULL when the weapon has nowhere to go", () => {
      const inventory = inventoryWith([[2, SHIELD]], true);
      const equipment = equipmentWith([["weapon", GREATAXE], ["shield", SHIELD]]);
      const result = equip(inventory, equipment, 2);
      assert.equal(!result.ok && result.code, "INVENTORY_FULL");
    });

    it("keeps a one-handed weapon when a shield is equipped", () => {
      const inventory = inventoryWith([[2, SHIELD]]);
      const equipment = equipmentWith([["weapon", SWORD]]);
      const after = applied(inventory, equipment, equip(inventory, equipment, 2));
      assert.deepEqual(after.equipment, equipmentWith([["weapon", SWORD], ["shield", SHIELD]]));
    });

    it("stacks the same ammunition into the ammo slot", () => {
      const inventory = inventoryWith([[3, ARROWS, 30]]);
      const equipment = equipmentWith([["ammo", ARROWS, 50]]);
      const after = applied(inventory, equipment, equip(inventory, equipment, 3));
      assert.deepEqual(after.equipment.get("ammo"), stackOf(ARROWS, 80));
      assert.equal(after.inventory.has(3), false);
    });

    it("leaves the ammunition that does not fit in the inventory slot", () => {
      const inventory = inventoryWith([[3, ARROWS, 70]]);
      const equipment = equipmentWith([["ammo", ARROWS, 50]]);
      const after = applied(inventory, equipment, equip(inventory, equipment, 3));
      assert.deepEqual(after.equipment.get("ammo"), stackOf(ARROWS, ARROWS.maxStack));
      assert.deepEqual(after.inventory.get(3), stackOf(ARROWS, 20));
    });

    it("swaps different ammunition whole", () => {
      const inventory = inventoryWith([[3, BETTER_ARROWS, 70]]);
      const equipment = equipmentWith([["ammo", ARROWS, 50]]);
      const after = applied(inventory, equipment, equip(inventory, equipment, 3));
      assert.deepEqual(after.equipment.get("ammo"), stackOf(BETTER_ARROWS, 70));
      assert.deepEqual(after.inventory.get(3), stackOf(ARROWS, 50));
    });

    it("never changes its inputs", () => {
      const inventory = inventoryWith([[5, GREATAXE]]);
      const equipment = equipmentWith([["weapon", SWORD], ["shield", SHIELD]]);
      equip(inventory, equipment, 5);
      assert.deepEqual(inventory, inventoryWith([[5, GREATAXE]]));
      assert.deepEqual(equipment, equipmentWith([["weapon", SWORD], ["shield", SHIELD]]));
    });
  });

  describe("planUnequip", () => {
    it("moves the item to the lowest free inventory slot", () => {
      const inventory = inventoryWith([[0, BREAD]]);
      const equipment = equipmentWith([["body", PLATEBODY]]);
      const result = planUnequip({ inventory, equipment, slot: "body", getItem, slots: SLOTS });
      const after = applied(inventory, equipment, result);
      assert.deepEqual(after.inventory.get(1), stackOf(PLATEBODY));
      assert.equal(after.equipment.size, 0);
    });

    it("puts ammunition onto a matching stack even when no slot is free", () => {
      const inventory = inventoryWith([[6, ARROWS, 40]], true);
      const equipment = equipmentWith([["ammo", ARROWS, 60]]);
      const result = planUnequip({ inventory, equipment, slot: "ammo", getItem, slots: SLOTS });
      const after = applied(inventory, equipment, result);
      assert.deepEqual(after.inventory.get(6), stackOf(ARROWS, 100));
      assert.equal(after.equipment.has("ammo"), false);
    });

    it("refuses with INVENTORY_FULL when the item does not fit entirely", () => {
      const inventory = inventoryWith([[6, ARROWS, 90]], true);
      const equipment = equipmentWith([["ammo", ARROWS, 60], ["body", PLATEBODY]]);
      for (const slot of ["ammo", "body"] as const) {
        const result = planUnequip({ inventory, equipment, slot, getItem, slots: SLOTS });
        assert.equal(!result.ok && result.code, "INVENTORY_FULL", slot);
      }
    });

    it("refuses an empty equipment slot with SLOT_EMPTY", () => {
      const result = planUnequip({ inventory: new Map(), equipment: new Map(), slot: "ring", getItem, slots: SLOTS });
      assert.equal(!result.ok && result.code, "SLOT_EMPTY");
    });
  });

  describe("stats", () => {
    it("sums equipped bonuses, negatives included", () => {
      const equipment = equipmentWith([["weapon", SWORD], ["body", PLATEBODY], ["shield", SHIELD]]);
      const expected = { attack: 5, strength: 4, defence: 24, ranged: 0, magic: -8, health: 3 };
      assert.deepEqual(totalStats(equipment, getItem), expected);
    });

    it("adds health bonuses to the hitpoints level for max HP", () => {
      const equipment = equipmentWith([["body", PLATEBODY], ["amulet", AMULET]]);
      assert.equal(maxHp(rules.startingHitpointsLevel, equipment, getItem), rules.startingHitpointsLevel + 8);
      assert.equal(maxHp(rules.startingHitpointsLevel, new Map(), getItem), rules.startingHitpointsLevel);
    });

    it("never gives a max HP below 1", () => {
      const cursed = def(99, { slot: "ring", bonuses: { health: -50 } });
      const equipment = equipmentWith([["ring", cursed]]);
      assert.equal(maxHp(1, equipment, (id) => (id === cursed.id ? cursed : undefined)), 1);
    });

    it("derives a player's max HP from the hitpoints skill and the equipment", () => {
      const equipment = equipmentWith([["amulet", AMULET]]);
      assert.equal(playerMaxHp({ skills: new Map([["hitpoints", { level: 12, xp: 1_358 }]]), equipment }, getItem), 17);
      assert.equal(playerMaxHp({ skills: new Map(), equipment: new Map() }, getItem), 1);
    });
  });
});
