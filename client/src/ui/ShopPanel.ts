import type { ShopView } from "../../../src/protocol/index.js";
import type { EconomyController } from "../app/EconomyController.js";
import { h } from "./dom.js";
import { QuantityPrompt } from "./QuantityPrompt.js";
import { stackButton } from "./stackButton.js";
import { itemName, type UiContext } from "./UiContext.js";

/**
 * The shop window, open at a shopkeeper: each item with its stock, the price to buy it and what the shop
 * pays for it. A click on an item buys it (asks how many), a click on an inventory item sells it (asks how
 * many of a stack). The stock is loaded again after each buy or sell.
 */
export class ShopPanel {
  readonly element: HTMLElement;
  private readonly title: HTMLElement;
  private readonly list: HTMLElement;
  private readonly prompt: QuantityPrompt;
  private shop: ShopView | null = null;
  private signature = "";

  constructor(private readonly ctx: UiContext, private readonly economy: EconomyController) {
    this.title = h("h2", { text: "Shop" });
    this.list = h("ul", { className: "shop-items" });
    this.prompt = new QuantityPrompt(ctx);
    this.element = h(
      "section",
      { className: "panel window", id: "shop-panel", "aria-label": "Shop", hidden: true },
      h("header", {}, this.title, h("button", { type: "button", className: "close", title: "Close the shop", text: "Close", onClick: () => this.economy.close() })),
      this.list,
      this.prompt.element,
      h("p", { className: "hint", text: "Click an item to buy it, an item of your inventory to sell it." }),
    );
  }

  render(open: boolean, shop: ShopView | null): void {
    const signature = JSON.stringify([open, shop]);
    if (signature === this.signature) return;
    this.signature = signature;
    this.shop = shop;
    if (!open) this.prompt.close();
    this.element.hidden = !open;
    this.title.textContent = shop?.name ?? "Shop";
    if (!shop) return void this.list.replaceChildren(h("li", { className: "hint", text: "Loading the stock..." }));
    this.list.replaceChildren(
      ...shop.items.map((line) =>
        h(
          "li",
          { "data-item-id": line.itemId, "data-stock": line.stock, className: line.stock === 0 ? "sold-out" : "" },
          stackButton(this.ctx, { itemId: line.itemId, quantity: line.stock }, `(click to buy: ${line.buyPrice} coins each)`, () => this.askBuy(line.itemId, line.buyPrice)),
          h("span", { className: "shop-name", text: itemName(this.ctx, line.itemId) }),
          h("span", { className: "shop-price", text: `Buy ${line.buyPrice} · Sell ${line.sellPrice}` }),
          h("span", { className: "shop-stock", text: line.stock === 0 ? "sold out" : `${line.stock.toLocaleString("en")} in stock` }),
        ),
      ),
    );
  }

  /** A click on an inventory item while the shop is open: sells it (asks how many of a stack). */
  askSell(slot: number, stack: { itemId: number; quantity: number }): void {
    const price = this.shop?.items.find((l) => l.itemId === stack.itemId)?.sellPrice;
    const each = price === undefined ? "" : ` for ${price} coins each`;
    if (stack.quantity === 1) return void this.economy.sell(slot);
    this.prompt.ask(`Sell ${itemName(this.ctx, stack.itemId)} (of ${stack.quantity})${each}: `, "Sell", stack.quantity, stack.quantity, (quantity) => void this.economy.sell(slot, quantity));
  }

  private askBuy(itemId: number, price: number): void {
    this.prompt.ask(`Buy ${itemName(this.ctx, itemId)} at ${price} coins each: `, "Buy", 1, null, (quantity) => void this.economy.buy(itemId, quantity));
  }
}
