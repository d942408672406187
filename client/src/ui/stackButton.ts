import { h } from "./dom.js";
import { iconElement, iconFrameOf } from "./icons.js";
import { itemName, type UiContext } from "./UiContext.js";

/**
 * A slot button showing a stack (icon and quantity) for the bank, shop and trade windows: `title` is
 * added to the item's name, `onClick` is what a click does.
 */
export function stackButton(ctx: Pick<UiContext, "items">, stack: { itemId: number; quantity: number }, title: string, onClick: () => void, attrs: Record<string, string | number> = {}): HTMLButtonElement {
  const item = ctx.items.get(stack.itemId);
  const name = itemName(ctx as UiContext, stack.itemId);
  const button = h("button", {
    className: "slot filled",
    type: "button",
    "data-item": item?.name ?? String(stack.itemId),
    "data-quantity": stack.quantity,
    title: `${name}${stack.quantity > 1 ? ` x${stack.quantity.toLocaleString("en")}` : ""}${title ? ` ${title}` : ""}`,
    onClick,
    ...attrs,
  }, iconElement(iconFrameOf(item)));
  if (stack.quantity > 1) button.append(h("span", { className: "qty", text: compactQuantity(stack.quantity) }));
  return button;
}

/** A quantity as a slot shows it: 1234567 as "1234K", 12345678 as "12M". */
export function compactQuantity(n: number): string {
  if (n >= 10_000_000) return `${Math.floor(n / 1_000_000)}M`;
  if (n >= 100_000) return `${Math.floor(n / 1_000)}K`;
  return String(n);
}
