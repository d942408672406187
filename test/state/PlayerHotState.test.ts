import assert from "node:assert/strict";
import type { GameStateManager } from "../../src/state/GameStateManager.js";
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
