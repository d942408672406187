import assert from "node:assert/strict";
import { loadConfig } from "../../../src/config/config.js";
import { ITEM_CATEGORIES } from "../../../src/content/ItemDefinition.js";
import { ITEM_CATALOGUE, itemById, itemByName } from "../../../src/content/itemCatalogue.js";
import { EQUIPMENT_SLOTS, RARITIES, SKILL_NAMES } from "../../../src/state/types.js";

const rules = loadConfig({ NODE_ENV: "test" }).rules;
const TIERS = [
  { prefix: "wooden", level: 1 },
  { prefix: "copper", level: 1 },
  { prefix: "bronze", level: 5 },
  { prefix: "iron", level: 10 },
  { prefix: "steel", level: 20 },
];

describe("item catalogue", () => {
  it("holds at least 55 items", () => {
    assert.ok(ITEM_CATALOGUE.length >= 55, `${ITEM_CATALOGUE.length} items`);
  });

  it("has unique positive integer ids and unique snake_case names", () => {
    const ids = ITEM_CATALOGUE.map((item) => item.id);
    const names = ITEM_CATALOGUE.map((item) => item.name);
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(new Set(names).size, names.length);
    for (const item of ITEM_CATALOGUE) {
      assert.ok(Number.isInteger(item.id) && item.id > 0, `${item.name} id`);
      assert.match(item.name, /^[a-z0-9]+(_[a-z0-9]+)*$/);
      assert.ok(item.displayName.length > 0, item.name);
    }
  });

  it("contains every starter kit item, usable at level 1", () => {
    for (const { itemName } of rules.starterKit) {
      const item = itemByName(itemName);
      assert.ok(item, itemName);
      assert.ok(item.requiredLevel <= 1, itemName);
    }
  });

  it("uses only known categories, rarities, slots and skills", () => {
    for (const item of ITEM_CATALOGUE) {
      assert.ok(ITEM_CATEGORIES.includes(item.category), item.name);
      assert.ok(RARITIES.includes(item.rarity), item.name);
      assert.ok(item.slot === null || EQUIPMENT_SLOTS.includes(item.slot), item.name);
      assert.ok(item.requiredSkill === null || SKILL_NAMES.includes(item.requiredSkill), item.name);
    }
  });

  it("gives each kind of item its stack size", () => {
    for (const item of ITEM_CATALOGUE) {
      if (item.category === "currency") assert.equal(item.maxStack, 2_147_483_647, item.name);
      else if (item.category === "ammunition") assert.equal(item.maxStack, 8_192, item.name);
      else if (["material", "consumable"].includes(item.category)) assert.equal(item.maxStack, 64, item.name);
      else if (item.slot !== null) assert.equal(item.maxStack, 1, item.name);
    }
  });

  it("gives durability to wearable non-stackable items and none to items without a slot", () => {
    for (const item of ITEM_CATALOGUE) {
      if (item.slot === null || item.maxStack > 1) assert.equal(item.maxDurability, null, item.name);
      else if (item.slot !== "amulet" && item.slot !== "ring") assert.ok((item.maxDurability ?? 0) > 0, item.name);
    }
  });

  it("only marks weapons as two-handed", () => {
    for (const item of ITEM_CATALOGUE.filter((i) => i.twoHanded)) assert.equal(item.slot, "weapon", item.name);
  });

  it("has a dagger, sword, two-handed weapon and armour in every metal tier at its level", () => {
    for (const { prefix, level } of TIERS) {
      const tier = ITEM_CATALOGUE.filter((item) => item.name.startsWith(`${prefix}_`) && item.category !== "tool");
      for (const slot of ["head", "body", "legs", "shield"] as const) {
        const piece = tier.find((item) => item.slot === slot);
        assert.ok(piece, `${prefix} ${slot}`);
        assert.deepEqual([piece.requiredSkill, piece.requiredLevel], ["defence", level], piece.name);
      }
      const weapons = tier.filter((item) => item.slot === "weapon");
      assert.ok(weapons.some((w) => w.twoHanded) && weapons.filter((w) => !w.twoHanded).length >= 2, prefix);
      for (const weapon of weapons) assert.deepEqual([weapon.requiredSkill, weapon.requiredLevel], ["attack", level]);
    }
  });

  it("makes swords stronger tier by tier", () => {
    const attacks = TIERS.map(({ prefix }) => itemByName(`${prefix}_sword`)?.bonuses.attack ?? 0);
    for (let i = 1; i < attacks.length; i++) assert.ok(attacks[i]! > attacks[i - 1]!, `tier ${i}`);
  });

  it("has bows needing ranged, arrows, tools, food, a health bonus and a negative bonus", () => {
    assert.ok(ITEM_CATALOGUE.some((i) => i.slot === "weapon" && i.requiredSkill === "ranged"));
    assert.ok(ITEM_CATALOGUE.some((i) => i.category === "ammunition" && i.slot === "ammo"));
    assert.ok(ITEM_CATALOGUE.filter((i) => i.category === "tool").length >= 3);
    assert.ok(ITEM_CATALOGUE.some((i) => i.category === "consumable"));
    assert.ok(ITEM_CATALOGUE.some((i) => i.bonuses.health > 0));
    assert.ok(ITEM_CATALOGUE.some((i) => Object.values(i.bonuses).some((b) => b < 0)));
    for (const slot of ["amulet", "ring", "cape", "boots", "gloves"] as const) {
      assert.ok(ITEM_CATALOGUE.some((i) => i.slot === slot), slot);
    }
  });

  it("uses every rarity", () => {
    for (const rarity of RARITIES) assert.ok(ITEM_CATALOGUE.some((i) => i.rarity === rarity), rarity);
  });

  it("finds items by id and by name", () => {
    const coins = itemByName("coins");
    assert.ok(coins);
    assert.equal(itemById(coins.id), coins);
    assert.equal(itemById(-1), undefined);
  });

  it("gives every wieldable weapon an attack speed by its type, and nothing else one", () => {
    const expected = (name: string) =>
      /dagger|_sword$/.test(name) ? 4 : /longsword|mace|hatchet|pickaxe/.test(name) ? 5 : /great|bow$/.test(name) ? 6 : undefined;
    for (const item of ITEM_CATALOGUE) {
      if (item.slot === "weapon") assert.equal(item.attackSpeedTicks, expected(item.name), item.name);
      else assert.equal(item.attackSpeedTicks, null, item.name);
    }
    for (const speed of [4, 5, 6]) assert.ok(ITEM_CATALOGUE.some((i) => i.category === "weapon" && i.attackSpeedTicks === speed), `speed ${speed}`);
  });

  it("lets at least five foods heal, and nothing else", () => {
    const heals = Object.fromEntries(ITEM_CATALOGUE.filter((i) => i.heals !== null).map((i) => [i.name, i.heals]));
    assert.deepEqual(heals, { bread: 2, cooked_shrimp: 3, cooked_trout: 7, cooked_salmon: 9, cooked_lobster: 12 });
    for (const item of ITEM_CATALOGUE) if (item.heals !== null) assert.equal(item.category, "consumable", item.name);
  });
});
