import type { AuthResponse } from "../../../src/protocol/index.js";
import { authenticate } from "../net/http.js";
import { h } from "./dom.js";

/**
 * The login and registration form. A refusal is shown in words next to the form (name taken, wrong
 * password, throttled with the wait, banned); success hands the session to `onSession`.
 */
export class LoginView {
  readonly element: HTMLElement;
  private readonly username: HTMLInputElement;
  private readonly password: HTMLInputElement;
  private readonly error: HTMLElement;
  private readonly buttons: HTMLButtonElement[];

  constructor(private readonly onSession: (session: AuthResponse) => Promise<void>) {
    this.username = h("input", { name: "username", autocomplete: "username", required: true, minlength: 3, maxlength: 20, pattern: "[A-Za-z0-9_]+", title: "3-20 letters, digits or _" });
    this.password = h("input", { name: "password", type: "password", autocomplete: "current-password", required: true, minlength: 8, maxlength: 72 });
    this.error = h("p", { className: "form-error", role: "alert", id: "login-error" });
    const login = h("button", { type: "submit", name: "login", text: "Log in" });
    const register = h("button", { type: "button", name: "register", text: "Register", onClick: () => void this.submit("register") });
    this.buttons = [login, register];
    const form = h(
      "form",
      { className: "login-form", onSubmit: (e: SubmitEvent) => { e.preventDefault(); void this.submit("login"); } },
      h("h1", { text: "RPG" }),
      h("label", {}, "Name", this.username),
      h("label", {}, "Password", this.password),
      h("div", { className: "buttons" }, login, register),
      this.error,
      h("p", { className: "hint", text: "New here? Choose a name (3-20 letters, digits or _) and a password of 8 or more characters, then Register." }),
    );
    this.element = h("div", { className: "login", id: "login" }, form);
  }

  show(message = ""): void {
    this.element.hidden = false;
    this.setError(message);
    this.setBusy(false);
    this.username.focus();
  }

  hide(): void {
    this.element.hidden = true;
  }

  private setError(words: string): void {
    this.error.textContent = words;
  }

  private setBusy(busy: boolean): void {
    for (const b of this.buttons) b.disabled = busy;
  }

  private async submit(kind: "login" | "register"): Promise<void> {
    const username = this.username.value.trim();
    const password = this.password.value;
    if (kind === "register" && !this.username.reportValidity()) return;
    if (kind === "register" && !this.password.reportValidity()) return;
    this.setBusy(true);
    this.setError(kind === "login" ? "Logging in..." : "Registering...");
    const outcome = await authenticate(kind, username, password);
    if (!outcome.ok) {
      this.setBusy(false);
      this.setError(outcome.words);
      return;
    }
    this.setError("");
    this.password.value = "";
    await this.onSession(outcome.session);
    this.setBusy(false);
  }
}
