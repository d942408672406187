import { ITEM_CATALOGUE } from "../../src/content/itemCatalogue.js";
import type { Inventory } from "../../src/state/types.js";

/** The default starter kit (the server's STARTER_KIT default), slots 0..3. */
export function starterInventory(): Inventory {
  const inv: Inventory = new Map();
  const kit: [string, number][] = [["copper_dagger", 1], ["wooden_shield", 1], ["coins", 25], ["bread", 5]];
  kit.forEach(([name, quantity], slot) => {
    const def = ITEM_CATALOGUE.find((i) => i.name === name)!;
    inv.set(slot, { itemId: def.id, quantity, durability: def.maxDurability });
  });
  return inv;
}
