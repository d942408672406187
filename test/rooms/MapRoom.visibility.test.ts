import assert from "node:assert/strict";
import { command, joinMap, registerPlayer, startTestServer, waitFor, playerIn, type TestServer } from "../support/server.js";

describe("MapRoom: area of interest, privacy and protection", () => {
  let server: TestServer;
  before(async () => {
    // common items: protected 45 s x 0.05 = 2.25 s, despawn 120 s x 0.05 = 6 s
    server = await startTestServer({ GROUND_ITEM_TIMER_SCALE: "0.05", ADMIN_USERNAMES: "boss_vis" });
  });
  after(async () => server.close());

  it("shows only players within 32 tiles, and shows them again when they come back", async () => {
    const admin = await registerPlayer(server, "boss_vis");
    const other = await registerPlayer(server);
    const adminRoom = await joinMap(admin);
    const otherRoom = await joinMap(other);
    await waitFor(() => adminRoom.state.players.has(String(other.id)), "other visible at the spawn");

    const cooldown = () => new Promise((r) => setTimeout(r, server.cfg.rules.commandCooldownMs + 10));
    assert.equal((await command(adminRoom, "admin:teleport", { x: 2, y: 2 })).ok, true);
    await cooldown();
    assert.equal((await command(adminRoom, "admin:teleport", { x: 36, y: 36, username: other.username })).ok, true);
    await waitFor(() => !adminRoom.state.players.has(String(other.id)), "other gone from the admin's state");
    await waitFor(() => !otherRoom.state.players.has(String(admin.id)), "admin gone from the other's state");
    assert.ok(adminRoom.state.players.has(String(admin.id)), "a client always sees itself");

    await cooldown();
    assert.equal((await command(adminRoom, "admin:teleport", { x: 34, y: 34, username: other.username })).ok, true);
    await waitFor(() => adminRoom.state.players.has(String(other.id)), "other back in view");
    assert.equal(playerIn(adminRoom, other.id).x, 34);
    await Promise.all([adminRoom.leave(), otherRoom.leave()]);
  });

  it("never sends a client another player's inventory, equipment or skills", async () => {
    const a = await registerPlayer(server);
    const b = await registerPlayer(server);
    const roomA = await joinMap(a);
    const roomB = await joinMap(b);
    await waitFor(() => roomB.state.players.has(String(a.id)), "A visible to B");
    assert.equal((await command(roomA, "equip", { slot: 0 })).ok, true);
    assert.equal((await command(roomA, "inventory:move", { from: 1, to: 5 })).ok, true);
    await new Promise((r) => setTimeout(r, 150));
    assert.deepEqual([...roomB.state.personal.keys()], [String(b.id)]);
    assert.equal(roomB.state.personal.get(String(a.id)), undefined);
    const decodedByB = JSON.stringify(roomB.state.toJSON());
    assert.ok(!decodedByB.includes(`"${a.id}":{"inventory"`), decodedByB);
    assert.deepEqual([...roomA.state.personal.keys()], [String(a.id)]);
    await Promise.all([roomA.leave(), roomB.leave()]);
  });

  it("shows a protected drop to its dropper only, and lets others take it once public", async () => {
    const a = await registerPlayer(server);
    const b = await registerPlayer(server);
    const roomA = await joinMap(a);
    const roomB = await joinMap(b);
    const dropped = await command(roomA, "inventory:drop", { slot: 3, quantity: 2 });
    assert.equal(dropped.ok, true);
    const id = (dropped as { data: { groundItemId: number } }).data.groundItemId;
    assert.ok(roomA.state.groundItems.has(String(id)), "the dropper sees it at once");
    assert.equal(roomB.state.groundItems.has(String(id)), false);
    const early = await command(roomB, "ground:pickup", { id });
    assert.equal(early.ok === false && early.code, "NOT_FOUND");

    await waitFor(() => roomB.state.groundItems.has(String(id)), "public after protection", 6_000);
    const taken = await command(roomB, "ground:pickup", { id });
    assert.deepEqual(taken.ok && taken.data, { quantity: 2, remaining: 0 });
    await waitFor(() => !roomA.state.groundItems.has(String(id)), "gone for A too");
    await Promise.all([roomA.leave(), roomB.leave()]);
  });
});
