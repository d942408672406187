import type { PlayerState } from "../../../src/schema/MapState.js";
import type { ConnectionStatus } from "../net/GameSession.js";
import { h } from "./dom.js";
import type { NoticeKind } from "./UiContext.js";

const NOTICE_MS = 4_000;
const BANNER_MS = 4_000;

/**
 * The player's name, HP, map, connection and the target being fought at the top; notices (refusals,
 * pickups) fade at the bottom; level-ups are announced by a banner in the middle of the top.
 */
export class Hud {
  readonly element: HTMLElement;
  readonly toasts: HTMLElement;
  readonly banners: HTMLElement;
  private readonly target: HTMLElement;
  private shownTarget = "";
  private readonly name: HTMLElement;
  private readonly hpFill: HTMLElement;
  private readonly hpText: HTMLElement;
  private readonly where: HTMLElement;
  private readonly connection: HTMLElement;
  private signature = "";

  constructor(onLogout: () => void) {
    this.name = h("strong", { className: "hud-name" });
    this.hpFill = h("div", { className: "fill" });
    this.hpText = h("span", { className: "hp-text" });
    this.where = h("span", { className: "hud-map" });
    this.connection = h("p", { className: "connection", role: "status", "aria-live": "polite" });
    this.target = h("p", { className: "hud-target", hidden: true });
    this.element = h(
      "header",
      { className: "hud" },
      this.name,
      h("div", { className: "bar hp", title: "Hit points" }, this.hpFill, this.hpText),
      this.where,
      h("button", { type: "button", className: "logout", text: "Log out", onClick: onLogout }),
      this.connection,
      this.target,
    );
    this.toasts = h("div", { className: "toasts", "aria-live": "assertive" });
    this.banners = h("div", { className: "banners", "aria-live": "polite" });
  }

  render(me: PlayerState | undefined, mapId: string | null): void {
    const signature = JSON.stringify([me?.username, me?.hp, me?.maxHp, me?.combatLevel, me?.x, me?.y, mapId]);
    if (signature === this.signature) return;
    this.signature = signature;
    this.name.textContent = me ? `${me.username} (level ${me.combatLevel})` : "";
    const fraction = me && me.maxHp > 0 ? me.hp / me.maxHp : 0;
    this.hpFill.style.width = `${Math.round(fraction * 100)}%`;
    this.hpText.textContent = me ? `${me.hp} / ${me.maxHp} HP` : "";
    this.where.textContent = mapId && me ? `${mapId} (${me.x}, ${me.y})` : (mapId ?? "");
  }

  /** What the player is fighting ("Fighting the Rat (level 2): 3 / 4 HP"), or null when nothing. */
  renderTarget(words: string | null): void {
    const text = words ?? "";
    if (text === this.shownTarget) return;
    this.shownTarget = text;
    this.target.textContent = text;
    this.target.hidden = words === null;
  }

  /** Announces news worth a pause (a level-up) in a banner that fades. */
  banner(words: string): void {
    const el = h("div", { className: "banner", text: words });
    this.banners.append(el);
    while (this.banners.childElementCount > 3) this.banners.firstElementChild?.remove();
    setTimeout(() => el.remove(), BANNER_MS);
  }

  status(status: ConnectionStatus, words: string): void {
    this.connection.textContent = words;
    this.connection.dataset.status = status;
  }

  toast(words: string, kind: NoticeKind): void {
    const el = h("div", { className: `toast ${kind}`, text: words });
    this.toasts.append(el);
    while (this.toasts.childElementCount > 4) this.toasts.firstElementChild?.remove();
    setTimeout(() => el.remove(), NOTICE_MS);
  }
}
