import { h } from "./dom.js";
import type { UiContext } from "./UiContext.js";

/**
 * A small form asking how many (bank, shop and trade windows): a label, a number field and an action button.
 * `ask` shows it; the action gets a whole number of at least 1 (a bad one is refused in words).
 */
export class QuantityPrompt {
  readonly element: HTMLFormElement;
  private readonly label: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly action: HTMLButtonElement;
  private onSubmit: ((quantity: number) => void) | null = null;
  private verb = "";

  /** `className`: the form's classes (the inventory's is also a `drop-form`). */
  constructor(private readonly ctx: Pick<UiContext, "notice">, className = "quantity-form") {
    this.label = h("span");
    this.input = h("input", { type: "number", min: 1, step: 1, name: "quantity", "aria-label": "quantity" });
    this.action = h("button", { type: "submit", className: "ok" });
    this.element = h(
      "form",
      {
        className,
        hidden: true,
        onSubmit: (e: SubmitEvent) => {
          e.preventDefault();
          this.submit();
        },
      },
      this.label,
      this.input,
      this.action,
      h("button", { type: "button", text: "Cancel", onClick: () => this.close() }),
    );
  }

  /** Asks for a quantity: `label` says of what, `verb` names the button, `max` (if any) bounds the field. */
  ask(label: string, verb: string, initial: number, max: number | null, onSubmit: (quantity: number) => void): void {
    this.onSubmit = onSubmit;
    this.verb = verb.toLowerCase();
    this.label.textContent = label;
    this.input.setAttribute("aria-label", `quantity to ${this.verb}`);
    this.action.textContent = verb;
    if (max === null) this.input.removeAttribute("max");
    else this.input.max = String(max);
    this.input.value = String(initial);
    this.element.hidden = false;
    this.input.focus();
    this.input.select();
  }

  close(): void {
    this.onSubmit = null;
    // Keys typed next are game keys again (a hidden field keeping the focus would swallow them).
    if (this.element.contains(document.activeElement)) this.input.blur();
    this.element.hidden = true;
  }

  private submit(): void {
    const act = this.onSubmit;
    if (!act) return;
    const quantity = Number(this.input.value);
    if (!Number.isInteger(quantity) || quantity < 1) {
      this.ctx.notice(`${capitalised(this.verb)} how many? A whole number of at least 1.`, "error");
      return;
    }
    this.close();
    act(quantity);
  }
}

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
