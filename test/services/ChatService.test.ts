import assert from "node:assert/strict";
import type { ChatChannel } from "../../src/protocol/index.js";
import { ChatService } from "../../src/services/ChatService.js";
import type { GameStateManager } from "../../src/state/GameStateManager.js";
import { createAccount, createOnlinePlayer, serviceTestRules, testClock, type TestClock } from "../support/factories.js";
import { openTestStores, type TestStores } from "../support/stores.js";

describe("ChatService", () => {
  let stores: TestStores;
  let clock: TestClock;
  let gsm: GameStateManager;
  let counted: ChatChannel[];
  let chat: ChatService;
  beforeEach(async () => {
    stores = await openTestStores();
    clock = testClock(Date.UTC(2030, 5, 1));
    gsm = stores.newGsm({ now: clock.now });
    counted = [];
    chat = new ChatService({ gsm, rules: serviceTestRules({ CHAT_BLOCKED_WORDS: "darn, Heck" }), onMessage: (c) => counted.push(c) });
  });
  afterEach(async () => stores.close());

  const senderOf = (account: { id: number; username: string }) => ({ id: account.id, username: account.username, role: "player" as const });

  it("sends a local line to the sender's surroundings and a global one to everyone, trimmed and masked", async () => {
    const me = await createOnlinePlayer(gsm);
    const local = await chat.send(senderOf(me), { channel: "local", text: "  darn it, HECK! darned  " });
    assert.deepEqual(local, {
      ok: true,
      data: [{
        audience: { kind: "near", playerId: me.id },
        message: { channel: "local", from: senderOf(me), text: "**** it, ****! darned", at: clock.nowMs },
      }],
    });
    const global = await chat.send(senderOf(me), { channel: "global", text: "hello" });
    assert.ok(global.ok);
    assert.deepEqual(global.data.map((d) => d.audience), [{ kind: "everyone" }]);
    assert.deepEqual(counted, ["local", "global"]);
  });

  it("sends a dm to the named online player (any case) and a copy to the sender, both with `to`", async () => {
    const me = await createOnlinePlayer(gsm);
    const friend = await createOnlinePlayer(gsm, { username: "Friend_Of_Mine" });
    const sent = await chat.send(senderOf(me), { channel: "dm", text: "psst", to: "friend_of_MINE" });
    assert.ok(sent.ok);
    const message = { channel: "dm", from: senderOf(me), to: "Friend_Of_Mine", text: "psst", at: clock.nowMs };
    assert.deepEqual(sent.data, [
      { audience: { kind: "player", playerId: friend.id }, message },
      { audience: { kind: "player", playerId: me.id }, message },
    ]);
    const toSelf = await chat.send(senderOf(me), { channel: "dm", text: "note", to: me.username });
    assert.ok(toSelf.ok);
    assert.equal(toSelf.data.length, 1, "a line to oneself arrives once");
  });

  it("refuses a dm to a player who is not online (NOT_FOUND), an account that exists included", async () => {
    const me = await createOnlinePlayer(gsm);
    const offline = await createAccount(gsm);
    for (const to of [offline.username, "nobody_at_all"]) {
      const sent = await chat.send(senderOf(me), { channel: "dm", text: "hi", to });
      assert.equal(sent.ok ? "ok" : sent.code, "NOT_FOUND", to);
    }
    assert.deepEqual(counted, []);
  });

  it("refuses text that breaks the text rules with INVALID_PAYLOAD", async () => {
    const me = await createOnlinePlayer(gsm);
    for (const text of ["", "   ", "a\tb", "x".repeat(201), "🙂".repeat(201)]) {
      const sent = await chat.send(senderOf(me), { channel: "local", text });
      assert.equal(sent.ok ? "ok" : sent.code, "INVALID_PAYLOAD", JSON.stringify(text));
    }
    assert.ok((await chat.send(senderOf(me), { channel: "local", text: "🙂".repeat(200) })).ok);
  });

  it("refuses a muted sender with MUTED and the time until the mute ends, on every channel", async () => {
    const me = await createOnlinePlayer(gsm);
    await createOnlinePlayer(gsm, { username: "listener" });
    await gsm.mutes.mute(me.id, clock.nowMs + 90_000);
    clock.advance(30_000);
    for (const line of [{ channel: "local", text: "hi" }, { channel: "global", text: "hi" }, { channel: "dm", text: "hi", to: "listener" }] as const) {
      const sent = await chat.send(senderOf(me), line);
      assert.equal(sent.ok, false);
      assert.equal(!sent.ok && sent.code, "MUTED");
      assert.equal(!sent.ok && sent.retryAfterMs, 60_000);
    }
    clock.advance(60_000);
    assert.ok((await chat.send(senderOf(me), { channel: "local", text: "free" })).ok);
  });
});
