import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createAccount } from "../support/factories.js";
import { openTestStores, TEST_DATABASE_URL, TEST_VALKEY_URL, type TestStores } from "../support/stores.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

let prefix = "";

function admin(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/admin.ts", ...args], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "test", DATABASE_URL: TEST_DATABASE_URL, VALKEY_URL: TEST_VALKEY_URL, VALKEY_KEY_PREFIX: prefix },
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe("npm run admin", function () {
  this.timeout(120_000);
  let stores: TestStores;
  beforeEach(async () => {
    stores = await openTestStores();
    prefix = stores.prefix;
  });
  afterEach(async () => stores.close());

  it("promotes an existing account to admin", async () => {
    const account = await createAccount(stores.newGsm(), { username: "Promoted_One" });
    const run = admin("promote", "promoted_one");
    assert.equal(run.status, 0, run.stderr);
    assert.equal((await stores.prisma.player.findUnique({ where: { id: account.id } }))?.role, "admin");
  });

  it("promotes an account to moderator", async () => {
    const account = await createAccount(stores.newGsm());
    const run = admin("promote", account.username, "moderator");
    assert.equal(run.status, 0, run.stderr);
    assert.equal((await stores.prisma.player.findUnique({ where: { id: account.id } }))?.role, "moderator");
  });

  it("mutes an account in PostgreSQL and Valkey, logging it as the operator's, and unmutes it", async () => {
    const gsm = stores.newGsm();
    const account = await createAccount(gsm);
    const started = Date.now();
    const muted = admin("mute", account.username.toUpperCase(), "90");
    assert.equal(muted.status, 0, muted.stderr);
    assert.match(muted.stdout, /muted until \d{4}-/);
    assert.match(muted.stdout, /"moderation":"mute".*"by":\{"id":null,"username":"npm run admin"\}/);
    const untilMs = (await stores.prisma.player.findUnique({ where: { id: account.id } }))?.mutedUntil?.getTime() ?? 0;
    assert.ok(untilMs >= started + 90 * 60_000 && untilMs <= Date.now() + 90 * 60_000);
    assert.equal(await gsm.mutes.mutedUntil(account.id), untilMs, "the server's hot copy has it");

    const unmuted = admin("unmute", account.username);
    assert.equal(unmuted.status, 0, unmuted.stderr);
    assert.equal(await gsm.mutes.mutedUntil(account.id), null);
    assert.equal((await stores.prisma.player.findUnique({ where: { id: account.id } }))?.mutedUntil, null);
  });

  it("refuses a mute of an unknown user (1) and minutes outside 1..10,080 (2)", async () => {
    const account = await createAccount(stores.newGsm());
    assert.equal(admin("mute", "nobody_here", "5").status, 1);
    for (const minutes of ["0", "10081"]) {
      const run = admin("mute", account.username, minutes);
      assert.equal(run.status, 2, minutes);
      assert.match(run.stderr, /minutes must be an integer in 1\.\.10080/);
    }
    assert.equal(admin("unmute", "nobody_here").status, 1);
    assert.equal((await stores.prisma.player.findUnique({ where: { id: account.id } }))?.mutedUntil, null);
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
