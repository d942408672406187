import assert from "node:assert/strict";
import { Client } from "@colyseus/sdk";
import { COMMAND_TYPES, type ChatMessage } from "../../src/protocol/index.js";
import type { MapState } from "../../src/schema/MapState.js";
import { inbox, saying, sleep } from "../support/chat.js";
import { command, joinMap, registerPlayer, startTestServer, waitFor, type MapRoomClient, type TestPlayer, type TestServer } from "../support/server.js";

/**
 * Chat and moderation through real SDK clients against the whole server (one process; the cluster suite
 * covers several): the channels and who hears them, the text rules, the cooldown, mutes, kicks,
 * announcements and the roles each command needs.
 */
describe("MapRoom: chat and moderation", () => {
  let server: TestServer;
  let n = 0;
  before(async () => {
    server = await startTestServer({ ADMIN_USERNAMES: "boss_chat", CHAT_BLOCKED_WORDS: "darn,Heck" });
  });
  after(async () => server.close());

  const player = () => registerPlayer(server, `ch${Date.now() % 1e5}_${n++}`);
  async function moderator(): Promise<TestPlayer> {
    const p = await player();
    assert.ok((await server.runtime.auth!.promote(p.username, "moderator")).ok);
    return p;
  }
  let admin: TestPlayer;
  let adminRoom: MapRoomClient;
  before(async () => {
    admin = await registerPlayer(server, "boss_chat");
    adminRoom = await joinMap(admin);
  });
  const adminCommand = async (type: string, payload: Record<string, unknown>) => {
    const result = await command(adminRoom, type, payload);
    await sleep(server.cfg.rules.commandCooldownMs + 10);
    return result;
  };

  /** Moves a joined player to the forest through the admin, and joins it there. */
  async function toForest(p: TestPlayer, room: MapRoomClient): Promise<MapRoomClient> {
    const transfer = new Promise((resolve) => room.onMessage("transfer", resolve));
    assert.equal((await adminCommand("admin:teleport", { mapId: "forest", x: 10, y: 40, username: p.username })).ok, true);
    await transfer;
    await room.leave();
    return joinMap(p, "forest");
  }

  describe("channels", () => {
    it("delivers a local line to the sender and the players within 32 tiles, not to one 40 tiles away or on another map", async () => {
      const [sender, edge, far, elsewhere] = await Promise.all([player(), player(), player(), player()]);
      const rooms = await Promise.all([sender, edge, far, elsewhere].map((p) => joinMap(p)));
      const forest = await toForest(elsewhere, rooms[3]!);
      for (const [p, x] of [[sender, 2], [edge, 34], [far, 42]] as const) {
        assert.equal((await adminCommand("admin:teleport", { x, y: 32, username: p.username })).ok, true);
      }
      await waitFor(() => rooms[0]!.state.players.has(String(edge.id)) && !rooms[0]!.state.players.has(String(far.id)), "the sender sees the edge player only");
      const [senderInbox, edgeInbox, farInbox, forestInbox] = [inbox(rooms[0]!), inbox(rooms[1]!), inbox(rooms[2]!), inbox(forest)];

      const sent = await command(rooms[0]!, "chat", { channel: "local", text: "  anyone near?  " });
      assert.equal(sent.ok, true, JSON.stringify(sent));
      const line = await edgeInbox.find(saying("anyone near?"), "the line 32 tiles away");
      assert.deepEqual(line, { channel: "local", from: { id: sender.id, username: sender.username, role: "player" }, text: "anyone near?", at: line.at });
      assert.ok(Math.abs(line.at - Date.now()) < 5_000);
      await senderInbox.find(saying("anyone near?"), "the sender's own line");
      await sleep(300);
      assert.deepEqual(farInbox.lines, [], "40 tiles away");
      assert.deepEqual(forestInbox.lines, [], "another map");
      await Promise.all([rooms[0]!.leave(), rooms[1]!.leave(), rooms[2]!.leave(), forest.leave()]);
    });

    it("delivers a global line to every player on every map, the sender included", async () => {
      const [sender, other, elsewhere] = await Promise.all([player(), player(), player()]);
      const [senderRoom, otherRoom, movedRoom] = await Promise.all([joinMap(sender), joinMap(other), joinMap(elsewhere)]);
      const forest = await toForest(elsewhere, movedRoom);
      const inboxes = [senderRoom, otherRoom, forest].map(inbox);
      assert.equal((await command(senderRoom, "chat", { channel: "global", text: "hello world" })).ok, true);
      for (const box of inboxes) {
        const line = await box.find(saying("hello world"), "the global line");
        assert.equal(line.channel, "global");
        assert.deepEqual(line.from, { id: sender.id, username: sender.username, role: "player" });
      }
      await Promise.all([senderRoom.leave(), otherRoom.leave(), forest.leave()]);
    });

    it("delivers a dm to the named player on any map and a copy to the sender, both with `to`; NOT_FOUND when not online", async () => {
      const [sender, friend, bystander, offline] = await Promise.all([player(), player(), player(), player()]);
      const [senderRoom, friendTown, bystanderRoom] = await Promise.all([joinMap(sender), joinMap(friend), joinMap(bystander)]);
      const friendRoom = await toForest(friend, friendTown);
      const [senderInbox, friendInbox, bystanderInbox] = [inbox(senderRoom), inbox(friendRoom), inbox(bystanderRoom)];

      assert.equal((await command(senderRoom, "chat", { channel: "dm", text: "psst", to: friend.username.toUpperCase() })).ok, true);
      const expected = { channel: "dm", from: { id: sender.id, username: sender.username, role: "player" }, to: friend.username, text: "psst" };
      const received = await friendInbox.find(saying("psst"), "the dm");
      assert.deepEqual({ ...received, at: 0 }, { ...expected, at: 0 });
      assert.deepEqual(await senderInbox.find(saying("psst"), "the sender's copy"), received);
      await sleep(1_000);
      assert.deepEqual(bystanderInbox.lines, []);

      const notOnline = await command(senderRoom, "chat", { channel: "dm", text: "hello?", to: offline.username });
      assert.deepEqual([notOnline.ok, notOnline.code], [false, "NOT_FOUND"]);
      const nobody = await command(senderRoom, "chat", { channel: "dm", text: "hello?", to: "no_such_user" });
      assert.deepEqual([nobody.ok, nobody.code], [false, "NOT_FOUND"]);
      for (const payload of [{ channel: "dm", text: "no to" }, { channel: "local", text: "to", to: friend.username }, { channel: "system", text: "hi" }]) {
        const refused = await command(senderRoom, "chat", payload);
        assert.deepEqual([refused.ok, refused.code], [false, "INVALID_PAYLOAD"], JSON.stringify(payload));
      }
      await Promise.all([senderRoom.leave(), friendRoom.leave(), bystanderRoom.leave()]);
    });
  });

  describe("text rules and the cooldown", () => {
    it("accepts 200 characters (an emoji counts as one) and refuses 201, a tab and an empty line with INVALID_PAYLOAD, spending no cooldown", async () => {
      const p = await player();
      const room = await joinMap(p);
      const box = inbox(room);
      for (const text of ["a".repeat(201), "🙂".repeat(201), "tab\there", "trailing tab\t", "   ", "bell\u0007"]) {
        const refused = await command(room, "chat", { channel: "local", text });
        assert.deepEqual([refused.ok, refused.code], [false, "INVALID_PAYLOAD"], JSON.stringify(text));
      }
      const emoji = "🙂".repeat(200);
      assert.equal((await command(room, "chat", { channel: "local", text: emoji })).ok, true, "no cooldown spent by the refusals");
      await box.find(saying(emoji), "200 emoji");
      await sleep(server.cfg.rules.chatCooldownMs);
      assert.equal((await command(room, "chat", { channel: "local", text: "b".repeat(200) })).ok, true);
      await box.find(saying("b".repeat(200)), "200 letters");
      await room.leave();
    });

    it("masks blocked words without regard to case, and leaves them alone inside other words", async () => {
      const p = await player();
      const room = await joinMap(p);
      const box = inbox(room);
      assert.equal((await command(room, "chat", { channel: "local", text: "DARN, heck and HeCk! darned checkheck" })).ok, true);
      await box.find(saying("****, **** and ****! darned checkheck"), "the masked line");
      await room.leave();
    });

    it("allows one line per 1,000 ms over every channel: RATE_LIMITED with retryAfterMs, then accepted", async () => {
      const p = await player();
      const room = await joinMap(p);
      assert.equal(server.cfg.rules.chatCooldownMs, 1_000);
      assert.equal((await command(room, "chat", { channel: "local", text: "one" })).ok, true);
      const early = await command(room, "chat", { channel: "global", text: "two" });
      assert.deepEqual([early.ok, early.code], [false, "RATE_LIMITED"]);
      assert.ok(early.retryAfterMs! > 0 && early.retryAfterMs! <= 1_000, String(early.retryAfterMs));
      await sleep(early.retryAfterMs! + 20);
      assert.equal((await command(room, "chat", { channel: "global", text: "two" })).ok, true);
      await room.leave();
    });
  });

  describe("moderation", () => {
    it("mutes: the player is told until when, is MUTED with retryAfterMs after leaving and joining again, until unmuted", async () => {
      const [mod, noisy] = await Promise.all([moderator(), player()]);
      const [modRoom, noisyRoom] = await Promise.all([joinMap(mod), joinMap(noisy)]);
      const noisyInbox = inbox(noisyRoom);
      const before = Date.now();
      assert.equal((await command(modRoom, "mod:mute", { username: noisy.username, minutes: 5 })).ok, true);
      const notice = await noisyInbox.find((l) => l.channel === "system", "the mute notice");
      assert.equal(notice.from, null);
      const untilMs = Date.parse(/muted until (\S+)\.$/.exec(notice.text)?.[1] ?? "");
      assert.ok(untilMs >= before + 300_000 && untilMs <= Date.now() + 300_000, notice.text);

      const muted = await command(noisyRoom, "chat", { channel: "global", text: "let me speak" });
      assert.deepEqual([muted.ok, muted.code], [false, "MUTED"]);
      assert.ok(Math.abs(muted.retryAfterMs! - (untilMs - Date.now())) < 2_000, String(muted.retryAfterMs));

      await noisyRoom.leave();
      await waitFor(async () => !(await server.runtime.gsm!.isOnline(noisy.id)), "saved and unloaded");
      const client = new Client(server.url);
      client.auth.token = noisy.token;
      const again: MapRoomClient = await client.joinOrCreate<MapState>("map", { mapId: "town" });
      const againInbox = inbox(again);
      assert.match((await againInbox.find((l) => l.channel === "system", "the notice on joining")).text, /^You are muted until /);
      const stillMuted = await command(again, "chat", { channel: "local", text: "now?" });
      assert.deepEqual([stillMuted.ok, stillMuted.code], [false, "MUTED"]);
      assert.ok(stillMuted.retryAfterMs! > 290_000 && stillMuted.retryAfterMs! <= muted.retryAfterMs!);

      assert.equal((await command(modRoom, "mod:unmute", { username: noisy.username })).ok, true);
      await againInbox.find(saying("You are no longer muted."), "the unmute notice");
      assert.equal((await command(again, "chat", { channel: "local", text: "thanks" })).ok, true);
      await Promise.all([modRoom.leave(), again.leave()]);
    });

    it("refuses a mute of an unknown account (NOT_FOUND) and minutes outside 1..10,080 (INVALID_PAYLOAD)", async () => {
      const mod = await moderator();
      const room = await joinMap(mod);
      const unknown = await command(room, "mod:mute", { username: "no_such_user", minutes: 5 });
      assert.deepEqual([unknown.ok, unknown.code], [false, "NOT_FOUND"]);
      for (const minutes of [0, 10_081, 2.5]) {
        const bad = await command(room, "mod:mute", { username: mod.username, minutes });
        assert.deepEqual([bad.ok, bad.code], [false, "INVALID_PAYLOAD"], String(minutes));
      }
      const unmuteNobody = await command(room, "mod:unmute", { username: "no_such_user" });
      assert.deepEqual([unmuteNobody.ok, unmuteNobody.code], [false, "NOT_FOUND"]);
      await room.leave();
    });

    it("kicks an online player with KICKED and close 4100; NOT_FOUND for a player who is not online", async () => {
      const [mod, troll, away] = await Promise.all([moderator(), player(), player()]);
      const [modRoom, trollRoom] = await Promise.all([joinMap(mod), joinMap(troll)]);
      const kicked = new Promise((resolve) => trollRoom.onMessage("kicked", resolve));
      const closed = new Promise<number>((resolve) => trollRoom.onLeave((code) => resolve(code)));
      assert.equal((await command(modRoom, "mod:kick", { username: troll.username, reason: "spam" })).ok, true);
      assert.deepEqual(await kicked, { reason: "KICKED" });
      assert.equal(await closed, 4100);
      assert.equal(await server.runtime.gsm!.isOnline(troll.id), false, "saved and gone before the result");
      await sleep(server.cfg.rules.commandCooldownMs + 10);
      const notOnline = await command(modRoom, "mod:kick", { username: away.username });
      assert.deepEqual([notOnline.ok, notOnline.code], [false, "NOT_FOUND"]);
      await modRoom.leave();
    });

    it("announces a system line to every player on every map", async () => {
      const [a, b] = await Promise.all([player(), player()]);
      const [aRoom, bTown] = await Promise.all([joinMap(a), joinMap(b)]);
      const bRoom = await toForest(b, bTown);
      const inboxes = [adminRoom, aRoom, bRoom].map(inbox);
      assert.equal((await adminCommand("admin:announce", { text: " Maintenance at noon " })).ok, true);
      for (const box of inboxes) {
        const line = await box.find(saying("Maintenance at noon"), "the announcement");
        assert.deepEqual({ ...line, at: 0 }, { channel: "system", from: null, text: "Maintenance at noon", at: 0 } satisfies ChatMessage);
      }
      await Promise.all([aRoom.leave(), bRoom.leave()]);
    });

    it("refuses every mod:* and admin:* command of a plain player, and every admin:* command of a moderator, with FORBIDDEN", async () => {
      const [plain, mod, target] = await Promise.all([player(), moderator(), player()]);
      const [plainRoom, modRoom] = await Promise.all([joinMap(plain), joinMap(mod)]);
      const valid: Record<string, Record<string, unknown>> = {
        "mod:mute": { username: target.username, minutes: 5 },
        "mod:unmute": { username: target.username },
        "mod:kick": { username: target.username },
        "admin:announce": { text: "hi" },
        "admin:give": { itemId: 1, quantity: 1 },
        "admin:damage": { amount: 1 },
        "admin:xp": { skill: "mining", xp: 1 },
        "admin:teleport": { x: 30, y: 30 },
      };
      const privileged = COMMAND_TYPES.filter((t) => t.startsWith("mod:") || t.startsWith("admin:"));
      assert.deepEqual(privileged.filter((t) => !valid[t]), [], "a payload for every privileged command");
      for (const type of privileged) {
        const refused = await command(plainRoom, type, valid[type]);
        assert.deepEqual([refused.ok, refused.code], [false, "FORBIDDEN"], `${type} by a player`);
        if (type.startsWith("admin:")) {
          const byMod = await command(modRoom, type, valid[type]);
          assert.deepEqual([byMod.ok, byMod.code], [false, "FORBIDDEN"], `${type} by a moderator`);
        }
      }
      assert.equal(await server.runtime.gsm!.mutes.mutedUntil(target.id), null, "nothing happened");
      await Promise.all([plainRoom.leave(), modRoom.leave()]);
    });

    it("counts chat lines by channel and moderation actions in /metrics", async () => {
      const metric = async (name: string) => Number(new RegExp(`^${name} (\\d+)$`, "m").exec(await server.runtime.metrics.text())?.[1] ?? NaN);
      const [mod, p] = await Promise.all([moderator(), player()]);
      const [modRoom, pRoom] = await Promise.all([joinMap(mod), joinMap(p)]);
      const before = [await metric('rpg_chat_messages_total\\{channel="global"\\}'), await metric('rpg_moderation_actions_total\\{action="mute"\\}')];
      assert.equal((await command(pRoom, "chat", { channel: "global", text: "count me" })).ok, true);
      assert.equal((await command(modRoom, "mod:mute", { username: p.username, minutes: 1 })).ok, true);
      const after = [await metric('rpg_chat_messages_total\\{channel="global"\\}'), await metric('rpg_moderation_actions_total\\{action="mute"\\}')];
      assert.deepEqual(after, [before[0]! + 1, before[1]! + 1]);
      await Promise.all([modRoom.leave(), pRoom.leave()]);
    });
  });
});

describe("MapRoom: a mute survives a server restart", () => {
  it("refuses the chat of a player muted before the restart with MUTED", async () => {
    const first = await startTestServer();
    let p: TestPlayer;
    try {
      const mod = await registerPlayer(first);
      p = await registerPlayer(first);
      assert.equal((await first.runtime.auth!.promote(mod.username, "moderator")).ok, true);
      const room = await joinMap(mod);
      assert.equal((await command(room, "mod:mute", { username: p.username, minutes: 60 })).ok, true);
      await room.leave();
    } finally {
      await first.close();
    }
    // A new server, with a Valkey namespace of its own: the mute comes back from PostgreSQL.
    const second = await startTestServer();
    try {
      const client = new Client(second.url);
      client.auth.token = p.token;
      const room = await joinMap({ id: p.id, client });
      const muted = await command(room, "chat", { channel: "local", text: "after the restart" });
      assert.deepEqual([muted.ok, muted.code], [false, "MUTED"]);
      assert.ok(muted.retryAfterMs! > 3_500_000 && muted.retryAfterMs! <= 3_600_000, String(muted.retryAfterMs));
      await room.leave();
    } finally {
      await second.close();
    }
  });
});
