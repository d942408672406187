import type { DropEntry, DropTable, NpcKind } from "./NpcKind.js";

type KindFields = Omit<NpcKind, "bonuses" | "aggressionRadiusTiles" | "shop" | "drops"> & {
  bonuses?: Partial<NpcKind["bonuses"]>;
  aggressionRadiusTiles?: number;
  shop?: string | null;
  drops?: Partial<DropTable>;
};

function kind(fields: KindFields): NpcKind {
  return {
    ...fields,
    bonuses: { attack: 0, strength: 0, defence: 0, ...fields.bonuses },
    aggressionRadiusTiles: fields.aggressionRadiusTiles ?? 0,
    drops: { always: [], roll: [], nothingWeight: 0, ...fields.drops },
    shop: fields.shop ?? null,
  };
}

const bones: DropEntry = { item: "bones", min: 1, max: 1 };
const S = 1_000;

/**
 * The NPC kinds (GAME_RULES "NPCs and monsters"): from level 1 (chicken) to about 40 (troll); peaceful
 * townsfolk (a villager and two who keep a shop: the shopkeeper the general store, the blacksmith his
 * smithy), passive animals and guards, aggressive goblins, wolves, bandits and a troll. Each kind's combat
 * level is derived from its levels by the player formula.
 */
export const NPC_KINDS: readonly NpcKind[] = Object.freeze([
  kind({
    kind: "chicken", displayName: "Chicken", behaviour: "passive",
    levels: { attack: 1, strength: 1, defence: 1, hitpoints: 3 },
    attackSpeedTicks: 4, wanderRadiusTiles: 3, leashRadiusTiles: 8, respawnMs: 20 * S,
    drops: { always: [bones], roll: [{ item: "feathers", min: 3, max: 10, weight: 60 }], nothingWeight: 40 },
  }),
  kind({
    kind: "rat", displayName: "Rat", behaviour: "passive",
    levels: { attack: 2, strength: 2, defence: 1, hitpoints: 4 },
    attackSpeedTicks: 4, wanderRadiusTiles: 4, leashRadiusTiles: 8, respawnMs: 20 * S,
    drops: { always: [bones], roll: [{ item: "coins", min: 1, max: 5, weight: 30 }], nothingWeight: 70 },
  }),
  kind({
    kind: "cow", displayName: "Cow", behaviour: "passive",
    levels: { attack: 1, strength: 2, defence: 2, hitpoints: 8 },
    attackSpeedTicks: 5, wanderRadiusTiles: 3, leashRadiusTiles: 8, respawnMs: 30 * S,
    drops: { always: [bones, { item: "cowhide", min: 1, max: 1 }] },
  }),
  kind({
    kind: "villager", displayName: "Villager", behaviour: "peaceful",
    levels: { attack: 3, strength: 3, defence: 3, hitpoints: 10 },
    attackSpeedTicks: 4, wanderRadiusTiles: 4, leashRadiusTiles: 8, respawnMs: 30 * S,
  }),
  kind({
    kind: "shopkeeper", displayName: "Shopkeeper", behaviour: "peaceful",
    levels: { attack: 3, strength: 3, defence: 3, hitpoints: 10 },
    attackSpeedTicks: 4, wanderRadiusTiles: 1, leashRadiusTiles: 8, respawnMs: 30 * S, shop: "general_store",
  }),
  kind({
    kind: "blacksmith", displayName: "Blacksmith", behaviour: "peaceful",
    levels: { attack: 8, strength: 10, defence: 6, hitpoints: 14 },
    attackSpeedTicks: 4, wanderRadiusTiles: 1, leashRadiusTiles: 8, respawnMs: 30 * S, shop: "blacksmith",
  }),
  kind({
    kind: "goblin", displayName: "Goblin", behaviour: "aggressive",
    levels: { attack: 5, strength: 5, defence: 4, hitpoints: 7 }, bonuses: { attack: 2, strength: 2 },
    attackSpeedTicks: 4, aggressionRadiusTiles: 3, wanderRadiusTiles: 3, leashRadiusTiles: 10, respawnMs: 30 * S,
    drops: {
      always: [bones],
      roll: [
        { item: "coins", min: 3, max: 15, weight: 40 },
        { item: "bread", min: 1, max: 1, weight: 15 },
        { item: "bronze_dagger", min: 1, max: 1, weight: 5 },
      ],
      nothingWeight: 40,
    },
  }),
  kind({
    kind: "wolf", displayName: "Wolf", behaviour: "aggressive",
    levels: { attack: 14, strength: 14, defence: 10, hitpoints: 18 }, bonuses: { attack: 4, strength: 5, defence: 4 },
    attackSpeedTicks: 4, aggressionRadiusTiles: 4, wanderRadiusTiles: 4, leashRadiusTiles: 12, respawnMs: 45 * S,
    drops: { always: [bones], roll: [{ item: "wolf_pelt", min: 1, max: 1, weight: 50 }], nothingWeight: 50 },
  }),
  kind({
    kind: "guard", displayName: "Guard", behaviour: "passive",
    levels: { attack: 20, strength: 20, defence: 20, hitpoints: 25 }, bonuses: { attack: 12, strength: 10, defence: 15 },
    attackSpeedTicks: 4, wanderRadiusTiles: 2, leashRadiusTiles: 10, respawnMs: 60 * S,
    drops: {
      always: [bones],
      roll: [
        { item: "coins", min: 10, max: 40, weight: 50 },
        { item: "iron_sword", min: 1, max: 1, weight: 4 },
        { item: "iron_helm", min: 1, max: 1, weight: 4 },
      ],
      nothingWeight: 42,
    },
  }),
  kind({
    kind: "bandit", displayName: "Bandit", behaviour: "aggressive",
    levels: { attack: 22, strength: 24, defence: 18, hitpoints: 30 }, bonuses: { attack: 14, strength: 12, defence: 12 },
    attackSpeedTicks: 5, aggressionRadiusTiles: 5, wanderRadiusTiles: 3, leashRadiusTiles: 12, respawnMs: 60 * S,
    drops: {
      always: [bones],
      roll: [
        { item: "coins", min: 20, max: 60, weight: 45 },
        { item: "cooked_trout", min: 1, max: 3, weight: 20 },
        { item: "iron_longsword", min: 1, max: 1, weight: 4 },
        { item: "ring_of_might", min: 1, max: 1, weight: 1 },
      ],
      nothingWeight: 30,
    },
  }),
  kind({
    kind: "bear", displayName: "Bear", behaviour: "passive",
    levels: { attack: 28, strength: 30, defence: 24, hitpoints: 40 }, bonuses: { strength: 8, defence: 10 },
    attackSpeedTicks: 5, wanderRadiusTiles: 4, leashRadiusTiles: 10, respawnMs: 90 * S,
    drops: { always: [bones], roll: [{ item: "cooked_salmon", min: 1, max: 2, weight: 40 }], nothingWeight: 60 },
  }),
  kind({
    kind: "troll", displayName: "Forest troll", behaviour: "aggressive",
    levels: { attack: 35, strength: 35, defence: 30, hitpoints: 45 }, bonuses: { attack: 20, strength: 18, defence: 20 },
    attackSpeedTicks: 6, aggressionRadiusTiles: 4, wanderRadiusTiles: 2, leashRadiusTiles: 10, respawnMs: 180 * S,
    drops: {
      always: [bones, { item: "coins", min: 50, max: 150 }],
      roll: [
        { item: "cooked_lobster", min: 1, max: 3, weight: 30 },
        { item: "steel_longsword", min: 1, max: 1, weight: 8 },
        { item: "steel_platebody", min: 1, max: 1, weight: 6 },
        { item: "champions_cape", min: 1, max: 1, weight: 1 },
      ],
      nothingWeight: 55,
    },
  }),
].map((entry) => Object.freeze(entry)));

const BY_KIND = new Map(NPC_KINDS.map((entry) => [entry.kind, entry]));

/** The kind named `kind`, or undefined. */
export function npcKindByName(kind: string): NpcKind | undefined {
  return BY_KIND.get(kind);
}
