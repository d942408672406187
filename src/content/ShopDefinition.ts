/** One line of a shop's stock list: an item it sells and the stock it returns to over time. */
export interface ShopStockEntry {
  /** The catalogue name of the item (snake_case). */
  item: string;
  /** The stock the shop holds when left alone (GAME_RULES "Shops": restocking moves toward it). */
  normalStock: number;
}

/**
 * A shop: content data (GAME_RULES "Shops"), kept by a peaceful NPC kind whose `shop` names it and served,
 * with its live stock, at `GET /shops/:id`.
 */
export interface ShopDefinition {
  /** The shop's id (snake_case), as an NPC kind's `shop` names it. */
  id: string;
  /** The shop's name as players see it. */
  name: string;
  /** A general store also buys any other item (except coins and quest items); others buy only what they stock. */
  general: boolean;
  /** What the shop normally sells, in display order; each item at most once. */
  stock: readonly ShopStockEntry[];
}
