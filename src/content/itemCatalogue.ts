import type { EquipmentSlot, Rarity, SkillName } from "../state/types.js";
import type { ItemBonuses, ItemDefinition } from "./ItemDefinition.js";

/** Stack sizes by kind (GAME_RULES "Items"). */
export const STACK_SIZES = {
  equipment: 1,
  tool: 1,
  material: 64,
  consumable: 64,
  ammunition: 8_192,
  currency: 2_147_483_647,
  misc: 64,
} as const;

type Bonuses = Partial<ItemBonuses>;

function displayNameOf(name: string): string {
  const words = name.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Attack speeds by weapon type (GAME_RULES "Combat"). */
export const ATTACK_SPEED_TICKS = { dagger: 4, sword: 4, longsword: 5, mace: 5, axe: 5, twoHanded: 6 } as const;

function item(
  fields: Omit<ItemDefinition, "displayName" | "bonuses" | "twoHanded" | "attackSpeedTicks" | "heals"> & {
    bonuses?: Bonuses;
    twoHanded?: boolean;
    attackSpeedTicks?: number;
    heals?: number;
  },
): ItemDefinition {
  // Built field by field so that the JSON of GET /items lists fields in the protocol's order.
  return {
    id: fields.id,
    name: fields.name,
    displayName: displayNameOf(fields.name),
    category: fields.category,
    rarity: fields.rarity,
    slot: fields.slot,
    twoHanded: fields.twoHanded ?? false,
    maxStack: fields.maxStack,
    requiredSkill: fields.requiredSkill,
    requiredLevel: fields.requiredLevel,
    value: fields.value,
    maxDurability: fields.maxDurability,
    bonuses: { attack: 0, strength: 0, defence: 0, ranged: 0, magic: 0, health: 0, ...fields.bonuses },
    attackSpeedTicks: fields.attackSpeedTicks ?? null,
    heals: fields.heals ?? null,
  };
}

interface Gear {
  rarity: Rarity;
  level: number;
  value: number;
  durability: number | null;
}

type MeleeType = "dagger" | "sword" | "longsword" | "mace" | "axe" | "twoHanded";

/** A one- or two-handed melee weapon of `type` (its attack speed); wielding needs attack. */
function melee(id: number, name: string, type: MeleeType, g: Gear, bonuses: Bonuses): ItemDefinition {
  return item({
    id, name, category: "weapon", rarity: g.rarity, slot: "weapon", twoHanded: type === "twoHanded",
    maxStack: STACK_SIZES.equipment, requiredSkill: "attack", requiredLevel: g.level, value: g.value,
    maxDurability: g.durability, bonuses, attackSpeedTicks: ATTACK_SPEED_TICKS[type],
  });
}

/** Armour for `slot`; wearing it needs defence. */
function armour(id: number, name: string, slot: EquipmentSlot, g: Gear, bonuses: Bonuses): ItemDefinition {
  return item({
    id, name, category: "armour", rarity: g.rarity, slot, maxStack: STACK_SIZES.equipment,
    requiredSkill: "defence", requiredLevel: g.level, value: g.value, maxDurability: g.durability, bonuses,
  });
}

/** A bow: two-handed, needs ranged. */
function bow(id: number, name: string, g: Gear, bonuses: Bonuses): ItemDefinition {
  return item({
    id, name, category: "weapon", rarity: g.rarity, slot: "weapon", twoHanded: true, maxStack: STACK_SIZES.equipment,
    requiredSkill: "ranged", requiredLevel: g.level, value: g.value, maxDurability: g.durability, bonuses,
    attackSpeedTicks: ATTACK_SPEED_TICKS.twoHanded,
  });
}

/** Arrows: stack in the ammo slot and are used up rather than worn out, so they have no durability. */
function arrows(id: number, name: string, rarity: Rarity, level: number, value: number, ranged: number) {
  return item({
    id, name, category: "ammunition", rarity, slot: "ammo", maxStack: STACK_SIZES.ammunition,
    requiredSkill: "ranged", requiredLevel: level, value, maxDurability: null, bonuses: { ranged },
  });
}

/**
 * A gathering tool; with a slot it can be wielded as a weapon (a pickaxe swings like a mace, a hatchet like
 * an axe), and wielding needs the gathering skill.
 */
function tool(id: number, name: string, skill: SkillName, g: Gear, slot: EquipmentSlot | null, bonuses: Bonuses = {}) {
  return item({
    id, name, category: "tool", rarity: g.rarity, slot, maxStack: STACK_SIZES.tool, requiredSkill: skill,
    requiredLevel: g.level, value: g.value, maxDurability: slot === null ? null : g.durability, bonuses,
    ...(slot === "weapon" ? { attackSpeedTicks: skill === "mining" ? ATTACK_SPEED_TICKS.mace : ATTACK_SPEED_TICKS.axe } : {}),
  });
}

type PlainCategory = "material" | "currency" | "misc";

/** An item without a slot: material, currency, junk (misc). */
function plain(id: number, name: string, category: PlainCategory, rarity: Rarity, value: number) {
  return item({
    id, name, category, rarity, slot: null, maxStack: STACK_SIZES[category], requiredSkill: null,
    requiredLevel: 1, value, maxDurability: null,
  });
}

/** Food: a consumable that restores `heals` HP when eaten. */
function food(id: number, name: string, rarity: Rarity, value: number, heals: number) {
  return item({
    id, name, category: "consumable", rarity, slot: null, maxStack: STACK_SIZES.consumable, requiredSkill: null,
    requiredLevel: 1, value, maxDurability: null, heals,
  });
}

function jewellery(id: number, name: string, slot: EquipmentSlot, g: Gear, bonuses: Bonuses): ItemDefinition {
  return item({
    id, name, category: "armour", rarity: g.rarity, slot, maxStack: STACK_SIZES.equipment,
    requiredSkill: g.level > 1 ? "defence" : null, requiredLevel: g.level, value: g.value,
    maxDurability: g.durability, bonuses,
  });
}

const WOOD: Gear = { rarity: "poor", level: 1, value: 4, durability: 100 };
const COPPER: Gear = { rarity: "common", level: 1, value: 12, durability: 150 };
const BRONZE: Gear = { rarity: "common", level: 5, value: 30, durability: 250 };
const IRON: Gear = { rarity: "uncommon", level: 10, value: 80, durability: 400 };
const STEEL: Gear = { rarity: "rare", level: 20, value: 200, durability: 600 };
const times = (g: Gear, factor: number): Gear => ({ ...g, value: g.value * factor });

/**
 * The item catalogue: reference data, read-only at run time, seeded into the `items` table and served at
 * `GET /items`. Ids are stable and never reused: a group owns a range of ids (metal tiers 100-149, ranged
 * 200-219, tools 300-319, materials 400-419, food 500-519 (burnt food from 510), jewellery and capes 600-619;
 * coins are 1).
 */
export const ITEM_CATALOGUE: readonly ItemDefinition[] = Object.freeze([
  plain(1, "coins", "currency", "common", 1),

  melee(100, "wooden_dagger", "dagger", WOOD, { attack: 2, strength: 1 }),
  melee(101, "wooden_sword", "sword", times(WOOD, 2), { attack: 3, strength: 2 }),
  melee(102, "wooden_greatclub", "twoHanded", times(WOOD, 3), { attack: 2, strength: 5 }),
  armour(103, "wooden_helm", "head", WOOD, { defence: 1 }),
  armour(104, "wooden_body", "body", times(WOOD, 3), { defence: 3 }),
  armour(105, "wooden_legs", "legs", times(WOOD, 2), { defence: 2 }),
  armour(106, "wooden_shield", "shield", times(WOOD, 2), { defence: 2 }),

  melee(110, "copper_dagger", "dagger", COPPER, { attack: 4, strength: 3 }),
  melee(111, "copper_sword", "sword", times(COPPER, 2), { attack: 5, strength: 4 }),
  melee(112, "copper_greataxe", "twoHanded", times(COPPER, 3), { attack: 4, strength: 8 }),
  armour(113, "copper_helm", "head", COPPER, { defence: 2 }),
  armour(114, "copper_body", "body", times(COPPER, 3), { defence: 5, magic: -2 }),
  armour(115, "copper_legs", "legs", times(COPPER, 2), { defence: 4 }),
  armour(116, "copper_shield", "shield", times(COPPER, 2), { defence: 4 }),

  melee(120, "bronze_dagger", "dagger", BRONZE, { attack: 6, strength: 5 }),
  melee(121, "bronze_sword", "sword", times(BRONZE, 2), { attack: 8, strength: 6 }),
  melee(122, "bronze_greataxe", "twoHanded", times(BRONZE, 3), { attack: 7, strength: 12 }),
  armour(123, "bronze_helm", "head", BRONZE, { defence: 3 }),
  armour(124, "bronze_body", "body", times(BRONZE, 3), { defence: 8, magic: -3 }),
  armour(125, "bronze_legs", "legs", times(BRONZE, 2), { defence: 6 }),
  armour(126, "bronze_shield", "shield", times(BRONZE, 2), { defence: 6 }),
  melee(127, "bronze_mace", "mace", times(BRONZE, 2), { attack: 6, strength: 8 }),

  melee(130, "iron_dagger", "dagger", IRON, { attack: 9, strength: 8 }),
  melee(131, "iron_sword", "sword", times(IRON, 2), { attack: 12, strength: 10 }),
  melee(132, "iron_greataxe", "twoHanded", times(IRON, 3), { attack: 11, strength: 18 }),
  armour(133, "iron_helm", "head", IRON, { defence: 5, magic: -1 }),
  armour(134, "iron_body", "body", times(IRON, 3), { defence: 13, ranged: -2, magic: -5, health: 1 }),
  armour(135, "iron_legs", "legs", times(IRON, 2), { defence: 10, magic: -1 }),
  armour(136, "iron_shield", "shield", times(IRON, 2), { defence: 9 }),
  armour(137, "iron_boots", "boots", IRON, { defence: 2 }),
  armour(138, "iron_gloves", "gloves", IRON, { attack: 1, defence: 2 }),
  melee(139, "iron_longsword", "longsword", times(IRON, 3), { attack: 14, strength: 14 }),

  melee(140, "steel_dagger", "dagger", STEEL, { attack: 14, strength: 12 }),
  melee(141, "steel_sword", "sword", times(STEEL, 2), { attack: 18, strength: 15 }),
  melee(142, "steel_greataxe", "twoHanded", { ...times(STEEL, 4), rarity: "epic" }, { attack: 17, strength: 27 }),
  armour(143, "steel_helm", "head", STEEL, { defence: 8, magic: -2 }),
  armour(144, "steel_platebody", "body", times(STEEL, 3), { defence: 20, ranged: -4, magic: -8, health: 3 }),
  armour(145, "steel_legs", "legs", times(STEEL, 2), { defence: 15, magic: -2 }),
  armour(146, "steel_shield", "shield", times(STEEL, 2), { defence: 14 }),
  armour(147, "steel_boots", "boots", STEEL, { defence: 3 }),
  armour(148, "steel_gloves", "gloves", STEEL, { attack: 2, defence: 3 }),
  melee(149, "steel_longsword", "longsword", times(STEEL, 3), { attack: 21, strength: 21 }),

  bow(200, "shortbow", { rarity: "common", level: 1, value: 20, durability: 200 }, { ranged: 5 }),
  bow(201, "longbow", { rarity: "uncommon", level: 10, value: 90, durability: 350 }, { ranged: 10 }),
  bow(202, "composite_bow", { rarity: "rare", level: 20, value: 250, durability: 550 }, { ranged: 16 }),
  arrows(210, "copper_arrows", "common", 1, 1, 2),
  arrows(211, "bronze_arrows", "common", 5, 2, 4),
  arrows(212, "iron_arrows", "uncommon", 10, 4, 6),

  tool(300, "bronze_pickaxe", "mining", { ...BRONZE, level: 1 }, "weapon", { attack: 2, strength: 2 }),
  tool(301, "iron_pickaxe", "mining", IRON, "weapon", { attack: 4, strength: 4 }),
  tool(302, "bronze_hatchet", "woodcutting", { ...BRONZE, level: 1 }, "weapon", { attack: 2, strength: 3 }),
  tool(303, "iron_hatchet", "woodcutting", IRON, "weapon", { attack: 4, strength: 5 }),
  tool(304, "fishing_rod", "fishing", { rarity: "common", level: 1, value: 5, durability: null }, null),
  tool(305, "steel_pickaxe", "mining", STEEL, "weapon", { attack: 6, strength: 6 }),
  tool(306, "steel_hatchet", "woodcutting", STEEL, "weapon", { attack: 6, strength: 7 }),
  tool(307, "small_fishing_net", "fishing", { rarity: "common", level: 1, value: 5, durability: null }, null),
  tool(308, "lobster_pot", "fishing", { rarity: "uncommon", level: 40, value: 20, durability: null }, null),

  plain(400, "copper_ore", "material", "common", 3),
  plain(401, "tin_ore", "material", "common", 3),
  plain(402, "iron_ore", "material", "common", 8),
  plain(403, "coal", "material", "uncommon", 12),
  plain(404, "copper_bar", "material", "common", 6),
  plain(405, "bronze_bar", "material", "common", 10),
  plain(406, "iron_bar", "material", "uncommon", 25),
  plain(407, "steel_bar", "material", "rare", 60),
  plain(408, "logs", "material", "poor", 2),
  plain(409, "raw_shrimp", "material", "poor", 2),
  plain(410, "bones", "material", "poor", 1),
  plain(411, "feathers", "material", "poor", 1),
  plain(412, "cowhide", "material", "common", 5),
  plain(413, "wolf_pelt", "material", "uncommon", 20),
  plain(414, "raw_trout", "material", "common", 10),
  plain(415, "raw_lobster", "material", "uncommon", 25),
  plain(416, "oak_logs", "material", "common", 5),
  plain(417, "willow_logs", "material", "common", 10),

  food(500, "bread", "common", 4, 2),
  food(501, "cooked_shrimp", "common", 5, 3),
  food(502, "cooked_trout", "uncommon", 15, 7),
  food(503, "cooked_salmon", "uncommon", 20, 9),
  food(504, "cooked_lobster", "rare", 40, 12),
  plain(510, "burnt_shrimp", "misc", "poor", 1),
  plain(511, "burnt_trout", "misc", "poor", 1),
  plain(512, "burnt_lobster", "misc", "poor", 1),

  jewellery(600, "amulet_of_vitality", "amulet", { rarity: "rare", level: 1, value: 400, durability: null }, {
    health: 5,
  }),
  jewellery(601, "ring_of_might", "ring", { rarity: "epic", level: 10, value: 900, durability: null }, {
    attack: 3,
    strength: 4,
  }),
  jewellery(602, "champions_cape", "cape", { rarity: "legendary", level: 20, value: 2500, durability: 1000 }, {
    attack: 2,
    strength: 2,
    defence: 4,
    ranged: 2,
    magic: 2,
    health: 2,
  }),
].map((entry) => Object.freeze({ ...entry, bonuses: Object.freeze(entry.bonuses) })));

const BY_ID = new Map(ITEM_CATALOGUE.map((entry) => [entry.id, entry]));
const BY_NAME = new Map(ITEM_CATALOGUE.map((entry) => [entry.name, entry]));

/** The catalogue entry with `id`, or undefined. */
export function itemById(id: number): ItemDefinition | undefined {
  return BY_ID.get(id);
}

/** The catalogue entry named `name` (snake_case), or undefined. */
export function itemByName(name: string): ItemDefinition | undefined {
  return BY_NAME.get(name);
}
