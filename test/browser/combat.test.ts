import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import { itemByName } from "../../src/content/itemCatalogue.js";
import { loadMaps } from "../../src/content/loadMaps.js";
import { manhattan } from "../../src/services/rules/distance.js";
import { xpForLevel } from "../../src/services/rules/xpTable.js";
import { uniquePrefix } from "../support/stores.js";
import { adminCliAsync, snap, useBrowserRig } from "./browserSupport.js";
import { clickCharacter, clickTile, readState, register, sendFromPage as send, waitForState, type PageState } from "./pageState.js";

const maps = loadMaps();
const town = maps.get("town")!;
const forest = maps.get("forest")!;
const bread = itemByName("bread")!;
const bones = itemByName("bones")!;
const dagger = itemByName("copper_dagger")!;
const shield = itemByName("wooden_shield")!;
const run = randomBytes(3).toString("hex");
let n = 0;
const uniqueName = (role: string) => `${role}${run}${n++}`;
const RESPAWN_DELAY_MS = 3_000;

const slotOf = (s: PageState, itemId: number) => Object.entries(s.inventory).find(([, st]) => st.itemId === itemId)?.[0];

describe("browser client: combat and the living world (chromium)", function () {
  this.timeout(120_000);
  const prefix = uniquePrefix();
  // A fast world: swings every 0.4 s; a seeded random source; a short respawn to count down; ground
  // items gone within 30 s (the test servers share PostgreSQL, where ground items outlive a server); no
  // regeneration to blur what eating heals.
  const rig = useBrowserRig({
    VALKEY_KEY_PREFIX: prefix, GAME_TICK_MS: "100", RESPAWN_DELAY_MS: String(RESPAWN_DELAY_MS), COMBAT_RNG_SEED: "12345",
    GROUND_ITEM_TIMER_SCALE: "0.25", HP_REGEN_INTERVAL_MS: "3600000",
  });

  /**
   * A new player in the world, being made an admin (`npm run admin -- promote`, in the background) for the
   * test's shortcuts: `promoted` resolves once the role is given.
   */
  async function adminPlayer(role: string): Promise<{ page: Page; errors: string[]; start: PageState; promoted: Promise<unknown> }> {
    const { page, errors } = await rig.newPage();
    const name = uniqueName(role);
    const start = await register(page, rig.server.url, name);
    const promoted = adminCliAsync(prefix, "promote", name);
    promoted.catch(() => undefined);
    return { page, errors, start, promoted };
  }

  it("kills an NPC by clicking it, with hit numbers, a level-up of the style's skill, and takes its drop by clicking it", async () => {
    const { page, errors, start, promoted } = await adminPlayer("fight");
    assert.equal(start.rules?.respawnDelayMs, RESPAWN_DELAY_MS, "the client has the server's rules (GET /rules)");
    assert.equal(start.rules?.gameTickMs, 100);
    const visible = await waitForState(page, "the NPCs of the town in view", (s) => s.npcs.some((npc) => npc.kind === "rat") && s.npcs.some((npc) => npc.kind === "villager"));

    // A peaceful NPC: the server refuses, the client says why in words.
    const villager = visible.npcs.find((npc) => npc.kind === "villager")!;
    await clickCharacter(page, "npc", villager.id);
    await waitForState(page, "the villager's refusal in words", (s) => s.notices.includes("The Villager is peaceful: it cannot be attacked."));

    // The style: aggressive trains strength; 80 XP leaves one hit to level 2.
    await page.keyboard.press("c");
    assert.equal(await page.isVisible("#combat-panel"), true);
    await page.click('#combat-panel [data-style="aggressive"]');
    await waitForState(page, "the aggressive style, stored and shown", (s) => s.combatStyle === "aggressive" && s.shownStyle === "aggressive");
    await promoted;
    assert.equal((await send(page, "admin:xp", { skill: "strength", xp: 80 })).ok, true);
    // A sure win over a rat: attack and defence 20, the starter dagger and shield worn (a click equips).
    for (const skill of ["attack", "defence"]) assert.equal((await send(page, "admin:xp", { skill, xp: xpForLevel(20) })).ok, true);
    await page.keyboard.press("i");
    for (const item of [dagger, shield]) {
      await page.click(`.inventory-grid [data-slot="${slotOf(await readState(page), item.id)!}"]`);
      await waitForState(page, `${item.name} worn`, (s) => Object.values(s.equipment).some((st) => st.itemId === item.id));
    }

    const me = visible.me!;
    const rat = visible.npcs.filter((npc) => npc.kind === "rat").sort((a, b) => manhattan(me, a) - manhattan(me, b) || a.id - b.id)[0]!;
    await clickCharacter(page, "npc", rat.id);
    await waitForState(page, "the rat fought", (s) => s.target?.type === "npc" && s.target.id === rat.id && /^Fighting the Rat \(level 2\)/.test(s.hudTarget), 20_000);
    await waitForState(page, "a hit number over the rat", (s) => s.liveSplats > 0 && s.splats.some((sp) => sp.targetKey === `npc:${rat.id}`));
    // The first blow that deals damage gives 4 strength XP: level 2, in a banner and a system line of the chat.
    const levelUp = "Level up: your Strength level is now 2.";
    await waitForState(page, "the level-up announced", (s) => s.skills.strength?.level === 2 && s.banners.includes(levelUp) && s.chat.some((l) => l.kind === "system" && l.text === levelUp), 20_000);
    await snap(page, "fighting-a-rat-level-up");
    const won = await waitForState(page, "the rat dead, the fight over", (s) => !s.npcs.some((npc) => npc.id === rat.id) && s.target === null, 30_000);
    assert.ok(won.notices.includes("You defeated the Rat."), JSON.stringify(won.notices));
    assert.equal(won.me!.dead, false);

    // Every swing the client heard of is shown as a number over its target; a miss as a 0 of its own look.
    const ratHits = won.hits.filter((h) => h.targetType === "npc" && h.targetId === rat.id);
    assert.ok(ratHits.length >= 1 && ratHits.at(-1)!.hp === 0, JSON.stringify(ratHits));
    const ratSplats = won.splats.filter((sp) => sp.targetKey === `npc:${rat.id}`);
    assert.deepEqual(ratSplats.map((sp) => sp.text), ratHits.map((h) => String(h.damage)));
    assert.deepEqual(ratSplats.map((sp) => sp.kind), ratHits.map((h) => (h.damage > 0 ? "hit" : "miss")));
    const onMe = won.hits.filter((h) => h.targetType === "player" && h.targetId === me.id);
    assert.deepEqual(won.splats.filter((sp) => sp.targetKey === `player:${me.id}`).map((sp) => sp.text), onMe.map((h) => String(h.damage)));
    await snap(page, "rat-killed");

    // The drop: bones on the rat's last tile, for this player; a click walks there and picks them up.
    const drop = await waitForState(page, "the rat's bones on the ground", (s) => s.ground.some((g) => g.itemId === bones.id));
    const pile = drop.ground.find((g) => g.itemId === bones.id)!;
    await clickTile(page, pile.x, pile.y);
    const looted = await waitForState(page, "the bones picked up", (s) => slotOf(s, bones.id) !== undefined && !s.ground.some((g) => g.id === pile.id), 20_000);
    assert.deepEqual([looted.me!.x, looted.me!.y], [pile.x, pile.y]);
    assert.ok(looted.notices.includes("You pick up Bones."), JSON.stringify(looted.notices.slice(-5)));
    await snap(page, "drop-picked-up");

    // The keyboard alone: F goes for the nearest NPC that may be attacked, Esc stops.
    await page.locator("#game canvas").focus().catch(() => undefined);
    await page.keyboard.press("f");
    const going = await waitForState(page, "F going for an NPC", (s) => s.focus?.type === "npc");
    const chosen = going.npcs.find((npc) => npc.id === going.focus!.id)!;
    assert.notEqual(chosen.kind, "villager");
    await page.keyboard.press("Escape");
    await waitForState(page, "the fight stopped", (s) => s.focus === null);
    assert.deepEqual(errors, []);
  });

  it("fights another player inside the forest's PvP area by clicking them; both see the hits", async () => {
    const a = await adminPlayer("pvpA");
    const b = await adminPlayer("pvpB");
    await Promise.all([a.promoted, b.promoted]);
    const arena = forest.pvpAreas[0]!;
    const spots = [{ x: arena.x + 3, y: arena.y + 2 }, { x: arena.x + 5, y: arena.y + 2 }];
    for (const [i, { page }] of [a, b].entries()) {
      assert.equal((await send(page, "admin:teleport", { ...spots[i]!, mapId: "forest" })).ok, true);
    }
    const idA = a.start.me!.id;
    const idB = b.start.me!.id;
    for (const { page } of [a, b]) {
      await waitForState(page, "both players in the arena", (s) => s.shownMapId === "forest" && s.following && s.players.filter((p) => p.id === idA || p.id === idB).length === 2);
    }
    await clickCharacter(a.page, "player", idB);
    await waitForState(a.page, "A fighting B", (s) => s.target?.type === "player" && s.target.id === idB, 20_000);
    const seenByA = await waitForState(a.page, "A's swings at B", (s) => s.hits.filter((h) => h.attackerId === idA && h.targetId === idB).length >= 2);
    assert.ok(seenByA.splats.some((sp) => sp.targetKey === `player:${idB}`));
    await waitForState(b.page, "B sees A's swings at B", (s) => s.hits.some((h) => h.attackerType === "player" && h.attackerId === idA && h.targetType === "player" && h.targetId === idB));
    await snap(a.page, "pvp-A-fights-B");
    await a.page.keyboard.press("Escape");
    await waitForState(a.page, "the fight stopped", (s) => s.focus === null);
    assert.deepEqual([...a.errors, ...b.errors], []);
  });

  it("eats food from the inventory, then dies: a dimmed screen counts down to the respawn", async () => {
    const { page, errors, start, promoted } = await adminPlayer("eat");
    const me = start.me!;
    await promoted;
    assert.equal((await send(page, "admin:damage", { amount: 5 })).ok, true);
    const hurt = await waitForState(page, "5 HP lost", (s) => s.me!.hp === me.maxHp - 5);
    const breadSlot = slotOf(hurt, bread.id)!;
    const breads = hurt.inventory[breadSlot]!.quantity;
    // Two clicks in a row: one bread eaten, the second refused by the eating cooldown, in words.
    await page.click(`.inventory-grid [data-slot="${breadSlot}"]`);
    await page.click(`.inventory-grid [data-slot="${breadSlot}"]`);
    const fed = await waitForState(page, "the bread eaten", (s) => s.me!.hp === hurt.me!.hp + bread.heals! && s.inventory[breadSlot]?.quantity === breads - 1);
    assert.ok(fed.notices.includes(`You eat the Bread: +${bread.heals} HP.`), JSON.stringify(fed.notices));
    assert.ok(fed.splats.some((sp) => sp.targetKey === `player:${me.id}` && sp.kind === "heal" && sp.text === `+${bread.heals}`));
    await waitForState(page, "the eating cooldown in words", (s) => s.notices.some((w) => /^You are still eating: wait [\d.]+ s\.$/.test(w)));
    assert.equal((await readState(page)).inventory[breadSlot]?.quantity, breads - 1, "one bread eaten, not two");
    await snap(page, "ate-bread");

    // Off the paths other tests walk: what the player carried stays on the ground for a while.
    const graveyard = { x: town.spawn.x + 6, y: town.spawn.y + 4 };
    assert.equal(town.isBlocked(graveyard.x, graveyard.y), false);
    assert.equal((await send(page, "admin:teleport", graveyard)).ok, true);
    await waitForState(page, "at the graveyard", (s) => s.me!.x === graveyard.x && s.me!.y === graveyard.y && s.settled);
    assert.equal((await send(page, "admin:damage", { amount: 1_000 })).ok, true);
    const dead = await waitForState(page, "the death screen", (s) => s.death.visible && /^Respawning in \d\.\d s$/.test(s.death.countdown));
    const first = Number(/(\d\.\d)/.exec(dead.death.countdown)![1]);
    assert.ok(first <= RESPAWN_DELAY_MS / 1000 && first >= RESPAWN_DELAY_MS / 1000 - 1, dead.death.countdown);
    assert.equal(await page.isVisible("#death-screen"), true);
    await snap(page, "dead-countdown");
    await page.waitForTimeout(800);
    const later = await readState(page);
    assert.ok(later.death.visible && Number(/(\d\.\d)/.exec(later.death.countdown)?.[1] ?? "0") < first, `${first} then ${later.death.countdown}`);
    await page.keyboard.press("ArrowDown");

    const back = await waitForState(page, "the respawn", (s) => !s.death.visible && s.me!.hp === s.me!.maxHp && s.me!.x === town.spawn.x && s.me!.y === town.spawn.y, 10_000);
    assert.ok(back.ground.some((g) => g.x === graveyard.x && g.y === graveyard.y), "what the player carried lies where it fell");
    assert.ok(back.notices.includes("You respawned with full HP."));
    assert.ok(!back.notices.includes("You are dead: wait until you respawn."), "no move was sent while dead");
    assert.equal(await page.isVisible("#death-screen"), false);
    await snap(page, "respawned");
    assert.deepEqual(errors, []);
  });
});
