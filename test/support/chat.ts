import type { ChatMessage } from "../../src/protocol/index.js";
import { waitFor, type MapRoomClient } from "./server.js";

/** Every `chat` line a client received, in order. */
export interface Inbox {
  lines: ChatMessage[];
  /** The first line (received so far or later) that matches, or a failure after `timeoutMs`. */
  find(predicate: (line: ChatMessage) => boolean, what: string, timeoutMs?: number): Promise<ChatMessage>;
}

/** Starts collecting the client's `chat` lines. */
export function inbox(room: MapRoomClient): Inbox {
  const lines: ChatMessage[] = [];
  room.onMessage("chat", (line: ChatMessage) => lines.push(line));
  return {
    lines,
    async find(predicate, what, timeoutMs = 5_000) {
      await waitFor(() => lines.some(predicate), what, timeoutMs);
      return lines.find(predicate)!;
    },
  };
}

/** A line with this text. */
export const saying = (text: string) => (line: ChatMessage) => line.text === text;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
