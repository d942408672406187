import type { GameRules } from "../config/config.js";
import type { ShopDefinition } from "../content/ShopDefinition.js";
import { SHOPS } from "../content/shops.js";
import type { GameStateManager } from "../state/GameStateManager.js";
import type { StoredShop } from "../state/ShopHotState.js";
import type { ItemStack } from "../state/types.js";
import { atomically, commitThen, type Planned } from "./atomically.js";
import type { ShopView } from "../protocol/shopView.js";
import type { ItemFlow } from "./ItemFlow.js";
import type { ItemService } from "./ItemService.js";
import { fail, ok, type Result } from "./results.js";
import { chebyshev } from "./rules/distance.js";
import type { InventoryPlan } from "./rules/inventoryRules.js";
import * as shopRules from "./rules/shopRules.js";
import { guardedBy, isInventorySlot, readAlive, writeInventoryPlan } from "./stateAccess.js";

export interface ShopServiceDeps {
  gsm: GameStateManager;
  items: ItemService;
  rules: Pick<GameRules, "inventorySlots" | "shopReachTiles" | "shopRestockMs" | "shopBuyPercent">;
  itemFlow?: ItemFlow;
  /** Milliseconds since the epoch: the restock clock. Defaults to the GSM's. */
  now?: () => number;
  /** The shops (content); default `SHOPS`. */
  shops?: readonly ShopDefinition[];
}

/** The shopkeeper a command trades with, as the room's world sees it: its shop and tile. */
export interface Shopkeeper {
  shopId: string;
  x: number;
  y: number;
}


interface Shop {
  id: string;
  name: string;
  general: boolean;
  /** Item id -> normal stock, in the content's order. */
  normals: Map<number, number>;
}

/** The stock a trade changes: the stored stock it read, and the stock now (restocking included). */
interface StockRead {
  stored: StoredShop;
  live: shopRules.Stock;
}

/**
 * Shops (GAME_RULES "Shops"): buying and selling, each ONE commit of the player's inventory and the shop's
 * stock, guarded by the player's version and the stock's (`StateTransaction.replaceShopStock`), so two players
 * on two processes can never buy the same unit. Stock is restocked lazily (shopRules.currentStock) and every
 * trade stores the stock as it is then; what restocking added or faded by then is counted as created or
 * destroyed by `shop`, and so are the coins paid and received (the stock itself is part of the world).
 * Every trade answers NOT_FOUND for a player who is not loaded, DEAD for a dead one, and TOO_FAR when the
 * shopkeeper is farther than `shopReachTiles` (Chebyshev) from the player.
 */
export class ShopService {
  private readonly shops = new Map<string, Shop>();
  private readonly now: () => number;
  private readonly coinsId: number;

  /** @throws Error when a shop lists an item missing from the catalogue, or the catalogue has no coins. */
  constructor(private readonly deps: ShopServiceDeps) {
    this.now = deps.now ?? deps.gsm.now;
    const coins = deps.items.getByName("coins");
    if (!coins) throw new Error("the item catalogue has no coins");
    this.coinsId = coins.id;
    for (const shop of deps.shops ?? SHOPS) {
      const normals = new Map<number, number>();
      for (const line of shop.stock) {
        const item = deps.items.getByName(line.item);
        if (!item) throw new Error(`shop ${shop.id} lists the unknown item ${line.item}`);
        normals.set(item.id, line.normalStock);
      }
      this.shops.set(shop.id, { id: shop.id, name: shop.name, general: shop.general, normals });
    }
  }

  /**
   * The shop with its live stock: the normally stocked items in the content's order, then the items players
   * sold it that it does not normally stock (`normalStock` 0) until they fade. NOT_FOUND for an unknown shop.
   */
  async describe(shopId: string): Promise<Result<ShopView>> {
    const shop = this.shops.get(shopId);
    if (!shop) return fail("NOT_FOUND", `there is no shop "${shopId}"`);
    const { live } = await this.readStock(shop);
    const items = [...live].map(([itemId, stock]) => {
      const value = this.deps.items.getById(itemId)?.value ?? 0;
      return {
        itemId, stock, normalStock: shop.normals.get(itemId) ?? 0,
        buyPrice: shopRules.buyPrice(value), sellPrice: shopRules.sellPrice(value, this.deps.rules.shopBuyPercent),
      };
    });
    const extra = items.filter((i) => !shop.normals.has(i.itemId)).sort((a, b) => a.itemId - b.itemId);
    return ok({ id: shop.id, name: shop.name, general: shop.general, items: [...items.filter((i) => shop.normals.has(i.itemId)), ...extra] });
  }

