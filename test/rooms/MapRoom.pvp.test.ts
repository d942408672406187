import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { matchMaker } from "@colyseus/core";
import type { MapState } from "../../src/schema/MapState.js";
import { chebyshev } from "../../src/services/rules/distance.js";
import { fighter, patiently, type Fighter } from "../support/combat.js";
import { command, joinMap, personalIn, playerIn, registerPlayer, startTestServer, waitFor, type TestServer } from "../support/server.js";

/**
 * Player against player (only inside a `pvp` area) and the area of interest of NPCs, through real SDK
 * clients on a real server with a 50 ms tick.
 */
describe("MapRoom: player against player, and NPCs in sight", function () {
  this.timeout(60_000);
  let server: TestServer;
  const admins = Array.from({ length: 4 }, (_, i) => `pv${randomBytes(3).toString("hex")}_${i}`);
  let nextAdmin = 0;

  before(async () => {
    server = await startTestServer({ GAME_TICK_MS: "50", COMBAT_RNG_SEED: "11", ADMIN_USERNAMES: admins.join(",") });
  });
  after(async () => server.close());

  async function join(admin = false): Promise<Fighter> {
    const player = await registerPlayer(server, admin ? admins[nextAdmin++] : undefined);
    return fighter(player, await joinMap(player));
  }

  /** Teleports `who` (by the admin) to `mapId` and rejoins it there; returns the player with its new room. */
  async function moveToMap(admin: Fighter, who: Fighter, mapId: string, x: number, y: number): Promise<Fighter> {
    const transferred = new Promise<{ mapId: string }>((resolve) => who.room.onMessage("transfer", resolve));
    const payload = { mapId, x, y, ...(admin === who ? {} : { username: who.username }) };
    assert.equal((await patiently(admin.room, "admin:teleport", payload)).ok, true);
    assert.equal((await transferred).mapId, mapId);
    await who.room.leave();
    await waitFor(async () => !(await server.runtime.gsm!.sessions.current(who.id)), "the old session saved");
    return fighter(who, await joinMap(who, mapId));
  }

  it("refuses PvP outside a pvp area, and to a missing player or oneself", async () => {
    const a = await join();
    const b = await join();
    assert.equal((await command(a.room, "attack", { playerId: b.id })).code, "NOT_ATTACKABLE");
    assert.equal((await command(a.room, "attack", { playerId: a.id })).code, "NOT_ATTACKABLE");
    assert.equal((await command(a.room, "attack", { playerId: 987_654_321 })).code, "NOT_FOUND");
    assert.equal((await command(a.room, "attack", { playerId: b.id, npcId: 1 })).code, "INVALID_PAYLOAD");
    assert.equal((await command(a.room, "attack", {})).code, "INVALID_PAYLOAD");
  });

  it("lets two players in the forest's arena fight, with XP, and stops when one steps out", async () => {
    let a = await join(true);
    let b = await join();
    let far = await join();
    a = await moveToMap(a, a, "forest", 59, 52);
    b = await moveToMap(a, b, "forest", 60, 52);
    far = await moveToMap(a, far, "forest", 10, 40);
    const attacked = await patiently(a.room, "attack", { playerId: b.id });
    assert.equal(attacked.ok, true, attacked.code);
    const byA = () => b.hits.filter((h) => h.attackerType === "player" && h.attackerId === a.id && h.targetId === b.id);
    await waitFor(() => byA().length >= 3, "three swings at b", 10_000);
    assert.deepEqual(a.hits.filter((h) => h.attackerId === a.id), byA(), "both sides see the swings");
    assert.equal(far.hits.length, 0, "a player 45 tiles away sees none");
    const dealt = byA().reduce((sum, h) => sum + h.damage, 0);
    await waitFor(() => personalIn(a.room, a.id).skills.get("attack")!.xp >= 4 * dealt, "a's XP");
    let hp = 10;
    for (const hit of byA()) {
      // Each hit leaves the HP of the one before less its damage (a regeneration point may come between).
      assert.ok(hit.hp === hp - hit.damage || hit.hp === hp - hit.damage + 1, `${JSON.stringify(hit)} after ${hp}`);
      hp = hit.hp;
    }

    assert.equal((await patiently(b.room, "move", { dir: "right" })).ok, true); // to (61, 52): outside the arena
    const count = byA().length;
    await new Promise((r) => setTimeout(r, 500));
    assert.ok(byA().length <= count + 1, "at most a swing already on its way");
    const after = byA().length;
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(byA().length, after, "no swing while b stands outside");
    assert.equal((await command(a.room, "attack", { playerId: b.id })).code, "NOT_ATTACKABLE");
  });

  it("shows each client exactly the NPCs within 32 tiles while it walks and they wander, and no one's personal state", async () => {
    const admin = await join(true);
    let walker = await join();
    for (const skill of ["attack", "strength"]) {
      assert.equal((await patiently(admin.room, "admin:xp", { skill, xp: 13_034_431, username: walker.username })).ok, true);
    }
    // Combat level 67: the goblins along the road (level 6) leave the walker alone.
    walker = await moveToMap(admin, walker, "forest", 4, 40);
    const serverState = () => (matchMaker.getLocalRoomById(walker.room.roomId) as unknown as { state: MapState }).state;
    const check = (where: string) => {
      const me = playerIn(walker.room, walker.id);
      for (const npc of walker.room.state.npcs.values()) {
        assert.ok(chebyshev(npc, me) <= 32, `${where}: NPC ${npc.id} at (${npc.x}, ${npc.y}) shown ${chebyshev(npc, me)} tiles away`);
      }
      for (const npc of serverState().npcs.values()) {
        // A patch may lag a tick behind: NPCs well inside the area must be shown.
        if (chebyshev(npc, me) <= 30) assert.ok(walker.room.state.npcs.has(String(npc.id)), `${where}: NPC ${npc.id} ${chebyshev(npc, me)} tiles away is missing`);
      }
      assert.deepEqual([...walker.room.state.personal.keys()], [String(walker.id)]);
    };
    await waitFor(() => walker.room.state.npcs.size > 0, "NPCs in sight");
    const troll = [...serverState().npcs.values()].find((n) => n.kind === "troll")!;
    assert.equal(walker.room.state.npcs.has(String(troll.id)), false, "the troll, 58 tiles away, is not shown");
    check("at the gate");
    for (let step = 0; step < 36; step++) {
      const moved = await patiently(walker.room, "move", { dir: "right" });
      assert.equal(moved.ok, true, `step ${step}: ${moved.code}`);
      check(`after step ${step + 1}`);
    }
    for (let i = 0; i < 10; i++) {
      await new Promise((r) => setTimeout(r, 100));
      check(`standing, sample ${i}`);
    }
    assert.equal(walker.room.state.npcs.has(String(troll.id)), true, "the troll, now within 32 tiles, is shown");
    const npc = walker.room.state.npcs.get(String(troll.id))!;
    assert.deepEqual([npc.kind, npc.maxHp, npc.combatLevel], ["troll", 45, 41]);
  });
});
