import assert from "node:assert/strict";
import type { GameStateManager } from "../../src/state/GameStateManager.js";
import { PlayerHotState } from "../../src/state/PlayerHotState.js";
import { Scripts } from "../../src/state/scripts.js";
import { createAccount, createOnlinePlayer } from "../support/factories.js";
import { openTestStores, type TestStores } from "../support/stores.js";

describe("GameStateManager roles in the hot state", () => {
  let stores: TestStores;
  let gsm: GameStateManager;

  beforeEach(async () => {
    stores = await openTestStores();
    gsm = stores.newGsm();
  });
  afterEach(async () => stores.close());

  it("shows a role change made through any process to a loaded player at once", async () => {
    const account = await createOnlinePlayer(gsm);
    assert.equal(await gsm.getPlayerRole(account.id), "player");
    const cli = stores.newGsm();
    await cli.setRole(account.id, "admin");
    assert.equal(await gsm.getPlayerRole(account.id), "admin");
    await cli.setRole(account.id, "moderator");
    assert.equal(await gsm.getPlayerRole(account.id), "moderator");
    assert.equal((await gsm.accounts.findById(account.id))?.role, "moderator");
  });

  it("reads the role of a player who is not loaded from PostgreSQL, and never loads the player for it", async () => {
    const account = await createAccount(gsm);
    await gsm.setRole(account.id, "admin");
    assert.equal(await gsm.getPlayerRole(account.id), "admin");
    assert.equal(await gsm.readPlayer(account.id), null);
    assert.equal(await gsm.getPlayerRole(999_999_999), null);
  });
});

describe("PlayerHotState.readForSync", () => {
  let stores: TestStores;
  let gsm: GameStateManager;

  beforeEach(async () => {
    stores = await openTestStores();
    gsm = stores.newGsm();
  });
  afterEach(async () => stores.close());

  it("reads each player as readPlayer does, a position-only one with empty items, and null for one not loaded", async () => {
    const [a, b, c] = [await createOnlinePlayer(gsm), await createOnlinePlayer(gsm), await createOnlinePlayer(gsm)];
    const tx = gsm.transaction().setInventorySlot(a.id, 5, { itemId: 1, quantity: 3, durability: null })
      .setInventorySlot(b.id, 0, { itemId: 1, quantity: 1, durability: null });
    assert.equal((await gsm.commit(tx)).ok, true);
    const hot = new PlayerHotState(stores.valkey, new Scripts(stores.valkey));
    const read = await hot.readForSync([a.id, 999_999_999, b.id, c.id], (id) => id === b.id);
    assert.deepEqual(read[0], await gsm.readPlayer(a.id));
    assert.equal(read[1], null);
    const whole = (await gsm.readPlayer(b.id))!;
    assert.equal(whole.inventory.size, 1);
    assert.deepEqual(read[2], { ...whole, inventory: new Map(), equipment: new Map(), skills: new Map() });
    assert.deepEqual(read[3], await gsm.readPlayer(c.id));
  });
});
