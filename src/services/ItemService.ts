import { ITEM_CATALOGUE } from "../content/itemCatalogue.js";
import type { ItemDefinition } from "../content/ItemDefinition.js";
import type { ItemLookup } from "./rules/equipmentRules.js";

/**
 * The item catalogue in memory: reference data, read-only at run time (not state, so not through the
 * GameStateManager). Built from `ITEM_CATALOGUE`, the same list that is seeded into PostgreSQL.
 * `getById` and `maxStackOf` are bound, so they can be passed where an `ItemLookup` or a `MaxStack` is wanted.
 */
export class ItemService {
  private readonly byId = new Map<number, ItemDefinition>();
  private readonly byName = new Map<string, ItemDefinition>();

  /** @throws Error when two entries share an id or a name (a content bug). */
  constructor(private readonly catalogue: readonly ItemDefinition[] = ITEM_CATALOGUE) {
    for (const item of catalogue) {
      if (this.byId.has(item.id)) throw new Error(`duplicate item id ${item.id} in the catalogue`);
      if (this.byName.has(item.name)) throw new Error(`duplicate item name ${item.name} in the catalogue`);
      this.byId.set(item.id, item);
      this.byName.set(item.name, item);
    }
  }

  /** The definition with `id`, or undefined for an unknown id. */
  readonly getById: ItemLookup = (id) => this.byId.get(id);

  /** The definition named `name` (snake_case, as in the catalogue), or undefined. */
  getByName(name: string): ItemDefinition | undefined {
    return this.byName.get(name);
  }

  /** Every definition, in catalogue order. */
  getAll(): readonly ItemDefinition[] {
    return this.catalogue;
  }

  /**
   * The stack size of item `id`. An unknown id (an item removed from the catalogue but still held) counts
   * as 1, so such stacks are kept as they are and never merged.
   */
  readonly maxStackOf = (id: number): number => this.byId.get(id)?.maxStack ?? 1;
}
