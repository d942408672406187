import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import { itemByName } from "../../src/content/itemCatalogue.js";
import { uniquePrefix } from "../support/stores.js";
import { adminCliAsync, snap, useBrowserRig } from "./browserSupport.js";
import { clickCharacter, clickTile, readState, register, sendFromPage as send, teleport, waitForState, type PageState } from "./pageState.js";

const run = randomBytes(3).toString("hex");
let n = 0;
const coins = itemByName("coins")!;
const bread = itemByName("bread")!;

/** How many of an item the inventory (or the bank) holds. */
function count(stacks: Record<string, { itemId: number; quantity: number }>, itemId: number): number {
  return Object.values(stacks).reduce((sum, s) => sum + (s.itemId === itemId ? s.quantity : 0), 0);
}

function slotOf(state: PageState, itemId: number): number {
  const found = Object.entries(state.inventory).find(([, s]) => s.itemId === itemId);
  if (!found) throw new Error(`no item ${itemId} in ${JSON.stringify(state.inventory)}`);
  return Number(found[0]);
}

/** The player's bank as the room state has it. */
function readBank(page: Page): Promise<Record<string, { itemId: number; quantity: number }>> {
  return page.evaluate(`(() => { const out = {}; globalThis.rpg.personal()?.bank.forEach((s, k) => (out[k] = { itemId: s.itemId, quantity: s.quantity })); return out; })()`);
}

