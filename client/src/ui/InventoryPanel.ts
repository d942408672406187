import type { PersonalState } from "../../../src/schema/MapState.js";
import { h } from "./dom.js";
import { iconElement, iconFrameOf } from "./icons.js";
import { QuantityPrompt } from "./QuantityPrompt.js";
import { compactQuantity } from "./stackButton.js";
import { itemName, type UiContext } from "./UiContext.js";

export const INVENTORY_SLOTS = 28;
const DRAG_START_PX = 6;

/**
 * The inventory: 28 slots with icons and quantities. Click (or Enter) uses a slot: eats food (an item
 * that `heals`), equips anything else (the server says why not when it cannot be). Drag a slot onto another to move it.
 * Right-click (or Delete) drops: at once for a single item, with a quantity for a stack.
 */
export class InventoryPanel {
  readonly element: HTMLElement;
  private readonly grid: HTMLElement;
  private readonly drop: QuantityPrompt;
  private dropSlot: number | null = null;
  private slots: ({ itemId: number; quantity: number } | null)[] = [];
  private signature = "";
  private drag: { from: number; x: number; y: number; ghost: HTMLElement | null } | null = null;
  private suppressClick = false;

  constructor(private readonly ctx: UiContext) {
    this.grid = h("div", { className: "slots inventory-grid" });
    for (let slot = 0; slot < INVENTORY_SLOTS; slot++) {
      this.grid.append(
        h("button", {
          className: "slot",
          type: "button",
          "data-slot": slot,
          onClick: () => this.onClick(slot),
          onContextmenu: (e: MouseEvent) => {
            e.preventDefault();
            this.openDrop(slot);
          },
          onKeydown: (e: KeyboardEvent) => {
            if (e.key === "Delete" || e.key === "Backspace" || e.key === "x") {
              e.preventDefault();
              this.openDrop(slot);
            }
          },
          onPointerdown: (e: PointerEvent) => this.onPointerDown(slot, e),
        }),
      );
    }
    this.drop = new QuantityPrompt(ctx, "drop-form quantity-form");
    this.element = h("section", { className: "panel", id: "inventory-panel", "aria-label": "Inventory" }, h("h2", { text: "Inventory" }), this.grid, this.drop.element,
      h("p", { className: "hint", text: "Click: eat or equip. Drag: move. Right-click or Delete: drop." }));
    window.addEventListener("pointermove", (e) => this.onPointerMove(e));
    window.addEventListener("pointerup", (e) => this.onPointerUp(e));
  }

  render(personal: PersonalState | undefined): void {
    const slots: typeof this.slots = [];
    for (let slot = 0; slot < INVENTORY_SLOTS; slot++) {
      const stack = personal?.inventory.get(String(slot));
      slots.push(stack ? { itemId: stack.itemId, quantity: stack.quantity } : null);
    }
    const signature = JSON.stringify(slots);
    if (signature === this.signature) return;
    this.signature = signature;
    this.slots = slots;
    slots.forEach((stack, slot) => {
      const button = this.grid.children[slot] as HTMLButtonElement;
      button.replaceChildren();
      button.classList.toggle("filled", stack !== null);
      if (!stack) {
        button.title = `Slot ${slot}: empty`;
        button.removeAttribute("data-item");
        return;
      }
      const item = this.ctx.items.get(stack.itemId);
      button.dataset.item = item?.name ?? String(stack.itemId);
      button.title = `${itemName(this.ctx, stack.itemId)}${stack.quantity > 1 ? ` x${stack.quantity}` : ""}${item?.heals ? ` (click to eat: heals ${item.heals})` : ""}`;
      button.append(iconElement(iconFrameOf(item)));
      if (stack.quantity > 1) button.append(h("span", { className: "qty", text: compactQuantity(stack.quantity) }));
    });
    if (this.dropSlot !== null && !this.slots[this.dropSlot]) this.closeDrop();
  }

  private onClick(slot: number): void {
    if (this.suppressClick) {
      this.suppressClick = false;
      return;
    }
    const stack = this.slots[slot];
    if (!stack) return;
    // An open bank, shop or trade window takes the click (deposit, sell, offer).
    if (this.ctx.useSlotInWindow?.(slot, stack)) return;
    const item = this.ctx.items.get(stack.itemId);
    if (item?.heals) void this.ctx.eat(slot);
    else void this.ctx.command("equip", { slot }, item ? { item } : {});
  }

  private openDrop(slot: number): void {
    const stack = this.slots[slot];
    if (!stack) return;
    if (stack.quantity === 1) {
      void this.ctx.command("inventory:drop", { slot });
      return;
    }
    this.dropSlot = slot;
    this.drop.ask(`Drop ${itemName(this.ctx, stack.itemId)} (of ${stack.quantity}): `, "Drop", stack.quantity, stack.quantity, (quantity) => {
      this.dropSlot = null;
      void this.ctx.command("inventory:drop", { slot, quantity });
    });
  }

  private closeDrop(): void {
    this.dropSlot = null;
    this.drop.close();
  }

  private onPointerDown(slot: number, e: PointerEvent): void {
    if (e.button !== 0 || !this.slots[slot]) return;
    this.drag = { from: slot, x: e.clientX, y: e.clientY, ghost: null };
  }

  private onPointerMove(e: PointerEvent): void {
    const drag = this.drag;
    if (!drag) return;
    if (!drag.ghost) {
      if (Math.hypot(e.clientX - drag.x, e.clientY - drag.y) < DRAG_START_PX) return;
      const stack = this.slots[drag.from];
      if (!stack) return;
      drag.ghost = h("div", { className: "drag-ghost" }, iconElement(iconFrameOf(this.ctx.items.get(stack.itemId))));
      document.body.append(drag.ghost);
    }
    drag.ghost.style.left = `${e.clientX - 16}px`;
    drag.ghost.style.top = `${e.clientY - 16}px`;
  }

  private onPointerUp(e: PointerEvent): void {
    const drag = this.drag;
    this.drag = null;
    if (!drag?.ghost) return;
    drag.ghost.remove();
    this.suppressClick = true;
    setTimeout(() => (this.suppressClick = false), 0);
    const target = document.elementFromPoint(e.clientX, e.clientY)?.closest<HTMLElement>(".inventory-grid [data-slot]");
    const to = target ? Number(target.dataset.slot) : null;
    if (to === null || to === drag.from) return;
    void this.ctx.command("inventory:move", { from: drag.from, to });
  }
}
