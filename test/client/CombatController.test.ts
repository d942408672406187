import assert from "node:assert/strict";
import { loadMaps } from "../../src/content/loadMaps.js";
import type { CommandResult, NpcKindInfo } from "../../src/protocol/index.js";
import type { MapState } from "../../src/schema/MapState.js";
import { manhattan } from "../../src/services/rules/distance.js";
import { CombatController } from "../../client/src/app/CombatController.js";
import type { RefusalContext } from "../../client/src/logic/refusalWords.js";
import { acceptingWalker } from "../support/clientWalker.js";

const town = loadMaps().get("town")!;
const kinds = new Map<string, NpcKindInfo>([
  ["rat", { kind: "rat", displayName: "Rat", behaviour: "passive", combatLevel: 2, maxHp: 4, attackSpeedTicks: 4, aggressionRadius: 0, drops: [], shop: null }],
  ["villager", { kind: "villager", displayName: "Villager", behaviour: "peaceful", combatLevel: 5, maxHp: 10, attackSpeedTicks: 4, aggressionRadius: 0, drops: [], shop: null }],
]);

interface Npc { id: number; kind: string; x: number; y: number; hp: number; maxHp: number; combatLevel: number }

/**
 * A stand-in for the room: the player walks by the map's rules, and `attack` is judged like the server
 * does (peaceful: NOT_ATTACKABLE, gone: NOT_FOUND, beyond the Manhattan reach: TOO_FAR), unless `answer` says otherwise.
 */
function harness(answer?: (type: string, payload: Record<string, unknown>) => CommandResult | null) {
  let nowMs = 0;
  const me = { id: 1, username: "me", x: town.spawn.x, y: town.spawn.y, dead: false, hp: 10, maxHp: 10, combatLevel: 3 };
  const npcs = new Map<string, Npc>();
  const state = { mapId: "town", npcs, players: new Map([["1", me]]) } as unknown as MapState;
  const sent: { type: string; payload: Record<string, unknown> }[] = [];
  const explained: { result: CommandResult; context: RefusalContext }[] = [];
  const notices: string[] = [];
  const walker = acceptingWalker(town, me, () => nowMs, (dir) => sent.push({ type: "move", payload: { dir } }));
  const refuse = (code: "NOT_FOUND" | "NOT_ATTACKABLE" | "TOO_FAR"): CommandResult => ({ seq: 0, type: "attack", ok: false, code, message: "x" });
  const combat = new CombatController({
    state: () => state,
    me: () => me as never,
    myId: () => me.id,
    kind: (k) => kinds.get(k),
    walker,
    now: () => nowMs,
    notice: (words) => notices.push(words),
    explain: (result, context) => {
      if (!result.ok) explained.push({ result, context });
    },
    send: (type, payload) => {
      sent.push({ type, payload });
      const forced = answer?.(type, payload);
      if (forced) return Promise.resolve(forced);
      if (type !== "attack") return Promise.resolve({ seq: 0, type, ok: true });
      const npc = npcs.get(String(payload.npcId));
      if (!npc) return Promise.resolve(refuse("NOT_FOUND"));
      if (kinds.get(npc.kind)?.behaviour === "peaceful") return Promise.resolve(refuse("NOT_ATTACKABLE"));
      if (manhattan(me, npc) > 1) return Promise.resolve(refuse("TOO_FAR"));
      return Promise.resolve({ seq: 0, type, ok: true });
    },
  });
  const run = async (maxMs: number, done: () => boolean = () => false) => {
    for (let t = 0; t < maxMs && !done(); t += 16) {
      walker.update();
      combat.update();
      for (let i = 0; i < 4; i++) await Promise.resolve();
      nowMs += 16;
    }
  };
  const addNpc = (id: number, kind: string, x: number, y: number): Npc => {
    const npc = { id, kind, x, y, hp: 4, maxHp: 4, combatLevel: 2 };
    npcs.set(String(id), npc);
    return npc;
  };
  const attacks = () => sent.filter((s) => s.type === "attack");
  return { combat, walker, me, npcs, sent, explained, notices, run, addNpc, attacks };
}

