import type { Valkey } from "iovalkey";
import { keys } from "./keys.js";

/**
 * One shop's stock as it was stored by its last change (restocking since is computed from `updatedAtMs` by
 * the shop rules, never stored by itself).
 */
export interface StoredShop {
  /** Item id -> stock at `updatedAtMs`; an item missing here is at its normal level (0 if it has none). */
  stock: Map<number, number>;
  updatedAtMs: number;
  /** What a commit guards on (`StateTransaction.replaceShopStock`); 0 when nothing is stored. */
  version: number;
}

/**
 * Shop stock in Valkey: ONE hash per shop (`shop:{id}`) for the whole world, shared by every process and
 * changed only by guarded commits that also change the trading player (`StateTransaction.replaceShopStock`),
 * so two processes can never sell the same unit twice. Stock lives in Valkey only: a Valkey that loses its
 * data gives every shop its normal stock again.
 */
export class ShopHotState {
  constructor(private readonly valkey: Valkey) {}

  /** One round trip: the stored stock and its version (version 0 and an empty stock when nothing is stored). */
  async read(shopId: string): Promise<StoredShop> {
    const hash = await this.valkey.hgetall(keys.shop(shopId));
    const stock = new Map<number, number>();
    for (const [field, value] of Object.entries(hash)) {
      if (/^\d+$/.test(field)) stock.set(Number(field), Number(value));
    }
    return { stock, updatedAtMs: Number(hash.updated_at ?? 0), version: Number(hash.version ?? 0) };
  }
}
