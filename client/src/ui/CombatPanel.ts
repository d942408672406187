import { COMBAT_STYLES, type CombatStyle } from "../../../src/protocol/index.js";
import type { PersonalState } from "../../../src/schema/MapState.js";
import { h } from "./dom.js";
import type { UiContext } from "./UiContext.js";

const STYLE_HELP: Record<CombatStyle, { label: string; help: string }> = {
  accurate: { label: "Accurate", help: "+3 attack; XP to Attack" },
  aggressive: { label: "Aggressive", help: "+3 strength; XP to Strength" },
  defensive: { label: "Defensive", help: "+3 defence; XP to Defence" },
};

/**
 * The combat panel: the melee style (accurate, aggressive, defensive), showing `personal.combatStyle` and
 * changing it with `combat:style`, and the keys that fight.
 */
export class CombatPanel {
  readonly element: HTMLElement;
  private readonly buttons = new Map<CombatStyle, HTMLButtonElement>();
  private shown = "";

  constructor(private readonly ctx: UiContext) {
    const group = h("div", { className: "styles", role: "radiogroup", "aria-label": "Combat style" });
    for (const style of COMBAT_STYLES) {
      const { label, help } = STYLE_HELP[style];
      const button = h(
        "button",
        { type: "button", role: "radio", className: "style", "data-style": style, "aria-checked": "false", onClick: () => void this.choose(style) },
        h("strong", { text: label }),
        h("span", { text: help }),
      );
      this.buttons.set(style, button);
      group.append(button);
    }
    this.element = h(
      "section",
      { className: "panel", id: "combat-panel", "aria-label": "Combat" },
      h("h2", { text: "Combat" }),
      h("h3", { text: "Style" }),
      group,
      h("p", { className: "hint", text: "Click an NPC to walk up to it and attack it (players only inside a PvP area). F: attack the nearest NPC. Esc: stop fighting. Click food in the inventory to eat it." }),
    );
  }

  /** The style the server has for the player (what `personal.combatStyle` says). */
  get style(): string {
    return this.shown;
  }

  render(personal: PersonalState | undefined): void {
    const style = personal?.combatStyle ?? "";
    if (style === this.shown) return;
    this.shown = style;
    for (const [name, button] of this.buttons) {
      const on = name === style;
      button.setAttribute("aria-checked", String(on));
      button.classList.toggle("selected", on);
    }
  }

  private async choose(style: CombatStyle): Promise<void> {
    if (style === this.shown) return;
    const result = await this.ctx.command("combat:style", { style });
    if (result.ok) this.ctx.notice(`Combat style: ${STYLE_HELP[style].label.toLowerCase()} (${STYLE_HELP[style].help}).`);
  }
}
