import type { PersonalState } from "../../../src/schema/MapState.js";
import type { EconomyController } from "../app/EconomyController.js";
import { h } from "./dom.js";
import { QuantityPrompt } from "./QuantityPrompt.js";
import { stackButton } from "./stackButton.js";
import { itemName, type UiContext } from "./UiContext.js";

/**
 * The bank window, open at a booth: every banked stack (icons and quantities, in bank-slot order). A click
 * on a banked stack withdraws it (a quantity for a stack), a click on an inventory item deposits it (a
 * quantity for a stack), "Deposit all" empties the inventory into the bank.
 */
export class BankPanel {
  readonly element: HTMLElement;
  private readonly grid: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly prompt: QuantityPrompt;
  private signature = "";

  constructor(private readonly ctx: UiContext, private readonly bank: EconomyController) {
    this.grid = h("div", { className: "slots bank-grid" });
    this.empty = h("p", { className: "hint", text: "Your bank is empty." });
    this.prompt = new QuantityPrompt(ctx);
    this.element = h(
      "section",
      { className: "panel window", id: "bank-panel", "aria-label": "Bank", hidden: true },
      h("header", {}, h("h2", { text: "Bank" }), h("button", { type: "button", className: "close", title: "Close the bank", text: "Close", onClick: () => this.bank.close() })),
      this.grid,
      this.empty,
      this.prompt.element,
      h("div", { className: "window-actions" }, h("button", { type: "button", className: "deposit-all", text: "Deposit all", onClick: () => void this.bank.depositAll() })),
      h("p", { className: "hint", text: "Click an item of your inventory to deposit it, a banked item to withdraw it." }),
    );
  }

  render(open: boolean, personal: PersonalState | undefined): void {
    const slots: [number, { itemId: number; quantity: number }][] = [];
    personal?.bank.forEach((s, key) => slots.push([Number(key), { itemId: s.itemId, quantity: s.quantity }]));
    slots.sort((a, b) => a[0] - b[0]);
    const signature = JSON.stringify([open, slots]);
    if (signature === this.signature) return;
    this.signature = signature;
    if (!open) this.prompt.close();
    this.element.hidden = !open;
    this.empty.hidden = slots.length > 0;
    this.grid.replaceChildren(...slots.map(([bankSlot, stack]) => stackButton(this.ctx, stack, "(click to withdraw)", () => this.askWithdraw(bankSlot, stack), { "data-bank-slot": bankSlot })));
  }

  /** A click on an inventory item while the bank is open: deposits it (asks how many of a stack). */
  askDeposit(slot: number, stack: { itemId: number; quantity: number }): void {
    if (stack.quantity === 1) return void this.bank.deposit(slot);
    this.prompt.ask(`Deposit ${itemName(this.ctx, stack.itemId)} (of ${stack.quantity}): `, "Deposit", stack.quantity, stack.quantity, (quantity) => void this.bank.deposit(slot, quantity));
  }

  private askWithdraw(bankSlot: number, stack: { itemId: number; quantity: number }): void {
    if (stack.quantity === 1) return void this.bank.withdraw(bankSlot);
    this.prompt.ask(`Withdraw ${itemName(this.ctx, stack.itemId)} (of ${stack.quantity.toLocaleString("en")}): `, "Withdraw", stack.quantity, stack.quantity, (quantity) => void this.bank.withdraw(bankSlot, quantity));
  }
}
