import assert from "node:assert/strict";
import { matchMaker } from "@colyseus/core";
import { MatchMakeError } from "@colyseus/sdk";
import { joinMap, registerPlayer, startTestServer, type TestServer } from "../support/server.js";

/** What a matchmaking request over plain HTTP answers (the SDK's first step of every join). */
async function matchmake(server: TestServer, method: string, body: string, token?: string): Promise<{ status: number; body: { code?: number; error?: string } }> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers["authorization"] = `Bearer ${token}`;
  const res = await fetch(`${server.url}/matchmake/${method}/map`, { method: "POST", headers, body });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as { code?: number; error?: string }) : {} };
}

async function mapRooms(): Promise<Array<{ roomId: string; mapId: unknown }>> {
  const rooms = await matchMaker.query({ name: "map" });
  return rooms.map((r) => ({ roomId: r.roomId, mapId: (r.metadata as { mapId?: unknown } | undefined)?.mapId }));
}

async function refusal(join: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await join;
  } catch (err) {
    assert.ok(err instanceof MatchMakeError, `expected a MatchMakeError, got ${String(err)}`);
    return { code: err.code, message: err.message };
  }
  assert.fail("the join was admitted");
}

describe("MapRoom: who may open a room", () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => server.close());

  it("opens no room for matchmaking without a valid token, whatever the map id or body size", async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => matchmake(server, "joinOrCreate", JSON.stringify({ mapId: `junk_${i}` }))));
    for (const answer of answers) {
      assert.equal(answer.body.code, 401, JSON.stringify(answer.body));
      assert.match(answer.body.error ?? "", /^UNAUTHORIZED: /);
    }
    const forged = await matchmake(server, "joinOrCreate", JSON.stringify({ mapId: "town" }), "not.a.token");
    assert.equal(forged.body.code, 401);
    const huge = await matchmake(server, "joinOrCreate", JSON.stringify({ mapId: "x".repeat(20 * 1024 * 1024) }));
    assert.ok(huge.status >= 400, `status ${huge.status}`);
    assert.deepEqual(await mapRooms(), []);
  });

  it("refuses an unknown map, a missing map id and oversized options with WRONG_MAP before opening a room", async () => {
    const p = await registerPlayer(server);
    for (const options of [{ mapId: "junk" }, {}, { mapId: "town", padding: "x".repeat(2048) }, { mapId: "y".repeat(1_000_000) }]) {
      const refused = await refusal(p.client.joinOrCreate("map", options));
      assert.deepEqual(refused, { code: 409, message: "WRONG_MAP: town" }, JSON.stringify(options).slice(0, 60));
    }
    assert.deepEqual(await mapRooms(), []);
  });

  it("offers no create: joinOrCreate is the only way to open a map's room", async () => {
    const p = await registerPlayer(server);
    const refused = await refusal(p.client.create("map", { mapId: "town" }));
    assert.match(refused.message, /invalid method "create"/);
    const noToken = await matchmake(server, "create", JSON.stringify({ mapId: "town" }));
    assert.match(noToken.body.error ?? "", /invalid method "create"/);
    assert.deepEqual(await mapRooms(), []);
  });

  it("keeps one room per map: a second room of a map fails to open with SERVER_FULL", async () => {
    const first = await registerPlayer(server);
    const room = await joinMap(first);
    await assert.rejects(matchMaker.createRoom("map", { mapId: "town" }), (err: unknown) => {
      assert.equal((err as { code?: unknown }).code, 503);
      assert.match(String((err as Error).message), /^SERVER_FULL: /);
      return true;
    });
    assert.deepEqual(await mapRooms(), [{ roomId: room.roomId, mapId: "town" }]);
    const second = await registerPlayer(server);
    const joined = await joinMap(second);
    assert.equal(joined.roomId, room.roomId);
    await joined.leave();
    await room.leave();
  });

  it("hands a map over at once from a room that takes no more joins (shutting down) to a new one", async () => {
    const first = await registerPlayer(server);
    const old = await joinMap(first);
    await matchMaker.getLocalRoomById(old.roomId).lock();
    const second = await registerPlayer(server);
    const fresh = await joinMap(second);
    assert.notEqual(fresh.roomId, old.roomId);
    const claim = await server.runtime.gsm!.mapRooms.claim("town", "intruder", 30_000);
    assert.ok(!claim.ok && claim.holder === fresh.roomId);
    await fresh.leave();
    await old.leave();
  });

  it("refuses joinById into another map's room with WRONG_MAP", async () => {
    const first = await registerPlayer(server);
    const town = await joinMap(first);
    const second = await registerPlayer(server);
    await server.runtime.stores!.prisma.player.update({ where: { id: second.id }, data: { mapId: "forest", x: 2, y: 40 } });
    const refused = await refusal(second.client.joinById(town.roomId, { mapId: "forest" }));
    assert.deepEqual(refused, { code: 409, message: "WRONG_MAP: forest" });
    assert.equal(town.state.players.size, 1);
    await town.leave();
  });
});