describe("CombatController (click an NPC to fight it)", () => {
  it("walks into reach of a clicked NPC by a shortest path, then attacks it", async () => {
    const h = harness();
    const rat = h.addNpc(5, "rat", town.spawn.x + 4, town.spawn.y);
    h.combat.engage({ type: "npc", id: 5 });
    assert.deepEqual(h.combat.focus, { type: "npc", id: 5 }, "marked while walking up to it");
    await h.run(3_000, () => h.combat.target !== null);
    assert.deepEqual(h.combat.target, { type: "npc", id: 5 });
    assert.equal(manhattan(h.me, rat), 1, "stands next to it");
    assert.deepEqual(h.sent.map((s) => s.type), ["move", "move", "move", "attack"]);
    assert.deepEqual(h.attacks()[0]!.payload, { npcId: 5 });
    assert.deepEqual(h.explained, []);
  });

  it("attacks at once an NPC already in reach, without a step", async () => {
    const h = harness();
    h.addNpc(2, "rat", town.spawn.x, town.spawn.y + 1);
    h.combat.engage({ type: "npc", id: 2 });
    await h.run(500, () => h.combat.target !== null);
    assert.deepEqual(h.sent.map((s) => s.type), ["attack"]);
  });

  it("walks up again, quietly, when the NPC stepped away before the attack came (TOO_FAR)", async () => {
    let first = true;
    const h = harness((type) => {
      if (type !== "attack" || !first) return null;
      first = false;
      rat.x += 1;
      return { seq: 0, type, ok: false, code: "TOO_FAR", message: "x" };
    });
    const rat = h.addNpc(3, "rat", town.spawn.x + 2, town.spawn.y);
    h.combat.engage({ type: "npc", id: 3 });
    await h.run(3_000, () => h.combat.target !== null);
    assert.deepEqual(h.combat.target, { type: "npc", id: 3 });
    assert.equal(h.attacks().length, 2);
    assert.equal(manhattan(h.me, rat), 1);
    assert.deepEqual(h.explained, [], "a retried TOO_FAR is not shown");
  });

  it("waits out an attack refused RATE_LIMITED and attacks again, unless the player walked away meanwhile", async () => {
    const limited = (): CommandResult => ({ seq: 0, type: "attack", ok: false, code: "RATE_LIMITED", message: "x", retryAfterMs: 30 });
    let first = true;
    const h = harness((type) => (type === "attack" && first ? ((first = false), limited()) : null));
    h.addNpc(8, "rat", town.spawn.x + 1, town.spawn.y);
    h.combat.engage({ type: "npc", id: 8 });
    await h.run(32);
    await new Promise((r) => setTimeout(r, 60));
    await h.run(32, () => h.combat.target !== null);
    assert.deepEqual(h.combat.target, { type: "npc", id: 8 });
    assert.equal(h.attacks().length, 2);
    assert.deepEqual(h.explained, []);

    const g = harness((type) => (type === "attack" ? limited() : null));
    g.addNpc(8, "rat", town.spawn.x + 1, town.spawn.y);
    g.combat.engage({ type: "npc", id: 8 });
    await g.run(32);
    g.combat.disengage();
    await new Promise((r) => setTimeout(r, 60));
    await g.run(64);
    assert.equal(g.attacks().length, 1, "no attack after walking away");
  });

  it("follows its target when it steps out of reach during the fight", async () => {
    const h = harness();
    const rat = h.addNpc(4, "rat", town.spawn.x + 1, town.spawn.y);
    h.combat.engage({ type: "npc", id: 4 });
    await h.run(500, () => h.combat.target !== null);
    rat.x += 2;
    await h.run(2_000, () => manhattan(h.me, rat) <= 1 && h.attacks().length === 2);
    assert.equal(manhattan(h.me, rat), 1);
    assert.equal(h.attacks().length, 2, "attacks again once back in reach");
    assert.deepEqual(h.combat.target, { type: "npc", id: 4 });
  });

  it("asks the server at once about a peaceful NPC, and says why not with its name", async () => {
    const h = harness();
    h.addNpc(9, "villager", town.spawn.x + 6, town.spawn.y);
    h.combat.engage({ type: "npc", id: 9 });
    await h.run(500, () => h.explained.length > 0);
    assert.deepEqual(h.sent.map((s) => s.type), ["attack"], "no walk up to it");
    assert.equal(h.explained[0]!.result.code, "NOT_ATTACKABLE");
    assert.deepEqual(h.explained[0]!.context, { target: { type: "npc", name: "the Villager" } });
    assert.equal(h.combat.target, null);
  });

  it("ends the fight when its target is gone, and says when the player's blow killed it", async () => {
    const h = harness();
    h.addNpc(6, "rat", town.spawn.x + 1, town.spawn.y);
    h.combat.engage({ type: "npc", id: 6 });
    await h.run(500, () => h.combat.target !== null);
    h.combat.onHit({ attackerType: "player", attackerId: 1, targetType: "npc", targetId: 6, damage: 2, hp: 0, maxHp: 4 });
    assert.deepEqual(h.notices, ["You defeated the Rat."]);
    h.npcs.delete("6");
    await h.run(32);
    assert.equal(h.combat.target, null);
    assert.equal(h.combat.hits.length, 1);
  });

  it("F attacks the nearest NPC that may be attacked; walking away sends attack:stop", async () => {
    const h = harness();
    h.addNpc(1, "villager", town.spawn.x, town.spawn.y + 1);
    h.addNpc(2, "rat", town.spawn.x + 3, town.spawn.y);
    h.addNpc(3, "rat", town.spawn.x - 6, town.spawn.y);
    h.combat.attackNearest();
    await h.run(2_000, () => h.combat.target !== null);
    assert.deepEqual(h.combat.target, { type: "npc", id: 2 });
    h.combat.disengage();
    assert.equal(h.combat.target, null);
    assert.equal(h.sent.at(-1)!.type, "attack:stop");
    h.npcs.clear();
    h.combat.attackNearest();
    assert.deepEqual(h.notices, ["There is nothing here you can attack."]);
  });
});
