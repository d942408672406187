import type { PrismaClient } from "../../src/generated/prisma/client.js";
import type { GameStateManager } from "../../src/state/GameStateManager.js";

/** Item id -> total quantity, as a plain object (sorted keys) so that assert.deepEqual diffs read well. */
export type ItemTotals = Record<number, number>;

function sum(stacks: Iterable<{ itemId: number; quantity: number }>): ItemTotals {
  const totals = new Map<number, number>();
  for (const { itemId, quantity } of stacks) totals.set(itemId, (totals.get(itemId) ?? 0) + quantity);
  return Object.fromEntries([...totals].sort(([a], [b]) => a - b));
}

/** Totals over the players' inventories and equipment and every ground item of the maps, read from Valkey. */
export async function totalsInValkey(gsm: GameStateManager, playerIds: readonly number[], mapIds: readonly string[]): Promise<ItemTotals> {
  const stacks: Array<{ itemId: number; quantity: number }> = [];
  for (const playerId of playerIds) {
    const snapshot = await gsm.readPlayer(playerId);
    if (!snapshot) throw new Error(`player ${playerId} is not loaded`);
    stacks.push(...snapshot.inventory.values(), ...snapshot.equipment.values());
  }
  for (const mapId of mapIds) stacks.push(...(await gsm.getMapGroundItems(mapId)));
  return sum(stacks);
}

/** The same totals over everything saved in PostgreSQL. */
export async function totalsInPostgres(prisma: PrismaClient): Promise<ItemTotals> {
  const [inventory, equipment, ground] = await Promise.all([
    prisma.playerInventorySlot.findMany(),
    prisma.playerEquipmentSlot.findMany(),
    prisma.groundItem.findMany(),
  ]);
  return sum([...inventory, ...equipment, ...ground]);
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
}

/** Reads `rpg_items_created_total{source}` and `rpg_items_destroyed_total{source}` from each server and adds them up. */
export async function itemFlowOf(serverUrls: readonly string[]): Promise<ItemFlowTotals> {
  const totals: ItemFlowTotals = { drop: 0, grant: 0, eat: 0 };
  for (const url of serverUrls) {
    const text = await (await fetch(`${url}/metrics`)).text();
    const read = (metric: string, source: string) => {
      const line = text.split("\n").find((l) => l.startsWith(`${metric}{`) && l.includes(`source="${source}"`));
      return line ? Number(line.slice(line.lastIndexOf(" ") + 1)) : 0;
    };
    totals.drop += read("rpg_items_created_total", "drop");
    totals.grant += read("rpg_items_created_total", "grant");
    totals.eat += read("rpg_items_destroyed_total", "eat");
  }
  return totals;
}

/** The sum of every quantity. */
export function totalQuantity(totals: ItemTotals): number {
  return Object.values(totals).reduce((sum, n) => sum + n, 0);
}
