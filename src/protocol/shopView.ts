/** One line of `GET /shops/:id`: `buyPrice` is what a player pays, `sellPrice` what a player gets. */
export interface ShopItemView {
  itemId: number;
  stock: number;
  normalStock: number;
  buyPrice: number;
  sellPrice: number;
}

/** `GET /shops/:id` (PROTOCOL.md): a shop's live stock and prices. */
export interface ShopView {
  id: string;
  name: string;
  general: boolean;
  items: ShopItemView[];
}
