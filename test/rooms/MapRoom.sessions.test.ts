import assert from "node:assert/strict";
import { Client } from "@colyseus/sdk";
import { command, joinMap, registerPlayer, startTestServer, waitFor, personalIn, playerIn, type MapRoomClient, type TestServer } from "../support/server.js";

/** What a client shows of its own player: position, HP, inventory, equipment and skills. */
function ownState(room: MapRoomClient, playerId: number) {
  const me = playerIn(room, playerId);
  const personal = personalIn(room, playerId);
  const stacks = (m: Map<string, { itemId: number; quantity: number; durability: number }>) =>
    Object.fromEntries([...m.entries()].map(([k, s]) => [k, [s.itemId, s.quantity, s.durability]]));
  return {
    position: [me.x, me.y, me.hp, me.maxHp],
    inventory: stacks(personal.inventory),
    equipment: stacks(personal.equipment),
    skills: Object.fromEntries([...personal.skills.entries()].map(([k, s]: [string, { level: number; xp: number }]) => [k, [s.level, s.xp]])),
  };
}

describe("MapRoom: sessions, persistence and transfers", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ ADMIN_USERNAMES: "boss_ses", RECONNECT_WINDOW_S: "5" });
  });
  after(async () => server.close());

  it("gives back position, HP, inventory, equipment and skills after leaving and logging in again", async () => {
    const admin = await registerPlayer(server, "boss_ses");
    const room = await joinMap(admin);
    assert.equal((await command(room, "move", { dir: "left" })).ok, true);
    assert.equal((await command(room, "equip", { slot: 0 })).ok, true);
    assert.equal((await command(room, "admin:xp", { skill: "mining", xp: 500 })).ok, true);
    assert.equal((await command(room, "admin:damage", { amount: 3 })).ok, true);
    assert.equal((await command(room, "inventory:move", { from: 3, to: 20 })).ok, true);
    await new Promise((r) => setTimeout(r, 100));
    const before = ownState(room, admin.id);
    await room.leave();
    await waitFor(async () => !(await server.runtime.gsm!.isOnline(admin.id)), "saved and unloaded");

    const login = await fetch(`${server.url}/auth/login`, {
      method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "boss_ses", password: "correct horse battery" }),
    });
    const { token } = (await login.json()) as { token: string };
    const client = new Client(server.url);
    client.auth.token = token;
    const again = await joinMap({ id: admin.id, client });
    await waitFor(() => again.state.personal.get(String(admin.id))?.skills.size === 11, "skills arrived");
    assert.deepEqual(ownState(again, admin.id), before);
    await again.leave();
  });

  it("kicks the older session of a double login after saving it, and keeps one session", async () => {
    const p = await registerPlayer(server);
    const first = await joinMap(p);
    assert.equal((await command(first, "inventory:move", { from: 0, to: 9 })).ok, true);
    const kicked = new Promise<unknown>((resolve) => first.onMessage("kicked", resolve));
    const closed = new Promise<number>((resolve) => first.onLeave((code) => resolve(code)));

    const second = new Client(server.url);
    second.auth.token = p.token;
    const room2 = await joinMap({ ...p, client: second });
    assert.deepEqual(await kicked, { reason: "LOGGED_IN_ELSEWHERE" });
    assert.equal(await closed, 4100);
    assert.ok(personalIn(room2, p.id).inventory.has("9"), "the new session sees the old one's change");
    assert.equal((await command(room2, "move", { dir: "up" })).ok, true);
    await room2.leave();
  });

  it("lets a dropped client reconnect within the window and find its player as it left it", async () => {
    const p = await registerPlayer(server);
    const room = await joinMap(p);
    room.reconnection.minUptime = 0;
    assert.equal((await command(room, "move", { dir: "down" })).ok, true);
    const reconnected = new Promise<void>((resolve) => room.onReconnect(() => resolve()));
    const serverRoom = server.colyseus.getRoomById(room.roomId);
    const serverClient = [...serverRoom.clients].find((c) => c.sessionId === room.sessionId)!;
    (serverClient.ref as unknown as { terminate(): void }).terminate();
    await reconnected;
    assert.equal(playerIn(room, p.id).y, 33);
    assert.equal((await command(room, "move", { dir: "down" })).ok, true);
    assert.equal(playerIn(room, p.id).y, 34);
    await room.leave();
  });

  it("walks through a portal: saved on the target map, transferred, and joined there", async () => {
    const admin = await registerPlayer(server, "boss_portal");
    await server.runtime.gsm!.accounts.setRole(admin.id, "admin");
    const client = new Client(server.url);
    const relogin = await fetch(`${server.url}/auth/login`, {
      method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "boss_portal", password: "correct horse battery" }),
    });
    client.auth.token = ((await relogin.json()) as { token: string }).token;
    const town = await joinMap({ ...admin, client });
    assert.equal((await command(town, "admin:teleport", { x: 61, y: 32 })).ok, true);
    const order: string[] = [];
    town.onMessage("result", () => order.push("result"));
    const transfer = new Promise<{ mapId: string; x: number; y: number }>((resolve) => town.onMessage("transfer", (t: { mapId: string; x: number; y: number }) => {
      order.push("transfer");
      resolve(t);
    }));
    assert.equal((await command(town, "move", { dir: "right" })).ok, true);
    const target = await transfer;
    assert.deepEqual(order, ["result", "transfer"], "the step's result comes first (docs/PROTOCOL.md)");
    assert.deepEqual(target, { mapId: "forest", x: 2, y: 40 });
    const saved = await server.runtime.gsm!.accounts.findById(admin.id);
    assert.deepEqual([saved?.mapId, saved?.x, saved?.y], ["forest", 2, 40]);
    await town.leave();
    const forest = await joinMap({ ...admin, client }, "forest");
    assert.deepEqual([forest.state.mapId, playerIn(forest, admin.id).x], ["forest", 2]);
    await assert.rejects(client.joinOrCreate("map", { mapId: "town" }), /WRONG_MAP: forest/);
    await forest.leave();
  });

  it("refuses joins without a valid token, to the wrong map, or to a map that does not exist", async () => {
    const anonymous = new Client(server.url);
    await assert.rejects(anonymous.joinOrCreate("map", { mapId: "town" }), /UNAUTHORIZED/);
    anonymous.auth.token = "not-a-jwt";
    await assert.rejects(anonymous.joinOrCreate("map", { mapId: "town" }), /UNAUTHORIZED/);
    const p = await registerPlayer(server);
    await assert.rejects(p.client.joinOrCreate("map", { mapId: "forest" }), /WRONG_MAP: town/);
    await assert.rejects(p.client.joinOrCreate("map", { mapId: "atlantis" }), /WRONG_MAP: town/);
  });
});
