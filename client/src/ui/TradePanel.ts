import type { TradeMessage, TradePartner } from "../../../src/protocol/index.js";
import type { TradeController } from "../app/TradeController.js";
import { h } from "./dom.js";
import { QuantityPrompt } from "./QuantityPrompt.js";
import { stackButton } from "./stackButton.js";
import { itemName, type UiContext } from "./UiContext.js";

/**
 * Trading: the requests ("X wants to trade" with Accept and Decline), and the trade window: my offer and
 * theirs (icons and quantities), who has confirmed, Confirm and Cancel. A click on an inventory item offers
 * it (asks how many of a stack), a click on an item of my offer takes it back.
 */
export class TradePanel {
  readonly element: HTMLElement;
  readonly requests: HTMLElement;
  private readonly title: HTMLElement;
  private readonly mine: HTMLElement;
  private readonly theirs: HTMLElement;
  private readonly theirsTitle: HTMLElement;
  private readonly status: HTMLElement;
  private readonly confirmButton: HTMLButtonElement;
  private readonly prompt: QuantityPrompt;
  private signature = "";

  constructor(private readonly ctx: UiContext, private readonly trading: TradeController) {
    this.requests = h("div", { className: "trade-requests", "aria-live": "polite" });
    this.title = h("h2", { text: "Trade" });
    this.mine = h("div", { className: "slots trade-grid trade-mine" });
    this.theirs = h("div", { className: "slots trade-grid trade-theirs" });
    this.theirsTitle = h("h3", { text: "Their offer" });
    this.status = h("p", { className: "trade-status" });
    this.confirmButton = h("button", { type: "button", className: "confirm", text: "Confirm", onClick: () => void this.trading.confirm() });
    this.prompt = new QuantityPrompt(ctx);
    this.element = h(
      "section",
      { className: "panel window", id: "trade-panel", "aria-label": "Trade", hidden: true },
      h("header", {}, this.title),
      h("h3", { text: "Your offer" }),
      this.mine,
      this.theirsTitle,
      this.theirs,
      this.status,
      this.prompt.element,
      h("div", { className: "window-actions" }, this.confirmButton, h("button", { type: "button", className: "cancel", text: "Cancel", onClick: () => void this.trading.cancel() })),
      h("p", { className: "hint", text: "Click an item of your inventory to offer it, an offered item to take it back." }),
    );
  }

  render(trade: TradeMessage | null, requests: { from: TradePartner }[]): void {
    const signature = JSON.stringify([trade, requests.map((r) => r.from)]);
    if (signature === this.signature) return;
    this.signature = signature;
    this.requests.replaceChildren(
      ...requests.map(({ from }) =>
        h(
          "div",
          { className: "trade-request", "data-from": from.id },
          h("span", { text: `${from.username} wants to trade` }),
          h("button", { type: "button", className: "accept", text: "Accept", onClick: () => void this.trading.accept(from.id) }),
          h("button", { type: "button", className: "decline", text: "Decline", onClick: () => this.trading.decline(from.id) }),
        ),
      ),
    );
    this.element.hidden = trade === null;
    if (!trade) return this.prompt.close();
    const who = trade.with.username;
    this.title.textContent = `Trading with ${who}`;
    this.theirsTitle.textContent = `${who}'s offer`;
    this.mine.replaceChildren(...trade.mine.map((entry, index) => stackButton(this.ctx, entry, "(click to take back)", () => void this.trading.withdraw(index), { "data-index": index })));
    this.theirs.replaceChildren(...trade.theirs.map((entry, index) => stackButton(this.ctx, entry, `(offered by ${who})`, () => undefined, { "data-index": index })));
    this.status.textContent =
      trade.myConfirmed && trade.theirConfirmed ? "Both confirmed."
      : trade.myConfirmed ? `You confirmed: waiting for ${who}.`
      : trade.theirConfirmed ? `${who} has confirmed: confirm to trade.`
      : "Neither of you has confirmed.";
    this.status.classList.toggle("their-confirmed", trade.theirConfirmed);
    this.confirmButton.disabled = trade.myConfirmed;
    this.confirmButton.textContent = trade.myConfirmed ? "Confirmed" : "Confirm";
  }

  /** A click on an inventory item while trading: offers it (asks how many of a stack). */
  askOffer(slot: number, stack: { itemId: number; quantity: number }): void {
    if (stack.quantity === 1) return void this.trading.offer(slot);
    this.prompt.ask(`Offer ${itemName(this.ctx, stack.itemId)} (of ${stack.quantity}): `, "Offer", stack.quantity, stack.quantity, (quantity) => void this.trading.offer(slot, quantity));
  }
}
