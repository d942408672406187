import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import type { AttemptMessage } from "../../src/protocol/index.js";
import { itemNamed } from "../support/factories.js";
import { fighter, patiently, place, type Fighter } from "../support/combat.js";
import { itemFlowOf } from "../support/itemTotals.js";
import { joinMap, personalIn, registerPlayer, startTestServer, waitFor, type TestServer } from "../support/server.js";

/**
 * Gathering and cooking through real SDK clients on a real server with a 50 ms tick (an attempt every
 * 200 ms) and respawns scaled by 0.5 (a tree: 5 s). Town's resources: a range (1) at (43, 16), a fire (2) at (35, 35),
 * normal trees (3..6) at (5, 24), (8, 26), (5, 38), (8, 36).
 */
describe("MapRoom: gathering and cooking", function () {
  this.timeout(60_000);
  let server: TestServer;
  const admins = Array.from({ length: 8 }, (_, i) => `ga${randomBytes(3).toString("hex")}_${i}`);
  let nextAdmin = 0;

  before(async () => {
    server = await startTestServer({ GAME_TICK_MS: "50", NPC_RESPAWN_SCALE: "0.5", COMBAT_RNG_SEED: "11", ADMIN_USERNAMES: admins.join(",") });
  });
  after(async () => server.close());

  interface Gatherer extends Fighter {
    attempts: AttemptMessage[];
  }

  async function join(admin = false): Promise<Gatherer> {
    const player = await registerPlayer(server, admin ? admins[nextAdmin++] : undefined);
    const f = fighter(player, await joinMap(player));
    const g: Gatherer = { ...f, attempts: [] };
    f.room.onMessage("attempt", (a: AttemptMessage) => g.attempts.push(a));
    return g;
  }

  async function give(admin: Gatherer, name: string, quantity = 1): Promise<void> {
    const given = await patiently(admin.room, "admin:give", { itemId: itemNamed(name).id, quantity });
    assert.equal(given.ok, true, `admin:give ${name}: ${given.code}`);
    await waitFor(() => [...personalIn(admin.room, admin.id).inventory.values()].some((s) => s.itemId === itemNamed(name).id), `${name} in the inventory`);
  }

  const inventoryOf = (g: Gatherer) => [...personalIn(g.room, g.id).inventory.entries()].map(([slot, s]) => ({ slot: Number(slot), itemId: s.itemId, quantity: s.quantity }));
  const count = (g: Gatherer, name: string) => inventoryOf(g).filter((s) => s.itemId === itemNamed(name).id).reduce((n, s) => n + s.quantity, 0);
  const slotOf = (g: Gatherer, name: string) => inventoryOf(g).find((s) => s.itemId === itemNamed(name).id)!.slot;
  const xpOf = (g: Gatherer, skill: string) => personalIn(g.room, g.id).skills.get(skill)?.xp ?? 0;
  const activity = (g: Gatherer) => personalIn(g.room, g.id).activity;

  it("chops a tree until it falls: attempts, the logs and XP stored together, the tree depleted for everyone, then back", async () => {
    const a = await join(true);
    const b = await join();
    await give(a, "bronze_hatchet");
    await place(a, 6, 24);
    await place(a, 7, 24, b);
    const before = await itemFlowOf([server.url]);
    const started = await patiently(a.room, "gather", { resourceId: 3 });
    assert.deepEqual([started.ok, started.code], [true, undefined]);
    await waitFor(() => activity(a) === "gathering" || a.attempts.length > 0, "shown gathering");
    await waitFor(() => a.attempts.some((m) => m.itemId !== null), "a successful attempt", 20_000);
    const success = a.attempts.find((m) => m.itemId !== null)!;
    assert.deepEqual(success, { action: "gather", resourceId: 3, itemId: itemNamed("logs").id, xp: 25 });
    for (const failed of a.attempts.slice(0, a.attempts.indexOf(success))) assert.deepEqual(failed, { action: "gather", resourceId: 3, itemId: null, xp: 0 });
    // The attempt arrives with the patch that shows it.
    assert.equal(count(a, "logs"), 1);
    assert.equal(xpOf(a, "woodcutting"), 25);
    await waitFor(() => activity(a) === "", "gathering over: a normal tree falls at its first success");
    assert.equal(a.attempts.length, a.attempts.indexOf(success) + 1, "no attempt after the tree fell");
    const flow = await itemFlowOf([server.url]);
    assert.equal(flow.gather - before.gather, 1, "counted as created by gathering");

    // Depleted for everyone, and refused meanwhile, until it comes back (10 s x 0.5).
    await waitFor(() => b.room.state.resources.get("3")?.depleted === true, "the tree seen depleted by the other player");
    assert.equal((await patiently(a.room, "gather", { resourceId: 3 })).code, "DEPLETED");
    await waitFor(() => b.room.state.resources.get("3")?.depleted === false, "the tree back for the other player", 20_000);
    assert.equal((await patiently(a.room, "gather", { resourceId: 3 })).ok, true);
  });

  it("refuses to gather with NOT_FOUND, TOO_FAR, NO_TOOL, REQUIREMENTS_NOT_MET, INVENTORY_FULL and INVALID_PAYLOAD", async () => {
    const a = await join(true);
    await place(a, 9, 36);
    assert.equal((await patiently(a.room, "gather", { resourceId: 999 })).code, "NOT_FOUND");
    assert.equal((await patiently(a.room, "gather", { resourceId: 2 })).code, "NOT_FOUND", "a fire is for cooking");
    assert.equal((await patiently(a.room, "gather", { resourceId: 5 })).code, "TOO_FAR");
    assert.equal((await patiently(a.room, "gather", { resourceId: 6 })).code, "NO_TOOL");
    await give(a, "steel_hatchet");
    const steel = await patiently(a.room, "gather", { resourceId: 6 });
    assert.deepEqual([steel.code, /woodcutting level 20/.test(steel.message ?? "")], ["REQUIREMENTS_NOT_MET", true]);
    await give(a, "bronze_hatchet", 28 - inventoryOf(a).length);
    assert.equal((await patiently(a.room, "gather", { resourceId: 6 })).code, "INVENTORY_FULL");
    assert.equal((await patiently(a.room, "gather", { resourceId: "6" })).code, "INVALID_PAYLOAD");
    assert.equal((await patiently(a.room, "gather", { resourceId: 6, extra: 1 })).code, "INVALID_PAYLOAD");
    assert.equal(activity(a), "");
  });

  it("stops gathering when the player moves", async () => {
    const a = await join(true);
    await give(a, "bronze_hatchet");
    await place(a, 9, 26);
    assert.equal((await patiently(a.room, "gather", { resourceId: 4 })).ok, true);
    await waitFor(() => activity(a) === "gathering", "shown gathering");
    const moved = await patiently(a.room, "move", { dir: "right" });
    assert.equal(moved.ok, true);
    await waitFor(() => activity(a) === "", "gathering ended by the move");
    const seen = a.attempts.length;
    // Three attempt intervals later, still nothing more.
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(a.attempts.length, seen);
    assert.equal(activity(a), "");
  });

  it("cooks every raw shrimp at a fire, each attempt one change, and counts what it uses up and makes", async () => {
    const a = await join(true);
    await give(a, "raw_shrimp", 3);
    await place(a, 36, 35);
    const before = await itemFlowOf([server.url]);
    const cooked = await patiently(a.room, "cook", { slot: slotOf(a, "raw_shrimp"), resourceId: 2 });
    assert.equal(cooked.ok, true, cooked.code);
    await waitFor(() => a.attempts.length === 3 && activity(a) === "", "three attempts, then done", 20_000);
    const good = itemNamed("cooked_shrimp").id;
    const burnt = itemNamed("burnt_shrimp").id;
    for (const m of a.attempts) {
      assert.ok(m.itemId === good ? m.xp === 30 : m.itemId === burnt && m.xp === 0, JSON.stringify(m));
      assert.deepEqual([m.action, m.resourceId], ["cook", 2]);
    }
    const goodCount = a.attempts.filter((m) => m.itemId === good).length;
    await waitFor(() => count(a, "raw_shrimp") === 0, "no raw shrimp left");
    assert.deepEqual([count(a, "cooked_shrimp"), count(a, "burnt_shrimp")], [goodCount, 3 - goodCount]);
    assert.equal(xpOf(a, "cooking"), 30 * goodCount);
    const flow = await itemFlowOf([server.url]);
    assert.deepEqual([flow.cookCreated - before.cookCreated, flow.cookDestroyed - before.cookDestroyed], [3, 3]);
  });

  it("refuses to cook with INVALID_SLOT, SLOT_EMPTY, NOT_FOUND, TOO_FAR, NOT_COOKABLE and REQUIREMENTS_NOT_MET", async () => {
    const a = await join(true);
    await give(a, "raw_shrimp");
    await give(a, "raw_lobster");
    await place(a, 43, 17);
    const shrimp = slotOf(a, "raw_shrimp");
    const empty = [...Array(28).keys()].find((s) => !inventoryOf(a).some((i) => i.slot === s))!;
    assert.equal((await patiently(a.room, "cook", { slot: 28, resourceId: 1 })).code, "INVALID_SLOT");
    assert.equal((await patiently(a.room, "cook", { slot: empty, resourceId: 1 })).code, "SLOT_EMPTY");
    assert.equal((await patiently(a.room, "cook", { slot: shrimp, resourceId: 3 })).code, "NOT_FOUND", "a tree is no range");
    assert.equal((await patiently(a.room, "cook", { slot: shrimp, resourceId: 2 })).code, "TOO_FAR");
    assert.equal((await patiently(a.room, "cook", { slot: slotOf(a, "coins"), resourceId: 1 })).code, "NOT_COOKABLE");
    const lobster = await patiently(a.room, "cook", { slot: slotOf(a, "raw_lobster"), resourceId: 1 });
    assert.deepEqual([lobster.code, /cooking level 40/.test(lobster.message ?? "")], ["REQUIREMENTS_NOT_MET", true]);
    assert.equal((await patiently(a.room, "cook", { slot: shrimp })).code, "INVALID_PAYLOAD");
    // At the range, the shrimp cooks.
    assert.equal((await patiently(a.room, "cook", { slot: shrimp, resourceId: 1 })).ok, true);
    await waitFor(() => a.attempts.length === 1, "the attempt", 10_000);
  });

  it("shows each client the resources within its area of interest only", async () => {
    const a = await join(true);
    const map = server.runtime.world.get("town")!;
    await place(a, 40, 50);
    assert.equal(map.isBlocked(40, 50), false);
    await waitFor(() => a.room.state.resources.has("2"), "the fire in sight");
    const ids = () => [...a.room.state.resources.keys()].map(Number).sort((x, y) => x - y);
    // From (40, 50): the fire (15 away) and the range (34 away: out); the trees at x 5..8 are 32..35 away.
    const expected = map.resources.filter((r) => Math.max(Math.abs(r.x - 40), Math.abs(r.y - 50)) <= 32).map((r) => r.id);
    await waitFor(() => JSON.stringify(ids()) === JSON.stringify(expected), `resources ${JSON.stringify(expected)}`);
    assert.ok(!ids().includes(1), "the range is out of sight");
    await place(a, 9, 36);
    await waitFor(() => [3, 4, 5, 6].every((id) => a.room.state.resources.has(String(id))), "every tree in sight");
    const tree = a.room.state.resources.get("6")!;
    assert.deepEqual([tree.id, tree.kind, tree.x, tree.y], [6, "tree", 8, 36]);
  });
});
