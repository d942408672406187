import type { DropTable } from "../../content/NpcKind.js";
import { randomInt, type RandomSource } from "./random.js";

/** One stack a dying NPC leaves. */
export interface DroppedStack {
  itemId: number;
  quantity: number;
}

/**
 * Rolls a drop table (GAME_RULES "Drops"): every `always` entry, then one weighted roll on `roll` that
 * gives nothing with `nothingWeight` out of the total. Quantities are uniform in min..max (a draw only when
 * they differ). `itemIdOf` turns the table's item names into ids; an unknown name is a content bug.
 * @throws Error naming an item the catalogue does not have.
 */
export function rollDrops(table: DropTable, random: RandomSource, itemIdOf: (name: string) => number | undefined): DroppedStack[] {
  const idOf = (name: string): number => {
    const id = itemIdOf(name);
    if (id === undefined) throw new Error(`drop table names the unknown item "${name}"`);
    return id;
  };
  const stacks = table.always.map((entry) => ({ itemId: idOf(entry.item), quantity: randomInt(random, entry.min, entry.max) }));
  const total = table.roll.reduce((sum, entry) => sum + entry.weight, table.nothingWeight);
  if (table.roll.length === 0 || total <= 0) return stacks;
  let point = random() * total;
  for (const entry of table.roll) {
    if (point < entry.weight) {
      stacks.push({ itemId: idOf(entry.item), quantity: randomInt(random, entry.min, entry.max) });
      break;
    }
    point -= entry.weight;
  }
  return stacks;
}

/** Each entry's chance of dropping (always: 1; rolled: weight / total), as `GET /npcs` lists them. */
export function dropChances(table: DropTable): { item: string; min: number; max: number; chance: number }[] {
  const total = table.roll.reduce((sum, entry) => sum + entry.weight, table.nothingWeight);
  return [
    ...table.always.map(({ item, min, max }) => ({ item, min, max, chance: 1 })),
    ...table.roll.map(({ item, min, max, weight }) => ({ item, min, max, chance: total > 0 ? weight / total : 0 })),
  ];
}
