import { SKILL_NAMES } from "../../../src/protocol/index.js";
import type { PersonalState, PlayerState } from "../../../src/schema/MapState.js";
import { skillProgress } from "../logic/skillProgress.js";
import { h } from "./dom.js";

/** Each skill's level, XP and progress to the next level; the combat level on top. */
export class SkillsPanel {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly combat: HTMLElement;
  private signature = "";

  constructor() {
    this.combat = h("p", { className: "combat-level" });
    this.list = h("ul", { className: "skills" });
    this.element = h("section", { className: "panel", id: "skills-panel", "aria-label": "Skills" }, h("h2", { text: "Skills" }), this.combat, this.list);
  }

  render(personal: PersonalState | undefined, me: PlayerState | undefined): void {
    const skills = SKILL_NAMES.map((name) => {
      const s = personal?.skills.get(name);
      return [name, s?.level ?? 1, s?.xp ?? 0] as const;
    });
    const signature = JSON.stringify([skills, me?.combatLevel]);
    if (signature === this.signature) return;
    this.signature = signature;
    this.combat.textContent = `Combat level ${me?.combatLevel ?? "?"}`;
    this.list.replaceChildren(
      ...skills.map(([name, level, xp]) => {
        const p = skillProgress(level, xp);
        const toNext = p.nextLevelXp === null ? "max level" : `${(p.nextLevelXp - xp).toLocaleString("en")} XP to level ${level + 1}`;
        const bar = h("div", { className: "bar" }, h("div", { className: "fill" }));
        (bar.firstChild as HTMLElement).style.width = `${Math.round(p.fraction * 100)}%`;
        return h(
          "li",
          { "data-skill": name, "data-level": level, "data-xp": xp, title: `${xp.toLocaleString("en")} XP; ${toNext}` },
          h("span", { className: "skill-name", text: name }),
          h("span", { className: "skill-level", text: String(level) }),
          bar,
          h("span", { className: "skill-xp", text: toNext }),
        );
      }),
    );
  }
}
