import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { npcKindByName } from "../../src/content/npcKinds.js";
import { chebyshev } from "../../src/services/rules/distance.js";
import { itemNamed } from "../support/factories.js";
import { engage, fighter, npcIn, patiently, place, spawn, type Fighter } from "../support/combat.js";
import { command, joinMap, personalIn, playerIn, registerPlayer, startTestServer, waitFor, type TestServer } from "../support/server.js";

/**
 * Melee combat through real SDK clients on a real server with a 50 ms tick: NPC fights, XP, drops and their
 * protection, aggression, death by an NPC and respawn, eating. Players are placed by an admin's teleports in
 * an open meadow of the town, away from its animals.
 */
describe("MapRoom: combat with NPCs", function () {
  this.timeout(60_000);
  let server: TestServer;
  const admins = Array.from({ length: 8 }, (_, i) => `cb${randomBytes(3).toString("hex")}_${i}`);
  let nextAdmin = 0;
  const MEADOW = { x: 40, y: 38 };

  before(async () => {
    server = await startTestServer({
      GAME_TICK_MS: "50",
      NPC_RESPAWN_SCALE: "0.02",
      GROUND_ITEM_TIMER_SCALE: "0.1",
      RESPAWN_DELAY_MS: "500",
      COMBAT_RNG_SEED: "7",
      ADMIN_USERNAMES: admins.join(","),
    });
  });
  after(async () => server.close());

  async function join(admin = false): Promise<Fighter> {
    const player = await registerPlayer(server, admin ? admins[nextAdmin++] : undefined);
    return fighter(player, await joinMap(player));
  }

  const skill = (f: Fighter, name: string) => personalIn(f.room, f.id).skills.get(name)!;

  it("lets a player kill an NPC, showing every hit, granting exactly the XP of the damage, and protecting its drops", async () => {
    const a = await join(true);
    const b = await join();
    // Strength and defence 20: the fight ends in a few swings, and the cow cannot win it.
    for (const name of ["strength", "defence"]) assert.equal((await patiently(a.room, "admin:xp", { skill: name, xp: 4_470 })).ok, true);
    await place(a, MEADOW.x, MEADOW.y);
    await place(a, MEADOW.x, MEADOW.y + 2, b);
    const cow = await spawn(a, "cow", MEADOW.x + 1, MEADOW.y);
    await engage(a, cow);
    await waitFor(() => a.hits.some((h) => h.targetId === cow && h.targetType === "npc" && h.hp === 0), "the cow's death", 30_000);
    await waitFor(() => !a.room.state.npcs.has(String(cow)) && !b.room.state.npcs.has(String(cow)), "the cow gone for both");

    const mine = a.hits.filter((h) => h.attackerType === "player" && h.attackerId === a.id && h.targetId === cow);
    assert.ok(mine.length >= 3, `${mine.length} swings (a max hit of 3 against 8 HP)`);
    assert.equal(mine.reduce((sum, h) => sum + h.damage, 0), 8, "the damage adds up to the cow's 8 HP");
    assert.equal(mine.at(-1)!.hp, 0);
    for (const [i, h] of mine.entries()) assert.equal(h.maxHp, 8, `swing ${i}`);
    const seenByB = b.hits.filter((h) => h.attackerType === "player" && h.targetId === cow);
    assert.deepEqual(seenByB, mine, "a nearby player sees the same hits");

    const xpAttack = mine.reduce((sum, h) => sum + 4 * h.damage, 0);
    const xpHitpoints = mine.reduce((sum, h) => sum + Math.floor((4 * h.damage) / 3), 0);
    await waitFor(() => skill(a, "attack").xp === xpAttack && skill(a, "hitpoints").xp === 1154 + xpHitpoints, "the swings' XP");
    assert.equal(skill(a, "strength").xp, 4_470, "accurate: no strength XP");

    // The drops: bones and cowhide on the cow's last tile, protected for the killer.
    const bones = itemNamed("bones").id;
    const cowhide = itemNamed("cowhide").id;
    await waitFor(() => [...a.room.state.groundItems.values()].filter((g) => g.itemId === bones || g.itemId === cowhide).length === 2, "the drops");
    const drops = [...a.room.state.groundItems.values()].filter((g) => g.itemId === bones || g.itemId === cowhide);
    const [dropX, dropY] = [drops[0]!.x, drops[0]!.y];
    assert.ok(drops.every((g) => g.x === dropX && g.y === dropY));
    await place(a, dropX, dropY, b);
    assert.equal([...b.room.state.groundItems.values()].some((g) => g.itemId === bones), false, "b cannot see it yet");
    const bonesId = drops.find((g) => g.itemId === bones)!.id;
    const hideId = drops.find((g) => g.itemId === cowhide)!.id;
    const early = await patiently(b.room, "ground:pickup", { id: bonesId });
    assert.equal(early.code, "NOT_FOUND");
    await place(a, dropX, dropY);
    assert.deepEqual((await patiently(a.room, "ground:pickup", { id: hideId })).data, { quantity: 1, remaining: 0 });
    // Bones are poor: protected for 30 s x 0.1; then b sees them and may take them.
    await waitFor(() => b.room.state.groundItems.has(String(bonesId)), "the bones public", 6_000);
    assert.deepEqual((await patiently(b.room, "ground:pickup", { id: bonesId })).data, { quantity: 1, remaining: 0 });
    await waitFor(() => [...personalIn(b.room, b.id).inventory.values()].some((s) => s.itemId === bones), "bones in b's inventory");
  });

  it("lets an aggressive NPC attack a low-level player, never one of more than twice its level", async () => {
    const strong = await join(true);
    for (const name of ["attack", "strength", "defence", "hitpoints"]) {
      assert.equal((await patiently(strong.room, "admin:xp", { skill: name, xp: 13_034_431 })).ok, true);
    }
    await waitFor(() => playerIn(strong.room, strong.id).combatLevel === 113, "combat level 113");
    const weak = await join();
    await place(strong, MEADOW.x + 10, MEADOW.y);
    await place(strong, MEADOW.x + 10, MEADOW.y + 4, weak);
    const goblin = await spawn(strong, "goblin", MEADOW.x + 10, MEADOW.y + 2);
    await waitFor(() => weak.hits.some((h) => h.attackerType === "npc" && h.attackerId === goblin), "the goblin's first swing", 10_000);
    const byGoblin = [...strong.hits, ...weak.hits].filter((h) => h.attackerType === "npc" && h.attackerId === goblin);
    assert.ok(byGoblin.every((h) => h.targetType === "player" && h.targetId === weak.id));
    const swing = weak.hits.find((h) => h.attackerId === goblin)!;
    assert.equal(swing.maxHp, 10);
    await waitFor(() => playerIn(weak.room, weak.id).hp === weak.hits.filter((h) => h.attackerId === goblin).at(-1)!.hp, "hp as the hits say");
  });

  it("kills a player who stays in a troll's reach, drops everything, and respawns at the spawn with full HP", async () => {
    const admin = await join(true);
    const victim = await join();
    await place(admin, MEADOW.x - 10, MEADOW.y - 2); // beyond the troll's aggression radius of 4
    await place(admin, MEADOW.x - 10, MEADOW.y + 6, victim);
    const troll = await spawn(admin, "troll", MEADOW.x - 10, MEADOW.y + 4);
    await waitFor(() => victim.hits.some((h) => h.attackerId === troll && h.hp === 0), "the fatal hit", 20_000);
    await waitFor(() => playerIn(victim.room, victim.id).dead, "shown dead");
    assert.equal(personalIn(victim.room, victim.id).inventory.size, 0, "everything dropped");
    const death = victim.hits.filter((h) => h.attackerId === troll);
    const fatal = death.findIndex((h) => h.hp === 0);
    assert.equal(fatal, death.length - 1, "no swing after the death");
    await waitFor(() => !playerIn(victim.room, victim.id).dead, "respawned", 5_000);
    const me = playerIn(victim.room, victim.id);
    assert.deepEqual([me.x, me.y, me.hp, me.maxHp], [32, 32, 10, 10]);
    const swingsAtDeath = victim.hits.filter((h) => h.attackerId === troll).length;
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(victim.hits.filter((h) => h.attackerId === troll).length, swingsAtDeath, "the troll stopped");
    // Home again, the troll wanders (radius 2) around its spawn point: it is back once it is in that area.
    const home = { x: MEADOW.x - 10, y: MEADOW.y + 4 };
    await waitFor(() => {
      const npc = admin.room.state.npcs.get(String(troll));
      return npc !== undefined && chebyshev(npc, home) <= npcKindByName("troll")!.wanderRadiusTiles && npc.hp === npc.maxHp;
    }, "the troll back around its spawn point at full HP", 15_000);
  });

  it("cancels the player's attack when the player moves, even onto the target's tile", async () => {
    const a = await join(true);
    await place(a, MEADOW.x, MEADOW.y - 6);
    const cow = await spawn(a, "cow", MEADOW.x + 1, MEADOW.y - 6);
    await engage(a, cow);
    const npc = npcIn(a.room, cow);
    const me = playerIn(a.room, a.id);
    const dir = npc.x > me.x ? "right" : npc.x < me.x ? "left" : npc.y > me.y ? "down" : "up";
    const moved = await patiently(a.room, "move", { dir });
    assert.equal(moved.ok, true);
    const swings = () => a.hits.filter((h) => h.attackerType === "player" && h.attackerId === a.id).length;
    const before = swings();
    await new Promise((r) => setTimeout(r, 600)); // 12 ticks: three swings' worth
    assert.equal(swings(), before);
    assert.deepEqual((await command(a.room, "attack:stop")).ok, true);
  });

  it("tells the player when a swing's XP brings a new level", async () => {
    const a = await join(true);
    assert.equal((await patiently(a.room, "admin:xp", { skill: "attack", xp: 80 })).ok, true); // 3 short of level 2
    await place(a, MEADOW.x + 4, MEADOW.y - 6);
    const cow = await spawn(a, "cow", MEADOW.x + 5, MEADOW.y - 6);
    await engage(a, cow);
    await waitFor(() => a.levelUps.some((l) => l.skill === "attack" && l.level === 2), "levelUp attack 2", 20_000);
    assert.equal(skill(a, "attack").level, 2);
    assert.ok(a.hits.some((h) => h.attackerId === a.id && h.damage > 0));
  });

  it("heals by eating one food, with its own cooldown, and refuses what is not food", async () => {
    const admin = await join(true);
    const eater = await join();
    assert.equal((await patiently(admin.room, "admin:damage", { amount: 5, username: eater.username })).ok, true);
    await waitFor(() => playerIn(eater.room, eater.id).hp === 5, "damaged");
    assert.equal((await command(eater.room, "eat", { slot: 0 })).code, "NOT_EDIBLE");
    assert.equal((await command(eater.room, "eat", { slot: 9 })).code, "SLOT_EMPTY");
    assert.equal((await command(eater.room, "eat", { slot: 28 })).code, "INVALID_SLOT");
    const eaten = await command(eater.room, "eat", { slot: 3 });
    assert.deepEqual([eaten.ok, eaten.data], [true, { healed: 2 }]);
    assert.equal(playerIn(eater.room, eater.id).hp, 7);
    assert.equal(personalIn(eater.room, eater.id).inventory.get("3")!.quantity, 4);
    const again = await command(eater.room, "eat", { slot: 3 });
    assert.equal(again.code, "RATE_LIMITED");
    assert.ok(again.retryAfterMs! > 1_000 && again.retryAfterMs! <= 1_800, `${again.retryAfterMs}`);
  });

  it("saves the combat style and shows it to its player only", async () => {
    const a = await join();
    const b = await join();
    assert.equal(personalIn(a.room, a.id).combatStyle, "accurate");
    assert.equal((await command(a.room, "combat:style", { style: "defensive" })).ok, true);
    assert.equal(personalIn(a.room, a.id).combatStyle, "defensive");
    assert.equal((await server.runtime.gsm!.readPlayer(a.id))!.combatStyle, "defensive");
    assert.deepEqual([...b.room.state.personal.keys()], [String(b.id)]);
    assert.equal((await command(a.room, "combat:style", { style: "berserk" })).code, "INVALID_PAYLOAD");
  });
});
