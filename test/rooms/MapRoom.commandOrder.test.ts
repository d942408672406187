import assert from "node:assert/strict";
import { performance } from "node:perf_hooks";
import type { CommandResult } from "../../src/protocol/index.js";
import { itemNamed } from "../support/factories.js";
import { command, joinMap, personalIn, playerIn, registerPlayer, startTestServer, type TestServer } from "../support/server.js";

const codeOf = (r: CommandResult) => (r.ok ? "ok" : r.code);
const MOVE_COOLDOWN_MS = 600;

/**
 * GAME_RULES.md "Cooldowns and abuse limits" through the real SDK: one client's commands are handled one
 * at a time in arrival order, each seeing every earlier one finished (a refused one having spent
 * nothing), and cooldowns are measured between arrivals. Sent in bursts (no awaiting in between).
 */
describe("MapRoom: one client's commands in arrival order", function () {
  this.timeout(30_000);
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ MOVE_COOLDOWN_MS: String(MOVE_COOLDOWN_MS) });
  });
  after(async () => server.close());

  it("answers a burst of inventory moves (from an empty slot, to slot 99, then a valid one) SLOT_EMPTY, INVALID_SLOT, ok", async () => {
    const p = await registerPlayer(server);
    const room = await joinMap(p);
    const results = await Promise.all([
      command(room, "inventory:move", { from: 10, to: 11 }),
      command(room, "inventory:move", { from: 0, to: 99 }),
      command(room, "inventory:move", { from: 0, to: 5 }),
    ]);
    assert.deepEqual(results.map(codeOf), ["SLOT_EMPTY", "INVALID_SLOT", "ok"], JSON.stringify(results));
    assert.equal(personalIn(room, p.id).inventory.get("5")?.itemId, itemNamed("copper_dagger").id);
    await room.leave();
  });

  it("completes a burst of dependent commands in arrival order, each seeing the one before it", async () => {
    const p = await registerPlayer(server);
    const room = await joinMap(p);
    const arrived: Array<number | null> = [];
    room.onMessage("result", (r: CommandResult) => arrived.push(r.seq));
    // The starter kit: a dagger in slot 0, a wooden shield in slot 1, coins in 2, bread in 3.
    const results = await Promise.all([
      command(room, "equip", { slot: 0 }), // the dagger to the weapon slot: slot 0 is free
      command(room, "inventory:move", { from: 1, to: 0 }), // the shield into slot 0
      command(room, "inventory:drop", { slot: 0 }), // ... and onto the ground
      command(room, "unequip", { slot: "weapon" }), // the dagger back, into the first free slot: 0
      command(room, "move", { dir: "right" }),
    ]);
    assert.deepEqual(results.map(codeOf), ["ok", "ok", "ok", "ok", "ok"], JSON.stringify(results));
    assert.deepEqual(arrived, results.map((r) => r.seq), "results come in the order the commands were sent");
    const personal = personalIn(room, p.id);
    assert.deepEqual(
      [personal.inventory.get("0")?.itemId, personal.inventory.has("1"), personal.equipment.has("weapon")],
      [itemNamed("copper_dagger").id, false, false],
    );
    const dropped = (results[2] as { data: { groundItemId: number } }).data.groundItemId;
    assert.equal(room.state.groundItems.get(String(dropped))?.itemId, itemNamed("wooden_shield").id);
    await room.leave();
  });

  it("refuses exactly the moves that arrive within the cooldown of the last accepted one, with the exact wait", async () => {
    const p = await registerPlayer(server);
    const room = await joinMap(p);
    const startX = playerIn(room, p.id).x;
    // Send offsets (ms): a burst of two, then moves closer together than the cooldown, and two after it.
    const offsetsMs = [0, 0, 200, 400, 700, 800, 1400];
    const startedMs = performance.now();
    const sent = await Promise.all(offsetsMs.map(async (offsetMs) => {
      await new Promise((r) => setTimeout(r, offsetMs));
      const sentMs = performance.now() - startedMs;
      return { sentMs, result: await command(room, "move", { dir: "right" }) };
    }));
    sent.sort((a, b) => a.sentMs - b.sentMs);
    const toleranceMs = 40;
    // The server credits a command with how long it may have waited unread before it was read
    // (`EventLoopWatch.readDelayMs`: the loop's last two turns, up to 40 ms on an idle one, more after a GC
    // pause): an accepted move counts from up to that much before it was read, so a later move may be let
    // through, or told to wait, up to that much sooner than the exact figure, never later.
    const creditMs = 60;
    let acceptedAtMs = -Infinity;
    for (const [i, { sentMs, result }] of sent.entries()) {
      const sinceAcceptedMs = sentMs - acceptedAtMs;
      const what = `move ${i} sent at ${Math.round(sentMs)} ms, ${Math.round(sinceAcceptedMs)} ms after the last accepted one: ${JSON.stringify(result)}`;
      // Too close to the boundary to tell which side the server saw it on; the rest of the run still decides.
      const clearCut = sinceAcceptedMs > MOVE_COOLDOWN_MS + toleranceMs || sinceAcceptedMs < MOVE_COOLDOWN_MS - toleranceMs - creditMs;
      if (clearCut) assert.equal(codeOf(result), sinceAcceptedMs >= MOVE_COOLDOWN_MS ? "ok" : "RATE_LIMITED", what);
      if (result.ok) {
        acceptedAtMs = sentMs;
      } else {
        assert.equal(result.code, "RATE_LIMITED", what);
        const expectedMs = MOVE_COOLDOWN_MS - sinceAcceptedMs;
        assert.ok(result.retryAfterMs! <= expectedMs + toleranceMs && result.retryAfterMs! >= expectedMs - toleranceMs - creditMs,
          `retryAfterMs ${result.retryAfterMs}, expected about ${Math.round(expectedMs)} (less by up to the credit): ${what}`);
      }
    }
    assert.equal(playerIn(room, p.id).x, startX + sent.filter((s) => s.result.ok).length, "every accepted move moved, no refused one did");
    await room.leave();
  });
});