async function waitFor<T>(what: string, read: () => Promise<T>, check: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (check(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
}

const visible = (page: Page, selector: string) => page.waitForSelector(selector, { state: "visible", timeout: 15_000 });

/** Answers the open quantity form of a window with `quantity`. */
async function answerQuantity(page: Page, windowId: string, quantity: number): Promise<void> {
  await visible(page, `#${windowId} .quantity-form input`);
  await page.fill(`#${windowId} .quantity-form input`, String(quantity));
  await page.click(`#${windowId} .quantity-form button.ok`);
}

/**
 * The bank, the shops and trade as a player uses them in a real browser: the town's booths ((28, 29) and
 * (29, 29)), its shopkeeper (the general store, near (17, 19)) and a second player in another page.
 */
describe("browser client: bank, shop and trade (chromium)", function () {
  this.timeout(120_000);
  const prefix = uniquePrefix();
  const rig = useBrowserRig({ VALKEY_KEY_PREFIX: prefix });

  async function adminPage(role: string): Promise<{ page: Page; errors: string[]; name: string }> {
    const { page, errors } = await rig.newPage();
    const name = `${role}${run}${n++}`;
    await register(page, rig.server.url, name);
    await adminCliAsync(prefix, "promote", name);
    return { page, errors, name };
  }

  it("opens the bank at a booth, deposits and withdraws by clicking, deposits all, and closes it on walking away", async () => {
    const { page, errors } = await adminPage("bank");
    assert.equal((await send(page, "admin:give", { itemId: coins.id, quantity: 100 })).ok, true);
    await teleport(page, 32, 32);
    const before = await waitForState(page, "the coins given", (s) => count(s.inventory, coins.id) >= 100);
    const carried = count(before.inventory, coins.id);

    await clickTile(page, 28, 29);
    await visible(page, "#bank-panel");
    const at = await readState(page);
    assert.ok(Math.max(Math.abs(at.me!.x - 28), Math.abs(at.me!.y - 29)) <= 1, JSON.stringify(at.me));

    await page.click(`#inventory-panel [data-slot="${slotOf(at, coins.id)}"]`);
    await answerQuantity(page, "bank-panel", 40);
    await waitFor("40 coins in the bank", () => readBank(page), (b) => count(b, coins.id) === 40);
    await waitForState(page, "the rest carried", (s) => count(s.inventory, coins.id) === carried - 40);
    await visible(page, `#bank-panel [data-item="coins"]`);
    await snap(page, "bank-deposited");

    await page.click(`#bank-panel [data-item="coins"]`);
    await answerQuantity(page, "bank-panel", 15);
    await waitFor("25 coins left in the bank", () => readBank(page), (b) => count(b, coins.id) === 25);
    await waitForState(page, "15 back in the inventory", (s) => count(s.inventory, coins.id) === carried - 25 && s.notices.includes("You withdraw 15 x Coins."));

    await page.click("#bank-panel button.deposit-all");
    await waitForState(page, "an empty inventory", (s) => Object.keys(s.inventory).length === 0);
    const bank = await readBank(page);
    assert.equal(count(bank, coins.id), carried);
    await snap(page, "bank-deposit-all");

    await clickTile(page, 32, 33);
    await page.waitForSelector("#bank-panel", { state: "hidden", timeout: 15_000 });
    await waitForState(page, "the words", (s) => s.notices.includes("You walked away from the bank."));
    assert.deepEqual(errors, []);
  });

  it("opens the shopkeeper's shop, buys with a quantity and sells, the stock refreshed each time", async () => {
    const { page, errors } = await adminPage("shop");
    assert.equal((await send(page, "admin:give", { itemId: coins.id, quantity: 100 })).ok, true);
    await teleport(page, 21, 20);
    const seen = await waitForState(page, "the shopkeeper in sight", (s) => s.npcs.some((npc) => npc.kind === "shopkeeper") && count(s.inventory, coins.id) >= 100);
    const coinsBefore = count(seen.inventory, coins.id);
    const breadBefore = count(seen.inventory, bread.id);
    const keeper = seen.npcs.find((npc) => npc.kind === "shopkeeper")!;

    await clickCharacter(page, "npc", keeper.id);
    const line = `#shop-panel li[data-item-id="${bread.id}"]`;
    await visible(page, line);
    const stock = Number(await page.getAttribute(line, "data-stock"));
    assert.ok(stock >= 2, `stock ${stock}`);
    assert.match((await page.textContent(`${line} .shop-price`)) ?? "", /Buy 4 · Sell 1/);
    assert.equal(await page.textContent("#shop-panel h2"), "General store");

    await page.click(`${line} button`);
    await answerQuantity(page, "shop-panel", 2);
    const bought = await waitForState(page, "two breads bought", (s) => count(s.inventory, bread.id) === breadBefore + 2);
    assert.equal(count(bought.inventory, coins.id), coinsBefore - 8);
    await page.waitForSelector(`${line}[data-stock="${stock - 2}"]`, { timeout: 15_000 });
    await snap(page, "shop-bought");

    await page.click(`#inventory-panel [data-slot="${slotOf(bought, bread.id)}"]`);
    await answerQuantity(page, "shop-panel", 1);
    await waitForState(page, "a bread sold", (s) => count(s.inventory, bread.id) === breadBefore + 1 && count(s.inventory, coins.id) === coinsBefore - 7);
    await page.waitForSelector(`${line}[data-stock="${stock - 1}"]`, { timeout: 15_000 });
    await waitForState(page, "the words", (s) => s.notices.includes("You sell Bread for 1 coins."));
    assert.deepEqual(errors, []);
  });

  it("trades between two pages: request, accept, offer, both confirm, the coins change hands", async () => {
    const ann = await adminPage("ann");
    const bob = await adminPage("bob");
    assert.equal((await send(ann.page, "admin:give", { itemId: coins.id, quantity: 50 })).ok, true);
    await teleport(ann.page, 30, 36);
    await teleport(bob.page, 33, 36);
    const annState = await waitForState(ann.page, "bob in sight", (s) => s.players.some((p) => p.username === bob.name) && count(s.inventory, coins.id) >= 50);
    const annCoins = count(annState.inventory, coins.id);
    const bobCoins = count((await readState(bob.page)).inventory, coins.id);
    const bobId = annState.players.find((p) => p.username === bob.name)!.id;

    await clickCharacter(ann.page, "player", bobId);
    await visible(bob.page, ".trade-request button.accept");
    assert.match((await bob.page.textContent(".trade-request")) ?? "", new RegExp(`${ann.name} wants to trade`));
    await snap(bob.page, "trade-request");
    await bob.page.click(".trade-request button.accept");
    await visible(ann.page, "#trade-panel");
    await visible(bob.page, "#trade-panel");

    await ann.page.click(`#inventory-panel [data-slot="${slotOf(annState, coins.id)}"]`);
    await answerQuantity(ann.page, "trade-panel", 30);
    await visible(bob.page, `#trade-panel .trade-theirs [data-item="coins"][data-quantity="30"]`);
    await visible(ann.page, `#trade-panel .trade-mine [data-item="coins"][data-quantity="30"]`);

    await ann.page.click("#trade-panel button.confirm");
    await bob.page.waitForSelector("#trade-panel .trade-status.their-confirmed", { timeout: 15_000 });
    assert.equal(await bob.page.textContent("#trade-panel .trade-status"), `${ann.name} has confirmed: confirm to trade.`);
    await snap(bob.page, "trade-their-confirmation");
    await bob.page.click("#trade-panel button.confirm");

    await waitForState(bob.page, "the coins received", (s) => count(s.inventory, coins.id) === bobCoins + 30 && s.notices.includes(`The trade with ${ann.name} is done.`));
    await waitForState(ann.page, "the coins given", (s) => count(s.inventory, coins.id) === annCoins - 30);
    await ann.page.waitForSelector("#trade-panel", { state: "hidden", timeout: 15_000 });
    await snap(bob.page, "trade-done");
    assert.deepEqual([...ann.errors, ...bob.errors], []);
  });
});
