import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createAccount } from "../support/factories.js";
import { openTestStores, TEST_DATABASE_URL, TEST_VALKEY_URL, type TestStores } from "../support/stores.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

function admin(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/admin.ts", ...args], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "test", DATABASE_URL: TEST_DATABASE_URL, VALKEY_URL: TEST_VALKEY_URL },
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe("npm run admin", function () {
  this.timeout(120_000);
  let stores: TestStores;
  beforeEach(async () => {
    stores = await openTestStores();
  });
  afterEach(async () => stores.close());

  it("promotes an existing account to admin", async () => {
    const account = await createAccount(stores.newGsm(), { username: "Promoted_One" });
    const run = admin("promote", "promoted_one");
    assert.equal(run.status, 0, run.stderr);
    assert.equal((await stores.prisma.player.findUnique({ where: { id: account.id } }))?.role, "admin");
  });

  it("fails with a clear message for an unknown user or bad arguments", () => {
    const unknown = admin("promote", "nobody_here");
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /no user named "nobody_here"/);
    const usage = admin("demote");
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /usage: npm run admin -- promote/);
  });
});
