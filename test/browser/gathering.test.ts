import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import { itemByName } from "../../src/content/itemCatalogue.js";
import { uniquePrefix } from "../support/stores.js";
import { adminCliAsync, snap, useBrowserRig } from "./browserSupport.js";
import { clickTile, readState, register, sendFromPage as send, teleport, waitForState } from "./pageState.js";

const run = randomBytes(3).toString("hex");
let n = 0;
const logs = itemByName("logs")!;
const rawShrimp = itemByName("raw_shrimp")!;
const cookedShrimp = itemByName("cooked_shrimp")!;
const burntShrimp = itemByName("burnt_shrimp")!;
const hatchet = itemByName("bronze_hatchet")!;

/** What the gathering test reads of the page beyond the shared page state. */
interface GatherView {
  activity: string;
  attempts: { action: string; resourceId: number; itemId: number | null; xp: number }[];
  resources: { id: number; kind: string; depleted: boolean }[];
  drawnDepleted: Record<string, boolean | undefined>;
}

const READ_GATHERING = `(() => {
  const rpg = globalThis.rpg;
  const state = rpg.session.state;
  const resources = state?.resources ? [...state.resources.values()].map((r) => ({ id: r.id, kind: r.kind, depleted: r.depleted })) : [];
  const drawnDepleted = {};
  for (const r of resources) drawnDepleted[r.id] = rpg.scene.resources.drawnDepleted(r.id);
  return { activity: rpg.personal()?.activity ?? "", attempts: rpg.gathering.attempts.map((a) => ({ action: a.action, resourceId: a.resourceId, itemId: a.itemId, xp: a.xp })), resources, drawnDepleted };
})()`;

async function waitForGathering(page: Page, what: string, check: (v: GatherView) => boolean, timeoutMs = 20_000): Promise<GatherView> {
  const deadline = Date.now() + timeoutMs;
  let last: GatherView | null = null;
  while (Date.now() < deadline) {
    last = await page.evaluate<GatherView>(READ_GATHERING);
    if (check(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
}

/**
 * Gathering and cooking as a player does it in a real browser: the town's trees (3: (5, 24)) and fire
 * (2: (35, 35)) drawn from the room state; a click on one walks next to it and gathers or cooks there.
 */
describe("browser client: gathering and cooking (chromium)", function () {
  this.timeout(120_000);
  const prefix = uniquePrefix();
  // An attempt every 0.4 s; a felled tree back after 5 s (10 s x 0.5); a seeded random source.
  const rig = useBrowserRig({ VALKEY_KEY_PREFIX: prefix, GAME_TICK_MS: "100", NPC_RESPAWN_SCALE: "0.5", COMBAT_RNG_SEED: "4242" });

  async function adminPage(role: string): Promise<{ page: Page; errors: string[] }> {
    const { page, errors } = await rig.newPage();
    const name = `${role}${run}${n++}`;
    await register(page, rig.server.url, name);
    await adminCliAsync(prefix, "promote", name);
    return { page, errors };
  }

  it("chops a tree by clicking it: walks next to it, shows the attempts, the logs and the felled tree", async () => {
    const { page, errors } = await adminPage("chop");
    assert.equal((await send(page, "admin:give", { itemId: hatchet.id, quantity: 1 })).ok, true);
    await teleport(page, 9, 24);
    const seen = await waitForGathering(page, "the tree drawn", (v) => v.resources.some((r) => r.id === 3) && v.drawnDepleted["3"] === false);
    assert.equal(seen.resources.find((r) => r.id === 3)!.kind, "tree");

    await clickTile(page, 5, 24);
    const walked = await waitForState(page, "walked next to the tree", (s) => s.me !== null && Math.abs(s.me.x - 5) + Math.abs(s.me.y - 24) <= 1);
    assert.deepEqual([walked.me!.x, walked.me!.y], [6, 24]);
    await waitForState(page, "the HUD says so", (s) => s.hudTarget === "Gathering: Tree", 10_000);
    await snap(page, "gathering-a-tree");
    const felled = await waitForGathering(page, "a log, and the tree felled", (v) => v.attempts.some((a) => a.itemId === logs.id) && v.drawnDepleted["3"] === true);
    assert.ok(felled.attempts.every((a) => a.action === "gather" && a.resourceId === 3));
    const done = await waitForState(page, "the log in the inventory and the notice", (s) => Object.values(s.inventory).some((st) => st.itemId === logs.id) && s.notices.includes("You get Logs (+25 Woodcutting XP)."));
    assert.equal(done.skills.woodcutting?.xp, 25);
    await snap(page, "tree-felled");
    await waitForGathering(page, "the activity over", (v) => v.activity === "");

    // While it is down, another click is refused in words; then it grows back.
    await clickTile(page, 5, 24);
    await waitForState(page, "the refusal in words", (s) => s.notices.includes("There is nothing left here for now: it comes back after a while."));
    await waitForGathering(page, "the tree back", (v) => v.drawnDepleted["3"] === false, 30_000);
    assert.deepEqual(errors, []);
  });

  it("cooks shrimp by clicking the fire, through every raw shrimp carried", async () => {
    const { page, errors } = await adminPage("cook");
    assert.equal((await send(page, "admin:give", { itemId: rawShrimp.id, quantity: 2 })).ok, true);
    await teleport(page, 38, 35);
    await waitForGathering(page, "the fire drawn", (v) => v.drawnDepleted["2"] === false);
    await clickTile(page, 35, 35);
    const cooked = await waitForGathering(page, "two cooking attempts, then done", (v) => v.attempts.filter((a) => a.action === "cook").length === 2 && v.activity === "");
    assert.ok(cooked.attempts.every((a) => a.resourceId === 2 && (a.itemId === cookedShrimp.id || a.itemId === burntShrimp.id)));
    const after = await waitForState(page, "no raw shrimp left", (s) => !Object.values(s.inventory).some((st) => st.itemId === rawShrimp.id));
    const made = Object.values(after.inventory).filter((st) => st.itemId === cookedShrimp.id || st.itemId === burntShrimp.id).reduce((sum, st) => sum + st.quantity, 0);
    assert.equal(made, 2);
    assert.ok(after.notices.some((w) => w.startsWith("You get Cooked shrimp") || w.startsWith("You burn the food, leaving Burnt shrimp")), JSON.stringify(after.notices.slice(-4)));
    await snap(page, "cooked-at-the-fire");
    const state = await readState(page);
    assert.equal(Math.abs(state.me!.x - 35) + Math.abs(state.me!.y - 35), 1);
    assert.deepEqual(errors, []);
  });
});
