import assert from "node:assert/strict";
import { itemByName } from "../../src/content/itemCatalogue.js";
import { loadMaps } from "../../src/content/loadMaps.js";
import type { CommandResult } from "../../src/protocol/index.js";
import type { MapState, PersonalState } from "../../src/schema/MapState.js";
import { GatheringController } from "../../client/src/app/GatheringController.js";
import { acceptingWalker } from "../support/clientWalker.js";

const town = loadMaps().get("town")!;

/** A stand-in for the room: the town's resources, a player who walks by the map's rules, every command accepted. */
function harness(start: { x: number; y: number }, inventory: Record<string, string> = {}) {
  let nowMs = 0;
  const me = { id: 1, x: start.x, y: start.y, dead: false };
  const resources = new Map(town.resources.map((r) => [String(r.id), { ...r, depleted: false }]));
  const personal = {
    activity: "",
    inventory: new Map(Object.entries(inventory).map(([slot, name]) => [slot, { itemId: itemByName(name)!.id, quantity: 1, durability: -1 }])),
  } as unknown as PersonalState;
  const state = { mapId: "town", resources, players: new Map([["1", me]]) } as unknown as MapState;
  const sent: { type: string; payload: Record<string, unknown> }[] = [];
  const notices: string[] = [];
  const walker = acceptingWalker(town, me, () => nowMs);
  const gathering = new GatheringController({
    state: () => state,
    me: () => me as never,
    personal: () => personal,
    item: (itemId) => ["logs", "cooked_shrimp", "burnt_shrimp", "raw_shrimp"].map((n) => itemByName(n)!).find((i) => i.id === itemId),
    walker,
    now: () => nowMs,
    notice: (words) => notices.push(words),
    explain: () => undefined,
    send: (type, payload): Promise<CommandResult> => {
      sent.push({ type, payload });
      return Promise.resolve({ seq: 0, type, ok: true });
    },
  });
  const run = async (maxMs: number) => {
    for (let t = 0; t < maxMs && !sent.some((s) => s.type !== "move"); t += 16) {
      walker.update();
      for (let i = 0; i < 4; i++) await Promise.resolve();
      nowMs += 16;
    }
  };
  return { me, personal, sent, notices, gathering, run };
}

describe("client: gathering and cooking (GatheringController)", () => {
  it("walks next to a tree and then sends gather, saying what it does", async () => {
    const h = harness({ x: 10, y: 24 });
    h.gathering.use(3);
    assert.equal(h.gathering.describe(), "Going to the tree");
    await h.run(5_000);
    assert.deepEqual([h.me.x, h.me.y], [6, 24]);
    assert.deepEqual(h.sent, [{ type: "gather", payload: { resourceId: 3 } }]);
    (h.personal as { activity: string }).activity = "gathering";
    assert.equal(h.gathering.describe(), "Gathering: Tree");
  });

  it("cooks at the fire with the first raw food carried, or says there is none", async () => {
    const none = harness({ x: 36, y: 35 }, { "0": "logs" });
    none.gathering.use(2);
    assert.deepEqual(none.notices, ["You have nothing to cook on the fire."]);
    const h = harness({ x: 36, y: 35 }, { "0": "logs", "5": "raw_shrimp", "3": "raw_shrimp" });
    h.gathering.use(2);
    await h.run(1_000);
    assert.deepEqual(h.sent, [{ type: "cook", payload: { slot: 3, resourceId: 2 } }]);
  });

  it("says what a successful attempt gave, and keeps every attempt", () => {
    const h = harness({ x: 6, y: 24 });
    h.gathering.onAttempt({ action: "gather", resourceId: 3, itemId: null, xp: 0 });
    h.gathering.onAttempt({ action: "gather", resourceId: 3, itemId: itemByName("logs")!.id, xp: 25 });
    h.gathering.onAttempt({ action: "cook", resourceId: 2, itemId: itemByName("burnt_shrimp")!.id, xp: 0 });
    h.gathering.onAttempt({ action: "cook", resourceId: 2, itemId: itemByName("cooked_shrimp")!.id, xp: 30 });
    assert.deepEqual(h.notices, [
      "You get Logs (+25 Woodcutting XP).", "You burn the food, leaving Burnt shrimp.", "You get Cooked shrimp (+30 Cooking XP).",
    ]);
    assert.equal(h.gathering.attempts.length, 4);
  });
});
