import assert from "node:assert/strict";
import type { GameServices } from "../../src/services/createServices.js";
import { createServices } from "../../src/services/createServices.js";
import type { GameStateManager } from "../../src/state/GameStateManager.js";
import { createOnlinePlayer, fillInventory, itemNamed, putInSlot, recordingItemFlow, serviceTestRules, testClock } from "../support/factories.js";
import { openTestStores, type TestStores } from "../support/stores.js";

describe("GatheringService (the stored side of gathering and cooking)", () => {
  let stores: TestStores;
  let gsm: GameStateManager;
  let services: GameServices;
  const flow = recordingItemFlow();
  const codeOf = (result: { ok: boolean; code?: string }) => (result.ok ? "ok" : result.code);
  const id = (name: string) => itemNamed(name).id;

  beforeEach(async () => {
    stores = await openTestStores();
    gsm = stores.newGsm({ now: testClock().now });
    services = createServices({ gsm, rules: serviceTestRules(), itemFlow: flow.flow });
    flow.clear();
  });
  afterEach(async () => stores.close());

  const online = async () => (await createOnlinePlayer(gsm, { x: 5, y: 5 })).id;

  it("puts a gathered item and its XP in one commit, onto a stack first, and counts it", async () => {
    const player = await online();
    await putInSlot(gsm, player, 3, "logs", 2);
    const before = (await gsm.readPlayer(player))!.version;
    const result = await services.gathering.gathered(player, id("logs"), "woodcutting", 100);
    assert.deepEqual(result, { ok: true, data: [{ skill: "woodcutting", level: 2 }] });
    const after = (await gsm.readPlayer(player))!;
    assert.equal(after.version, before + 1, "one commit");
    assert.deepEqual(after.inventory.get(3), { itemId: id("logs"), quantity: 3, durability: null });
    assert.deepEqual(after.skills.get("woodcutting"), { level: 2, xp: 100 });
    assert.equal(flow.created.get("gather"), 1);
  });

  it("refuses a gathered item the inventory cannot take, changing nothing", async () => {
    const player = await online();
    await fillInventory(gsm, player);
    const before = (await gsm.readPlayer(player))!.version;
    assert.equal(codeOf(await services.gathering.gathered(player, id("logs"), "woodcutting", 25)), "INVENTORY_FULL");
    assert.equal((await gsm.readPlayer(player))!.version, before);
    assert.equal(flow.created.get("gather"), undefined);
  });

  it("swaps one raw item for the cooked one with its XP in one commit, and counts both", async () => {
    const player = await online();
    await putInSlot(gsm, player, 0, "raw_shrimp", 2);
    await putInSlot(gsm, player, 5, "cooked_shrimp", 1);
    assert.deepEqual(await services.gathering.cooked(player, id("raw_shrimp"), 0, id("cooked_shrimp"), 30), { ok: true, data: [] });
    const after = (await gsm.readPlayer(player))!;
    assert.deepEqual(after.inventory.get(0), { itemId: id("raw_shrimp"), quantity: 1, durability: null });
    assert.deepEqual(after.inventory.get(5), { itemId: id("cooked_shrimp"), quantity: 2, durability: null });
    assert.equal(after.skills.get("cooking")?.xp, 30);
    assert.deepEqual([flow.created.get("cook"), flow.destroyed.get("cook")], [1, 1]);
  });

  it("burns the last raw item into its slot without XP", async () => {
    const player = await online();
    await putInSlot(gsm, player, 2, "raw_trout", 1);
    assert.equal(codeOf(await services.gathering.cooked(player, id("raw_trout"), 2, id("burnt_trout"), 0)), "ok");
    const after = (await gsm.readPlayer(player))!;
    assert.deepEqual(after.inventory.get(2), { itemId: id("burnt_trout"), quantity: 1, durability: null });
    assert.equal(after.skills.get("cooking")?.xp ?? 0, 0);
  });

  it("refuses to cook what is no longer there (ITEM_GONE) or what has no room (INVENTORY_FULL)", async () => {
    const player = await online();
    assert.equal(codeOf(await services.gathering.cooked(player, id("raw_shrimp"), 0, id("cooked_shrimp"), 30)), "ITEM_GONE");
    await putInSlot(gsm, player, 0, "raw_shrimp", 5);
    await fillInventory(gsm, player);
    assert.equal(codeOf(await services.gathering.cooked(player, id("raw_shrimp"), 0, id("cooked_shrimp"), 30)), "INVENTORY_FULL");
    assert.equal((await gsm.readPlayer(player))!.inventory.get(0)?.quantity, 5);
    assert.equal(flow.destroyed.get("cook"), undefined);
  });
});
