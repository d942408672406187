import type { ChatMessage } from "../../../src/protocol/index.js";
import { CHAT_HELP, parseChatCommand } from "../logic/chatCommand.js";
import { h } from "./dom.js";
import type { UiContext } from "./UiContext.js";

/** Lines kept in the chat log; older ones are dropped. */
export const CHAT_LINES_KEPT = 100;

/** How a line is shown: its channel's colour (system lines and mutes have their own); notices are the game's. */
export type ChatLineKind = ChatMessage["channel"] | "muted" | "notice" | "error";

export interface ChatLine {
  kind: ChatLineKind;
  text: string;
  /** Who wrote it (clicking the name starts a direct message back). */
  from?: string;
  to?: string;
  at: number;
}

/** A `chat` message as a line of the log (null for one without text). */
export function chatLineOf(message: ChatMessage): ChatLine | null {
  if (typeof message?.text !== "string") return null;
  const from = message.from?.username;
  return { kind: message.channel, text: message.text, at: message.at, ...(from ? { from } : {}), ...(message.to ? { to: message.to } : {}) };
}

/**
 * The chat: a log of the last 100 lines and a box. Plain text is local; `/g`, `/dm name`, `/r` and `/help`
 * as `parseChatCommand` reads them; clicking a name in the log starts a direct message to them.
 */
export class ChatPanel {
  readonly element: HTMLElement;
  readonly input: HTMLInputElement;
  readonly lines: ChatLine[] = [];
  private readonly log: HTMLElement;
  private replyTo: string | null = null;

  constructor(private readonly ctx: UiContext, private readonly myName: () => string | null) {
    this.log = h("div", { className: "chat-log", role: "log", "aria-live": "polite" });
    this.input = h("input", { type: "text", name: "chat", maxlength: 400, autocomplete: "off", placeholder: "Enter to chat; /g global, /dm name, /r reply, /help" });
    const form = h("form", { className: "chat-form", onSubmit: (e: SubmitEvent) => { e.preventDefault(); void this.submit(); } }, this.input);
    this.input.addEventListener("keydown", (e) => {
      if (e.key === "Escape") this.input.blur();
    });
    this.element = h("section", { className: "chat", "aria-label": "Chat" }, this.log, form);
    this.clear();
  }

  /** Empties the log (a new login: the last player's lines are not the next one's business). */
  clear(): void {
    this.lines.length = 0;
    this.log.replaceChildren();
    this.replyTo = null;
    this.input.value = "";
    this.add({ kind: "notice", text: CHAT_HELP, at: Date.now() });
  }

  /** Shows a line received from the server (a `chat` message). */
  receive(message: ChatMessage): void {
    const line = chatLineOf(message);
    if (!line) return;
    if (line.kind === "dm") {
      const me = this.myName();
      this.replyTo = line.from && line.from !== me ? line.from : (line.to ?? this.replyTo);
    }
    this.add(line);
  }

  add(line: ChatLine): void {
    this.lines.push(line);
    if (this.lines.length > CHAT_LINES_KEPT) this.lines.splice(0, this.lines.length - CHAT_LINES_KEPT);
    const row = h("div", { className: `line ${line.kind}` });
    if (line.kind === "dm") row.append(line.to && line.from === this.myName() ? `To ${line.to}: ` : "");
    if (line.kind === "global") row.append("[global] ");
    if (line.from && !(line.kind === "dm" && line.from === this.myName())) {
      row.append(h("button", { type: "button", className: "name", text: line.from, title: `Message ${line.from}`, onClick: () => this.startDm(line.from!) }), line.kind === "dm" ? " whispers: " : ": ");
    }
    row.append(line.text);
    this.log.append(row);
    while (this.log.childElementCount > CHAT_LINES_KEPT) this.log.firstElementChild?.remove();
    this.log.scrollTop = this.log.scrollHeight;
  }

  focus(): void {
    this.input.focus();
  }

  private startDm(name: string): void {
    this.input.value = `/dm ${name} `;
    this.input.focus();
  }

  private async submit(): Promise<void> {
    const intent = parseChatCommand(this.input.value, this.replyTo);
    if (intent.kind === "none") {
      this.input.blur();
      return;
    }
    if (intent.kind === "help") return this.add({ kind: "notice", text: intent.text, at: Date.now() });
    if (intent.kind === "error") return this.add({ kind: "error", text: intent.message, at: Date.now() });
    this.input.value = "";
    if (intent.channel === "dm" && intent.to) this.replyTo = intent.to;
    const payload: Record<string, unknown> = { channel: intent.channel, text: intent.text };
    if (intent.to !== undefined) payload.to = intent.to;
    await this.ctx.command("chat", payload, intent.to !== undefined ? { to: intent.to } : {});
  }
}
