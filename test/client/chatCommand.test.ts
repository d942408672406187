import assert from "node:assert/strict";
import { parseChatCommand } from "../../client/src/logic/chatCommand.js";

describe("parseChatCommand", () => {
  it("sends plain text to the local channel, trimmed", () => {
    assert.deepEqual(parseChatCommand("  hello there  ", null), { kind: "send", channel: "local", text: "hello there" });
  });

  it("sends /g and /global text to the global channel", () => {
    assert.deepEqual(parseChatCommand("/g hi all", null), { kind: "send", channel: "global", text: "hi all" });
    assert.deepEqual(parseChatCommand("/GLOBAL  hi", null), { kind: "send", channel: "global", text: "hi" });
  });

  it("sends /l text to the local channel", () => {
    assert.deepEqual(parseChatCommand("/l near", null), { kind: "send", channel: "local", text: "near" });
  });

  it("sends /dm name text as a direct message to that name", () => {
    assert.deepEqual(parseChatCommand("/dm Bob_2 see you at the bank", null), { kind: "send", channel: "dm", to: "Bob_2", text: "see you at the bank" });
    assert.deepEqual(parseChatCommand("/w bob hi", null), { kind: "send", channel: "dm", to: "bob", text: "hi" });
  });

  it("explains a /dm without a name, with a bad name, or without text", () => {
    assert.equal(parseChatCommand("/dm", null).kind, "error");
    assert.match((parseChatCommand("/dm bob", null) as { message: string }).message, /Nothing to send to bob/);
    assert.match((parseChatCommand("/dm b!ob hi", null) as { message: string }).message, /not a player name/);
  });

  it("replies with /r to the last partner, and explains when there is none", () => {
    assert.deepEqual(parseChatCommand("/r on my way", "alice"), { kind: "send", channel: "dm", to: "alice", text: "on my way" });
    assert.match((parseChatCommand("/r hi", null) as { message: string }).message, /Nobody to reply to/);
  });

  it("refuses a command with nothing to send", () => {
    assert.deepEqual(parseChatCommand("/g   ", null), { kind: "error", message: "Nothing to send: /g text" });
  });

  it("explains an unknown command and lists the commands for /help", () => {
    const unknown = parseChatCommand("/dance now", null);
    assert.equal(unknown.kind, "error");
    assert.match((unknown as { message: string }).message, /Unknown command \/dance/);
    assert.equal(parseChatCommand("/help", null).kind, "help");
  });

  it("sends a line starting with // as local text starting with /", () => {
    assert.deepEqual(parseChatCommand("//g is not a command here", null), { kind: "send", channel: "local", text: "/g is not a command here" });
  });

  it("ignores an empty line", () => {
    assert.deepEqual(parseChatCommand("   ", null), { kind: "none" });
  });
});
