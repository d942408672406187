import type { ChatChannel } from "../../../src/protocol/index.js";

/** What a line typed into the chat box asks for (`send`: the `chat` command's payload). */
export type ChatIntent =
  | { kind: "send"; channel: ChatChannel; text: string; to?: string }
  | { kind: "help"; text: string }
  | { kind: "error"; message: string }
  | { kind: "none" };

export const CHAT_HELP =
  "Chat: text goes to players nearby; /g text to everyone; /dm name text to one player; /r text answers the last direct message; //text sends a line starting with /.";

const USERNAME = /^[A-Za-z0-9_]{1,32}$/;

/**
 * Parses a line of the chat box: plain text is local; `/g` (`/global`) is global; `/l` (`/local`) local;
 * `/dm name text` (`/w`, `/msg`) a direct message; `/r text` (`/reply`) a direct message to `replyTo` (the
 * last player who wrote to you or whom you wrote to); `/help` the commands; `//text` sends "/text".
 * Text is trimmed; an empty line is `none`. Length and content are the server's to judge.
 */
export function parseChatCommand(line: string, replyTo: string | null): ChatIntent {
  const input = line.trim();
  if (input === "") return { kind: "none" };
  if (input.startsWith("//")) return { kind: "send", channel: "local", text: input.slice(1) };
  if (!input.startsWith("/")) return { kind: "send", channel: "local", text: input };
  const space = input.search(/\s/);
  const command = (space < 0 ? input : input.slice(0, space)).slice(1).toLowerCase();
  const rest = space < 0 ? "" : input.slice(space).trim();
  const needText = (usage: string): ChatIntent | null => (rest === "" ? { kind: "error", message: `Nothing to send: ${usage}` } : null);
  switch (command) {
    case "g":
    case "global":
      return needText("/g text") ?? { kind: "send", channel: "global", text: rest };
    case "l":
    case "local":
      return needText("/l text") ?? { kind: "send", channel: "local", text: rest };
    case "dm":
    case "w":
    case "msg": {
      const gap = rest.search(/\s/);
      const to = gap < 0 ? rest : rest.slice(0, gap);
      const text = gap < 0 ? "" : rest.slice(gap).trim();
      if (to === "") return { kind: "error", message: "Write to whom? /dm name text" };
      if (!USERNAME.test(to)) return { kind: "error", message: `"${to}" is not a player name: /dm name text` };
      if (text === "") return { kind: "error", message: `Nothing to send to ${to}: /dm ${to} text` };
      return { kind: "send", channel: "dm", text, to };
    }
    case "r":
    case "reply":
      if (replyTo === null) return { kind: "error", message: "Nobody to reply to yet: /dm name text" };
      return needText("/r text") ?? { kind: "send", channel: "dm", text: rest, to: replyTo };
    case "help":
    case "?":
      return { kind: "help", text: CHAT_HELP };
    default:
      return { kind: "error", message: `Unknown command /${command}. ${CHAT_HELP}` };
  }
}
