import assert from "node:assert/strict";
import type { GameServices } from "../../src/services/createServices.js";
import { createServices } from "../../src/services/createServices.js";
import type { ItemFlow } from "../../src/services/ItemFlow.js";
import type { GameStateManager } from "../../src/state/GameStateManager.js";
import { createOnlinePlayer, itemNamed, putInSlot, serviceTestRules, testClock } from "../support/factories.js";
import { openTestStores, type TestStores } from "../support/stores.js";

describe("CombatService, FoodService and NPC drops (stored side of combat)", () => {
  let stores: TestStores;
  let gsm: GameStateManager;
  let services: GameServices;
  const flow = { created: new Map<string, number>(), destroyed: new Map<string, number>() };
  const itemFlow: ItemFlow = {
    created: (source, quantity) => flow.created.set(source, (flow.created.get(source) ?? 0) + quantity),
    destroyed: (sink, quantity) => flow.destroyed.set(sink, (flow.destroyed.get(sink) ?? 0) + quantity),
  };
  const rules = serviceTestRules();
  const codeOf = (result: { ok: boolean; code?: string }) => (result.ok ? "ok" : result.code);

  beforeEach(async () => {
    stores = await openTestStores();
    gsm = stores.newGsm({ now: testClock().now });
    services = createServices({ gsm, rules, itemFlow });
    flow.created.clear();
    flow.destroyed.clear();
  });
  afterEach(async () => stores.close());

  const online = async (at: { x: number; y: number } = { x: 5, y: 5 }) =>
    (await createOnlinePlayer(gsm, at, { maxHp: services.hp.computeMaxHp })).id;

  describe("an NPC's hit on a player", () => {
    it("lowers HP in one commit, capped by the player's current HP", async () => {
      const id = await online();
      const before = (await gsm.readPlayer(id))!.version;
      assert.deepEqual(await services.combat.npcHitsPlayer(id, 4), {
        ok: true, data: { damage: 4, hp: { currentHp: 6, maxHp: 10 }, died: false, groundItemIds: [], levelUps: [] },
      });
      assert.equal((await gsm.readPlayer(id))!.version, before + 1, "one commit");
      const miss = await services.combat.npcHitsPlayer(id, 0);
      assert.ok(miss.ok && miss.data.damage === 0);
      assert.equal((await gsm.readPlayer(id))!.version, before + 1, "a miss writes nothing");
    });

    it("kills at 0 HP with the death sequence in the same commit", async () => {
      const id = await online();
      await putInSlot(gsm, id, 0, "bread", 3);
      const result = await services.combat.npcHitsPlayer(id, 25);
      assert.ok(result.ok);
      assert.equal(result.data.damage, 10, "capped at the 10 HP left");
      assert.equal(result.data.died, true);
      assert.equal(result.data.groundItemIds.length, 1);
      const after = (await gsm.readPlayer(id))!;
      assert.equal(after.hp.currentHp, 0);
      assert.notEqual(after.respawnAtMs, null);
      assert.equal(after.inventory.size, 0);
      assert.equal(codeOf(await services.combat.npcHitsPlayer(id, 1)), "DEAD");
    });
  });

  describe("a player's swing at an NPC", () => {
    it("gives 4 XP per damage to the style's skill and floor(4d/3) hitpoints, reporting level-ups", async () => {
      const id = await online();
      assert.deepEqual(await services.combat.swingXp(id, "aggressive", 3), { ok: true, data: [] });
      let skills = (await gsm.readPlayer(id))!.skills;
      assert.deepEqual([skills.get("strength")?.xp, skills.get("hitpoints")?.xp], [12, 1154 + 4]);
      // 83 XP is attack level 2: 21 damage (84 XP) crosses it.
      assert.deepEqual(await services.combat.swingXp(id, "accurate", 21), { ok: true, data: [{ skill: "attack", level: 2 }] });
      skills = (await gsm.readPlayer(id))!.skills;
      assert.deepEqual([skills.get("attack")?.xp, skills.get("hitpoints")?.xp], [84, 1154 + 4 + 28]);
    });

    it("raises max HP in the same commit when hitpoints levels up", async () => {
      const id = await online();
      // Hitpoints 10 -> 11 at 1,358 XP: 204 more, from floor(4d/3) with d = 153.
      const result = await services.combat.swingXp(id, "defensive", 153);
      assert.ok(result.ok);
      assert.ok(result.data.some((l) => l.skill === "hitpoints" && l.level === 11));
      assert.deepEqual((await gsm.readPlayer(id))!.hp, { currentHp: 10, maxHp: 11 });
    });
  });

  describe("player against player", () => {
    it("commits the target's HP and the attacker's XP together, guarded by both", async () => {
      const attacker = await online();
      const target = await online({ x: 6, y: 5 });
      const result = await services.combat.playerHitsPlayer(attacker, target, "accurate", 3);
      assert.deepEqual(result, { ok: true, data: { damage: 3, hp: { currentHp: 7, maxHp: 10 }, died: false, groundItemIds: [], levelUps: [] } });
      assert.equal((await gsm.readPlayer(attacker))!.skills.get("attack")?.xp, 12);
      assert.equal((await gsm.readPlayer(target))!.hp.currentHp, 7);
    });

    it("caps the damage (and the XP) at the target's HP and runs its death", async () => {
      const attacker = await online();
      const target = await online({ x: 6, y: 5 });
      const result = await services.combat.playerHitsPlayer(attacker, target, "aggressive", 40);
      assert.ok(result.ok);
      assert.deepEqual([result.data.damage, result.data.died], [10, true]);
      assert.equal((await gsm.readPlayer(attacker))!.skills.get("strength")?.xp, 40);
      assert.equal(codeOf(await services.combat.playerHitsPlayer(attacker, target, "aggressive", 1)), "DEAD");
    });
  });

  it("saves the combat style", async () => {
    const id = await online();
    assert.equal(codeOf(await services.combat.setStyle(id, "defensive")), "ok");
    assert.equal((await gsm.readPlayer(id))!.combatStyle, "defensive");
  });

  describe("eating", () => {
    it("uses up one food and heals up to max HP, in one commit", async () => {
      const id = await online();
      await putInSlot(gsm, id, 4, "cooked_trout", 2);
      await services.combat.npcHitsPlayer(id, 5);
      assert.deepEqual(await services.food.eat(id, 4), { ok: true, data: { healed: 5 } }, "trout heals 7, capped at max");
      const after = (await gsm.readPlayer(id))!;
      assert.deepEqual([after.hp.currentHp, after.inventory.get(4)?.quantity], [10, 1]);
      assert.deepEqual(await services.food.eat(id, 4), { ok: true, data: { healed: 0 } }, "eaten at full HP");
      assert.equal((await gsm.readPlayer(id))!.inventory.has(4), false);
      assert.equal(flow.destroyed.get("eat"), 2);
    });

    it("refuses a bad slot, an empty slot and what cannot be eaten", async () => {
      const id = await online();
      await putInSlot(gsm, id, 1, "copper_dagger");
      assert.equal(codeOf(await services.food.eat(id, 28)), "INVALID_SLOT");
      assert.equal(codeOf(await services.food.eat(id, 2)), "SLOT_EMPTY");
      assert.equal(codeOf(await services.food.eat(id, 1)), "NOT_EDIBLE");
      assert.equal(flow.destroyed.get("eat"), undefined);
    });
  });

  describe("drops", () => {
    it("creates one protected ground item per stack in one commit, counted as created by drops", async () => {
      const bones = itemNamed("bones");
      const sword = itemNamed("iron_sword");
      const created = await services.groundItems.createDrops({ mapId: "forest", x: 3, y: 4 }, 77, [
        { itemId: bones.id, quantity: 1 },
        { itemId: sword.id, quantity: 1 },
      ]);
      assert.equal(created.length, 2);
      const items = await gsm.getMapGroundItems("forest");
      assert.deepEqual([...items].sort((a, b) => a.id - b.id), [...created].sort((a, b) => a.id - b.id), "returned as stored");
      const byItem = new Map(items.map((i) => [i.itemId, i]));
      assert.deepEqual([byItem.get(bones.id)?.droppedBy, byItem.get(bones.id)?.x, byItem.get(bones.id)?.y], [77, 3, 4]);
      assert.equal(byItem.get(sword.id)?.durability, sword.maxDurability);
      assert.equal(flow.created.get("drop"), 2);
    });

    it("counts grants", async () => {
      const id = await online();
      await services.inventory.addItem(id, itemNamed("coins").id, 40);
      assert.equal(flow.created.get("grant"), 40);
    });
  });
});
