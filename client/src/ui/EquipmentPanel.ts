import { EQUIPMENT_SLOTS, type EquipmentSlot } from "../../../src/protocol/index.js";
import type { PersonalState } from "../../../src/schema/MapState.js";
import { h } from "./dom.js";
import { iconElement, iconFrameOf } from "./icons.js";
import { itemName, type UiContext } from "./UiContext.js";

const STATS = ["attack", "strength", "defence", "ranged", "magic", "health"] as const;

/** The 11 equipment slots (click or Enter unequips) and the equipment's stat totals. */
export class EquipmentPanel {
  readonly element: HTMLElement;
  private readonly buttons = new Map<EquipmentSlot, HTMLButtonElement>();
  private readonly stats: HTMLElement;
  private signature = "";

  constructor(private readonly ctx: UiContext) {
    const grid = h("div", { className: "slots equipment-grid" });
    for (const slot of EQUIPMENT_SLOTS) {
      const button = h("button", {
        className: `slot eq-${slot}`,
        type: "button",
        "data-equipment-slot": slot,
        onClick: () => void this.ctx.command("unequip", { slot }),
      });
      this.buttons.set(slot, button);
      grid.append(button);
    }
    this.stats = h("dl", { className: "stats" });
    this.element = h("section", { className: "panel", id: "equipment-panel", "aria-label": "Equipment" }, h("h2", { text: "Equipment" }), grid,
      h("h3", { text: "Totals" }), this.stats, h("p", { className: "hint", text: "Click a slot to take it off." }));
  }

  render(personal: PersonalState | undefined): void {
    const worn = EQUIPMENT_SLOTS.map((slot) => [slot, personal?.equipment.get(slot)] as const);
    const totals = STATS.map((s) => personal?.stats[s] ?? 0);
    const signature = JSON.stringify([worn.map(([, st]) => (st ? [st.itemId, st.quantity] : null)), totals]);
    if (signature === this.signature) return;
    this.signature = signature;
    for (const [slot, stack] of worn) {
      const button = this.buttons.get(slot)!;
      button.replaceChildren();
      button.classList.toggle("filled", !!stack);
      if (!stack) {
        button.title = `${slot}: empty`;
        button.append(h("span", { className: "slot-name", text: slot }));
        button.removeAttribute("data-item");
        continue;
      }
      const item = this.ctx.items.get(stack.itemId);
      button.dataset.item = item?.name ?? String(stack.itemId);
      button.title = `${slot}: ${itemName(this.ctx, stack.itemId)}${stack.quantity > 1 ? ` x${stack.quantity}` : ""} (click to take off)`;
      button.append(iconElement(iconFrameOf(item)));
      if (stack.quantity > 1) button.append(h("span", { className: "qty", text: String(stack.quantity) }));
    }
    this.stats.replaceChildren(
      ...STATS.flatMap((name, i) => [h("dt", { text: name }), h("dd", { "data-stat": name, text: signed(totals[i]!) })]),
    );
  }
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}
