import type { PersonalState, PlayerState } from "../../../src/schema/MapState.js";
import { h } from "./dom.js";
import { CombatPanel } from "./CombatPanel.js";
import { EquipmentPanel } from "./EquipmentPanel.js";
import { InventoryPanel } from "./InventoryPanel.js";
import { SkillsPanel } from "./SkillsPanel.js";
import type { UiContext } from "./UiContext.js";

export type PanelName = "inventory" | "equipment" | "skills" | "combat";

/** The side panels, one shown at a time, chosen by tab or key (I, E, K, C). */
export class Panels {
  readonly element: HTMLElement;
  readonly inventory: InventoryPanel;
  readonly equipment: EquipmentPanel;
  readonly skills: SkillsPanel;
  readonly combat: CombatPanel;
  private readonly tabs = new Map<PanelName, HTMLButtonElement>();
  current: PanelName = "inventory";

  constructor(ctx: UiContext) {
    this.inventory = new InventoryPanel(ctx);
    this.equipment = new EquipmentPanel(ctx);
    this.skills = new SkillsPanel();
    this.combat = new CombatPanel(ctx);
    const tabBar = h("nav", { className: "tabs", role: "tablist" });
    const labels: [PanelName, string, string][] = [["inventory", "Items", "I"], ["equipment", "Worn", "E"], ["skills", "Skills", "K"], ["combat", "Combat", "C"]];
    for (const [name, label, key] of labels) {
      const tab = h("button", { type: "button", role: "tab", "data-panel": name, title: `${label} (${key})`, onClick: () => this.show(name) }, label, h("kbd", { text: key }));
      this.tabs.set(name, tab);
      tabBar.append(tab);
    }
    this.element = h("aside", { className: "panels" }, tabBar, this.inventory.element, this.equipment.element, this.skills.element, this.combat.element);
    this.show("inventory");
  }

  show(name: PanelName): void {
    this.current = name;
    const panels: Record<PanelName, HTMLElement> = {
      inventory: this.inventory.element, equipment: this.equipment.element, skills: this.skills.element, combat: this.combat.element,
    };
    for (const [panel, el] of Object.entries(panels) as [PanelName, HTMLElement][]) {
      el.hidden = panel !== name;
      this.tabs.get(panel)?.setAttribute("aria-selected", String(panel === name));
    }
    const first = panels[name].querySelector<HTMLElement>("button");
    if (document.activeElement && document.activeElement !== document.body && !this.element.contains(document.activeElement)) return;
    first?.focus({ preventScroll: true });
  }

  render(personal: PersonalState | undefined, me: PlayerState | undefined): void {
    this.inventory.render(personal);
    this.equipment.render(personal);
    this.skills.render(personal, me);
    this.combat.render(personal);
  }
}
