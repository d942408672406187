import assert from "node:assert/strict";
import { command, joinMap, registerPlayer, startTestServer, waitFor, personalIn, playerIn, type TestServer } from "../support/server.js";
import { itemNamed } from "../support/factories.js";

describe("MapRoom: joining and moving", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.close());

  it("places a new account at the spawn with the starter kit, visible to its own client", async () => {
    const p = await registerPlayer(server);
    const room = await joinMap(p);
    const me = playerIn(room, p.id);
    assert.deepEqual([me.x, me.y], [32, 32]);
    assert.equal(me.hp, 10);
    assert.equal(me.combatLevel, 3);
    const personal = personalIn(room, p.id);
    const items = [...personal.inventory.values()].map((s: { itemId: number; quantity: number }) => [s.itemId, s.quantity]);
    assert.deepEqual(items.sort(), [
      [itemNamed("coins").id, 25], [itemNamed("copper_dagger").id, 1], [itemNamed("wooden_shield").id, 1], [itemNamed("bread").id, 5],
    ].sort());
    assert.equal(personal.skills.get("hitpoints")?.level, 10);
    await room.leave();
  });

  it("moves one tile and answers after the patch that shows it", async () => {
    const p = await registerPlayer(server);
    const room = await joinMap(p);
    let seenAtResult: number | undefined;
    room.onMessage("result", () => (seenAtResult = playerIn(room, p.id).x));
    // Sent back to back, so the server reads them in one turn and credits both the same delay
    // (Cooldowns.accept): the second is early unless the loop had been blocked for a whole cooldown.
    const [result, early] = await Promise.all([command(room, "move", { dir: "right" }), command(room, "move", { dir: "right" })]);
    assert.equal(result.ok, true);
    assert.equal(seenAtResult, 33, "the patch with x=33 arrived before the first result");
    assert.equal(early.ok, false);
    assert.equal(early.ok === false && early.code, "RATE_LIMITED");
    assert.ok(early.ok === false && early.retryAfterMs! > 0 && early.retryAfterMs! <= server.cfg.rules.moveCooldownMs);
    await room.leave();
  });

  it("refuses unknown message types and malformed payloads with INVALID_PAYLOAD, keeping the connection", async () => {
    const p = await registerPlayer(server);
    const room = await joinMap(p);
    const unknown = await command(room, "fly", {});
    assert.equal(unknown.ok === false && unknown.code, "INVALID_PAYLOAD");
    const star = await command(room, "*", {});
    assert.deepEqual([star.type, star.ok === false && star.code], ["*", "INVALID_PAYLOAD"]);
    const extra = await command(room, "move", { dir: "up", speed: 3 });
    assert.equal(extra.ok === false && extra.code, "INVALID_PAYLOAD");
    const admin = await command(room, "admin:give", { itemId: 1, quantity: 1 });
    assert.equal(admin.ok === false && admin.code, "FORBIDDEN");
    await waitFor(() => room.connection.isOpen, "connection open");
    await room.leave();
  });
});