  /**
   * Buys up to `quantity` of `itemId` from the shopkeeper's shop: as many as the stock, the coins and the
   * inventory allow, at the item's value each. Returns how many and what they cost. Fails with NOT_FOUND (the
   * shop does not sell that item now), TOO_FAR, OUT_OF_STOCK, NOT_ENOUGH_COINS, INVENTORY_FULL (not even one).
   */
  async buy(playerId: number, keeper: Shopkeeper, itemId: number, quantity: number): Promise<Result<{ quantity: number; cost: number }>> {
    const shop = this.shops.get(keeper.shopId);
    if (!shop) return fail("NOT_FOUND", `there is no shop "${keeper.shopId}"`);
    if (!Number.isSafeInteger(quantity) || quantity < 1) return fail("INVALID_PAYLOAD", `quantity must be a positive integer, got ${quantity}`);
    return this.trade(playerId, keeper, shop, (inventory, live) => {
      const stock = live.get(itemId);
      const item = this.deps.items.getById(itemId);
      if (stock === undefined || !item) return fail("NOT_FOUND", `${shop.name} does not sell item ${itemId}`);
      const planned = shopRules.planBuy(inventory, { itemId, durability: item.maxDurability, unitPrice: shopRules.buyPrice(item.value) }, quantity, stock, this.purse());
      if (!planned.ok) return planned;
      const { plan, quantity: n, cost } = planned.data;
      return ok({ plan, stock: [itemId, stock - n], value: { quantity: n, cost }, coins: { paid: cost, received: 0 } });
    });
  }

  /**
   * Sells `quantity` (default: the stack in `slot`) of the item in inventory slot `slot` (from that slot
   * first, then the other slots holding it) at `SHOP_BUY_PERCENT` of its value each, rounded down. Returns how
   * many and the coins received. Fails with TOO_FAR, INVALID_SLOT, SLOT_EMPTY, NOT_TRADEABLE (coins, quest
   * items, or an item this shop does not buy), INVALID_PAYLOAD (quantity below 1 or more than held),
   * INVENTORY_FULL (no room for the coins).
   */
  async sell(playerId: number, keeper: Shopkeeper, slot: number, quantity?: number): Promise<Result<{ quantity: number; coins: number }>> {
    const shop = this.shops.get(keeper.shopId);
    if (!shop) return fail("NOT_FOUND", `there is no shop "${keeper.shopId}"`);
    const { inventorySlots, shopBuyPercent } = this.deps.rules;
    return this.trade(playerId, keeper, shop, (inventory, live) => {
      if (!isInventorySlot(slot, inventorySlots)) return fail("INVALID_SLOT", `slot ${slot} is outside 0..${inventorySlots - 1}`);
      const stack = inventory.get(slot);
      if (!stack) return fail("SLOT_EMPTY", `inventory slot ${slot} is empty`);
      const item = this.deps.items.getById(stack.itemId);
      if (!item || !shopRules.shopBuys(shop, item)) return fail("NOT_TRADEABLE", `${shop.name} does not buy item ${stack.itemId}`);
      const planned = shopRules.planSell(inventory, slot, quantity, shopRules.sellPrice(item.value, shopBuyPercent), this.purse());
      if (!planned.ok) return planned;
      const { plan, quantity: n, coins } = planned.data;
      return ok({ plan, stock: [item.id, (live.get(item.id) ?? 0) + n], value: { quantity: n, coins }, coins: { paid: 0, received: coins } });
    });
  }

  private purse(): shopRules.Purse {
    return { coinsId: this.coinsId, maxStack: this.deps.items.maxStackOf, inventorySlots: this.deps.rules.inventorySlots };
  }

  private async readStock(shop: Shop): Promise<StockRead> {
    const stored = await this.deps.gsm.shops.read(shop.id);
    const live = shopRules.currentStock(shop.normals, stored.version === 0 ? null : stored, this.now(), this.deps.rules.shopRestockMs);
    return { stored, live };
  }

  /**
   * One trade: the player (alive, in reach) and the stock are read, `plan` decides the inventory's change and
   * the traded item's new stock, and both are committed together guarded by both versions.
   */
  private async trade<T>(
    playerId: number,
    keeper: Shopkeeper,
    shop: Shop,
    plan: (
      inventory: ReadonlyMap<number, ItemStack>,
      live: shopRules.Stock,
    ) => Result<{ plan: InventoryPlan; stock: [itemId: number, count: number]; value: T; coins: { paid: number; received: number } }>,
  ): Promise<Result<T>> {
    const { gsm } = this.deps;
    const traded = await atomically(gsm, async (): Promise<Planned<{ value: T; created: number; destroyed: number }>> => {
      const [read, stock] = await Promise.all([readAlive(gsm, playerId), this.readStock(shop)]);
      if (!read.ok) return read;
      const player = read.data;
      if (chebyshev(player.position, keeper) > this.deps.rules.shopReachTiles) return fail("TOO_FAR", "the shopkeeper is not in reach");
      const planned = plan(player.inventory, stock.live);
      if (!planned.ok) return planned;
      const { plan: inventoryPlan, stock: [itemId, count], value, coins } = planned.data;
      const after = new Map(stock.live);
      if (count > 0 || shop.normals.has(itemId)) after.set(itemId, count);
      else after.delete(itemId);
      const restocked = shopRules.stockFlow(shopRules.storedStock(shop.normals, stock.stored.version === 0 ? null : stock.stored), stock.live);
      const updatedAtMs = Math.max(this.now(), stock.stored.updatedAtMs);
      const tx = writeInventoryPlan(guardedBy(gsm, player), playerId, inventoryPlan).replaceShopStock(shop.id, stock.stored.version, after, updatedAtMs);
      return commitThen(tx, { value, created: restocked.created + coins.received, destroyed: restocked.destroyed + coins.paid });
    });
    if (!traded.ok) return traded;
    this.deps.itemFlow?.created("shop", traded.data.created);
    this.deps.itemFlow?.destroyed("shop", traded.data.destroyed);
    return ok(traded.data.value);
  }
}
