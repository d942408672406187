import assert from "node:assert/strict";
import { boothAt, boothInReach, quantityWords, tradeNewsWords, withinGoal } from "../../client/src/logic/economyPlan.js";

describe("client: bank, shop and trade plans (economyPlan)", () => {
  it("aims within a reach counted in Chebyshev tiles around a place that may move", () => {
    let at: { x: number; y: number } | null = { x: 10, y: 10 };
    const goal = withinGoal("the Shopkeeper", () => at, 2);
    assert.equal(goal.label, "the Shopkeeper");
    assert.equal(goal.isGoal(12, 12), true);
    assert.equal(goal.isGoal(13, 10), false);
    at = { x: 12, y: 10 };
    assert.equal(goal.isGoal(13, 10), true);
    at = null;
    assert.equal(goal.isGoal(12, 10), false);
  });

  it("finds the booth on a clicked tile, and whether one is in reach", () => {
    const booths = [{ x: 28, y: 29 }, { x: 29, y: 29 }];
    assert.deepEqual(boothAt(booths, 29, 29), { x: 29, y: 29 });
    assert.equal(boothAt(booths, 30, 29), null);
    assert.equal(boothInReach(booths, { x: 30, y: 30 }, 1), true);
    assert.equal(boothInReach(booths, { x: 31, y: 30 }, 1), false);
    assert.equal(boothInReach([], { x: 28, y: 29 }, 1), false);
  });

  it("says a quantity of an item in words", () => {
    assert.equal(quantityWords("Logs", 1), "Logs");
    assert.equal(quantityWords("Coins", 12_500), "12,500 x Coins");
  });

  it("says how a trade ended, and why a completion was refused, in words; nothing for an offer", () => {
    const bob = { id: 2, username: "bob" };
    assert.equal(tradeNewsWords({ state: "completed", with: bob }), "The trade with bob is done.");
    assert.equal(tradeNewsWords({ state: "cancelled", with: bob, reason: "CANCELLED" }), "The trade with bob was cancelled.");
    assert.match(tradeNewsWords({ state: "cancelled", with: bob, reason: "TOO_FAR" })!, /too far apart/);
    assert.match(tradeNewsWords({ state: "cancelled", with: bob, reason: "DEAD" })!, /died/);
    assert.match(tradeNewsWords({ state: "cancelled", with: bob, reason: "LEFT" })!, /bob left/);
    assert.match(tradeNewsWords({ state: "open", with: bob, reason: "ITEM_GONE" })!, /no longer there/);
    assert.match(tradeNewsWords({ state: "open", with: bob, reason: "INVENTORY_FULL" })!, /no room/);
    assert.match(tradeNewsWords({ state: "open", with: bob, reason: "UNAVAILABLE" })!, /nothing moved/);
    assert.equal(tradeNewsWords({ state: "open", with: bob }), null);
  });
});
