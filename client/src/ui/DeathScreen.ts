import { respawnSecondsLeft, respawnWords } from "../logic/respawnCountdown.js";
import { h } from "./dom.js";

/**
 * The screen of a dead player: the world dimmed, and a countdown until the respawn (the server's
 * `respawnDelayMs`, from `GET /rules`, counted from when the client saw the death).
 */
export class DeathScreen {
  readonly element: HTMLElement;
  private readonly countdown: HTMLElement;
  private deathSeenAtMs: number | null = null;
  private shownWords = "";

  constructor() {
    this.countdown = h("p", { className: "countdown", role: "timer", "aria-live": "off" });
    this.element = h(
      "div",
      { className: "death", id: "death-screen", role: "alertdialog", "aria-label": "You are dead", hidden: true },
      h("div", { className: "death-box" },
        h("h2", { text: "You are dead" }),
        this.countdown,
        h("p", { className: "hint", text: "Everything you carried lies where you fell, kept for you alone for a while: walk back to take it." })),
    );
  }

  /** Whether the screen is up. */
  get visible(): boolean {
    return this.deathSeenAtMs !== null;
  }

  /** The seconds the countdown shows (null when the screen is down). */
  secondsLeft(nowMs: number, respawnDelayMs: number): number | null {
    return this.deathSeenAtMs === null ? null : respawnSecondsLeft(this.deathSeenAtMs, nowMs, respawnDelayMs);
  }

  /**
   * Follows the player's `dead` flag (call every frame): shows the screen when it turns on, counts down,
   * and hides it on the respawn. Returns "died" or "respawned" on a change, else null.
   */
  update(dead: boolean, nowMs: number, respawnDelayMs: number): "died" | "respawned" | null {
    if (!dead) {
      if (this.deathSeenAtMs === null) return null;
      this.deathSeenAtMs = null;
      this.element.hidden = true;
      return "respawned";
    }
    const died = this.deathSeenAtMs === null;
    if (died) {
      this.deathSeenAtMs = nowMs;
      this.element.hidden = false;
    }
    const words = respawnWords(respawnSecondsLeft(this.deathSeenAtMs!, nowMs, respawnDelayMs));
    if (words !== this.shownWords) {
      this.shownWords = words;
      this.countdown.textContent = words;
    }
    return died ? "died" : null;
  }

  /** Takes the screen down without a respawn (logout, another map). */
  reset(): void {
    this.deathSeenAtMs = null;
    this.element.hidden = true;
  }
}
