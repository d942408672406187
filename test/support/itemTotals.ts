import { itemByName } from "../../src/content/itemCatalogue.js";
import { SHOPS } from "../../src/content/shops.js";
import type { PrismaClient } from "../../src/generated/prisma/client.js";
import { storedStock } from "../../src/services/rules/shopRules.js";
import type { GameStateManager } from "../../src/state/GameStateManager.js";

/** Item id -> total quantity, as a plain object (sorted keys) so that assert.deepEqual diffs read well. */
export type ItemTotals = Record<number, number>;

function sum(stacks: Iterable<{ itemId: number; quantity: number }>): ItemTotals {
  const totals = new Map<number, number>();
  for (const { itemId, quantity } of stacks) totals.set(itemId, (totals.get(itemId) ?? 0) + quantity);
  return Object.fromEntries([...totals].sort(([a], [b]) => a - b));
}

/**
 * Totals over the players' inventories, equipment and banks and every ground item of the maps, read from
 * Valkey (each player's three at one version).
 */
export async function totalsInValkey(gsm: GameStateManager, playerIds: readonly number[], mapIds: readonly string[]): Promise<ItemTotals> {
  const stacks: Array<{ itemId: number; quantity: number }> = [];
  for (const playerId of playerIds) {
    const read = await gsm.banks.read(playerId);
    if (!read) throw new Error(`player ${playerId} is not loaded`);
    stacks.push(...read.player.inventory.values(), ...read.player.equipment.values(), ...read.bank.values());
  }
  for (const mapId of mapIds) stacks.push(...(await gsm.getMapGroundItems(mapId)));
  return sum(stacks);
}

/** The same totals over everything saved in PostgreSQL: inventories, equipment, banks and ground items. */
export async function totalsInPostgres(prisma: PrismaClient): Promise<ItemTotals> {
  const [inventory, equipment, bank, ground] = await Promise.all([
    prisma.playerInventorySlot.findMany(),
    prisma.playerEquipmentSlot.findMany(),
    prisma.playerBankSlot.findMany(),
    prisma.groundItem.findMany(),
  ]);
  return sum([...inventory, ...equipment, ...bank, ...ground]);
}

/**
 * Every shop's stock as its last trade stored it (a shop never traded with holds its normal stock): the
 * part of the world that lives in shops. Restocking since the last trade is not in it; it is counted as
 * created by `shop` when a trade stores it.
 */
export async function totalsInShops(gsm: GameStateManager): Promise<ItemTotals> {
  const stacks: Array<{ itemId: number; quantity: number }> = [];
  for (const shop of SHOPS) {
    const normals = new Map(shop.stock.map((line) => [itemByName(line.item)!.id, line.normalStock]));
    const stored = await gsm.shops.read(shop.id);
    for (const [itemId, quantity] of storedStock(normals, stored.version === 0 ? null : stored)) stacks.push({ itemId, quantity });
  }
  return sum(stacks);
}

/** The sum of several totals, item by item. */
export function addTotals(...all: ItemTotals[]): ItemTotals {
  return sum(all.flatMap((totals) => Object.entries(totals).map(([itemId, quantity]) => ({ itemId: Number(itemId), quantity }))));
}

/** A seeded random source in [0, 1) (a linear congruential generator), so that a failing storm can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
}

/** Items that entered or left the world through the counted sources, summed over the processes' /metrics. */
export interface ItemFlowTotals {
  drop: number;
  grant: number;
  eat: number;
  /** Created by shops (restocking, coins paid for sales). */
  shopCreated: number;
  /** Destroyed by shops (fading, coins paid for purchases). */
  shopDestroyed: number;
  gather: number;
  /** Cooked or burnt items made. */
  cookCreated: number;
  /** Raw food used up by cooking. */
  cookDestroyed: number;
  despawn: number;
}

/** Reads `rpg_items_created_total{source}` and `rpg_items_destroyed_total{source}` from each server and adds them up. */
export async function itemFlowOf(serverUrls: readonly string[]): Promise<ItemFlowTotals> {
  const totals: ItemFlowTotals = { drop: 0, grant: 0, eat: 0, shopCreated: 0, shopDestroyed: 0, gather: 0, cookCreated: 0, cookDestroyed: 0, despawn: 0 };
  for (const url of serverUrls) {
    const text = await (await fetch(`${url}/metrics`)).text();
    const read = (metric: string, source: string) => {
      const line = text.split("\n").find((l) => l.startsWith(`${metric}{`) && l.includes(`source="${source}"`));
      return line ? Number(line.slice(line.lastIndexOf(" ") + 1)) : 0;
    };
    totals.drop += read("rpg_items_created_total", "drop");
    totals.grant += read("rpg_items_created_total", "grant");
    totals.eat += read("rpg_items_destroyed_total", "eat");
    totals.shopCreated += read("rpg_items_created_total", "shop");
    totals.shopDestroyed += read("rpg_items_destroyed_total", "shop");
    totals.gather += read("rpg_items_created_total", "gather");
    totals.cookCreated += read("rpg_items_created_total", "cook");
    totals.cookDestroyed += read("rpg_items_destroyed_total", "cook");
    totals.despawn += read("rpg_items_destroyed_total", "despawn");
  }
  return totals;
}

/** Items created (drops, grants, shops, gathering, cooking) and destroyed (eating, shops, cooking, despawns) between two readings. */
export function flowBetween(before: ItemFlowTotals, after: ItemFlowTotals): { created: number; destroyed: number } {
  const d = (key: keyof ItemFlowTotals) => after[key] - before[key];
  return {
    created: d("drop") + d("grant") + d("shopCreated") + d("gather") + d("cookCreated"),
    destroyed: d("eat") + d("shopDestroyed") + d("cookDestroyed") + d("despawn"),
  };
}

/** The sum of every quantity. */
export function totalQuantity(totals: ItemTotals): number {
  return Object.values(totals).reduce((sum, n) => sum + n, 0);
}
