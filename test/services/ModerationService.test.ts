import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { pino } from "pino";
import { ModerationService, type ModerationAction } from "../../src/services/ModerationService.js";
import type { GameStateManager } from "../../src/state/GameStateManager.js";
import { createAccount, createOnlinePlayer, testClock, type TestClock } from "../support/factories.js";
import { openTestStores, type TestStores } from "../support/stores.js";

type LogLine = { msg: string; moderation?: string; by?: unknown; target?: unknown; [key: string]: unknown };

describe("ModerationService", () => {
  let stores: TestStores;
  let clock: TestClock;
  let gsm: GameStateManager;
  let logs: LogLine[];
  let kicked: number[];
  let actions: ModerationAction[];
  let moderation: ModerationService;
  const mod = { id: 7, username: "Mod_Seven" };

  beforeEach(async () => {
    stores = await openTestStores();
    clock = testClock(Date.UTC(2030, 5, 1));
    gsm = stores.newGsm({ now: clock.now });
    logs = [];
    kicked = [];
    actions = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(JSON.parse(chunk.toString()) as LogLine);
        done();
      },
    });
    moderation = new ModerationService({
      gsm,
      log: pino({ level: "info" }, sink),
      kick: (playerId) => {
        kicked.push(playerId);
        return Promise.resolve();
      },
      onAction: (action) => actions.push(action),
    });
  });
  afterEach(async () => stores.close());

  it("mutes an account (online or not) for the given minutes, tells it until when, and logs who muted whom", async () => {
    const target = await createAccount(gsm, { username: "Noisy_One" });
    const muted = await moderation.mute(mod, "noisy_one", 15);
    const untilMs = clock.nowMs + 15 * 60_000;
    assert.ok(muted.ok);
    assert.equal(muted.data.untilMs, untilMs);
    assert.deepEqual(muted.data.notice, {
      audience: { kind: "player", playerId: target.id },
      message: { channel: "system", from: null, text: `You are muted until ${new Date(untilMs).toISOString()}.`, at: clock.nowMs },
    });
    assert.equal(await gsm.mutes.mutedUntil(target.id), untilMs);
    const line = logs.find((l) => l.moderation === "mute");
    assert.deepEqual(line?.by, mod);
    assert.deepEqual(line?.target, { id: target.id, username: "Noisy_One" });
    assert.equal(line?.minutes, 15);
    assert.deepEqual(actions, ["mute"]);
  });

  it("refuses a mute of nobody (NOT_FOUND) and minutes outside 1..10,080 (INVALID_PAYLOAD)", async () => {
    const target = await createAccount(gsm);
    const nobody = await moderation.mute(mod, "nobody_here", 5);
    assert.equal(nobody.ok ? "ok" : nobody.code, "NOT_FOUND");
    for (const minutes of [0, 10_081, 1.5]) {
      const muted = await moderation.mute(mod, target.username, minutes);
      assert.equal(muted.ok ? "ok" : muted.code, "INVALID_PAYLOAD", String(minutes));
    }
    assert.ok((await moderation.mute(mod, target.username, 1)).ok);
    assert.ok((await moderation.mute(mod, target.username, 10_080)).ok);
    assert.equal(await gsm.mutes.mutedUntil(target.id), clock.nowMs + 10_080 * 60_000, "the later mute replaces the earlier one");
    assert.deepEqual(actions, ["mute", "mute"]);
  });

  it("unmutes, tells the player, and logs it; NOT_FOUND for nobody", async () => {
    const target = await createAccount(gsm);
    await moderation.mute(mod, target.username, 60);
    const unmuted = await moderation.unmute(mod, target.username);
    assert.ok(unmuted.ok);
    assert.equal(unmuted.data.notice.message.channel, "system");
    assert.equal(await gsm.mutes.mutedUntil(target.id), null);
    assert.ok(logs.some((l) => l.moderation === "unmute" && (l.target as { id: number }).id === target.id));
    const nobody = await moderation.unmute(mod, "nobody_here");
    assert.equal(nobody.ok ? "ok" : nobody.code, "NOT_FOUND");
  });

  it("kicks an online player through the kick port and logs the reason; NOT_FOUND when not online", async () => {
    const online = await createOnlinePlayer(gsm);
    const offline = await createAccount(gsm);
    assert.ok((await moderation.kick(mod, online.username.toUpperCase(), "spamming")).ok);
    assert.deepEqual(kicked, [online.id]);
    const line = logs.find((l) => l.moderation === "kick");
    assert.equal(line?.reason, "spamming");
    assert.deepEqual(line?.target, { id: online.id, username: online.username });
    const notOnline = await moderation.kick(mod, offline.username);
    assert.equal(notOnline.ok ? "ok" : notOnline.code, "NOT_FOUND");
    assert.deepEqual(kicked, [online.id], "nobody else was kicked");
  });

  it("announces a trimmed system line to everyone; bad text is INVALID_PAYLOAD", () => {
    const announced = moderation.announce(mod, "  Server restarts at noon  ");
    assert.deepEqual(announced, {
      ok: true,
      data: { audience: { kind: "everyone" }, message: { channel: "system", from: null, text: "Server restarts at noon", at: clock.nowMs } },
    });
    for (const text of ["", "a\tb", "x".repeat(201)]) {
      const refused = moderation.announce(mod, text);
      assert.equal(refused.ok ? "ok" : refused.code, "INVALID_PAYLOAD");
    }
    assert.ok(logs.some((l) => l.moderation === "announce" && l.text === "Server restarts at noon"));
    assert.deepEqual(actions, ["announce"]);
  });

  it("tells a joining player about its mute only while it lasts", async () => {
    const target = await createAccount(gsm);
    assert.equal(await moderation.noticeOnJoin(target.id), null);
    await moderation.mute(mod, target.username, 2);
    assert.match((await moderation.noticeOnJoin(target.id))?.message.text ?? "", /^You are muted until /);
    clock.advance(2 * 60_000);
    assert.equal(await moderation.noticeOnJoin(target.id), null);
  });
});
