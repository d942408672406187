import { strict as assert } from "node:assert";
import pg from "pg";
import { copyFromStdin } from "../../bench/lib/pgCopy.js";
import { pgUpsertBaseline } from "../../bench/lib/pgUpsertBaseline.js";
import { fullRows } from "../../bench/scenarios/batchSync.js";
import { createAccount } from "../support/factories.js";
import { openTestStores, TEST_DATABASE_URL, type TestStores } from "../support/stores.js";

describe("bench PostgreSQL baseline", () => {
  let stores: TestStores;

  beforeEach(async () => {
    stores = await openTestStores();
  });

  afterEach(async () => {
    await stores.close();
  });

  it("COPY FROM STDIN through pg copies every row, and a bad row fails the copy without breaking the connection", async () => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      await client.query("CREATE TEMP TABLE copied (a int, b text)");
      const data = Array.from({ length: 3_000 }, (_, i) => `${i}\tv${i}\n`).join("");
      assert.equal(await copyFromStdin(client, "COPY copied FROM STDIN", data), 3_000);
      const { rows } = await client.query<{ n: string; s: string }>("SELECT count(*) AS n, sum(a) AS s FROM copied");
      assert.deepEqual(rows[0], { n: "3000", s: String((2_999 * 3_000) / 2) });
      await assert.rejects(copyFromStdin(client, "COPY copied FROM STDIN", "x\ty\n"), /invalid input syntax/);
      assert.deepEqual((await client.query<{ one: number }>("SELECT 1 AS one")).rows, [{ one: 1 }]);
    } finally {
      await client.end();
    }
  });

  it("upserts the 51 rows of every player as the bench's full state says, and counts them", async () => {
    const gsm = stores.newGsm();
    const accounts = [await createAccount(gsm), await createAccount(gsm)];
    const players = accounts.map((a, i) => fullRows(a.id, i, 7));
    const result = await pgUpsertBaseline(TEST_DATABASE_URL, players);
    assert.equal(result.rows, 2 * 51);
    const inventory = await stores.prisma.playerInventorySlot.findMany({ where: { playerId: accounts[1]!.id }, orderBy: { slot: "asc" } });
    assert.deepEqual(inventory.map((r) => [r.slot, r.itemId, r.quantity]), players[1]!.inventory.map((r) => [r.slot, r.itemId, r.quantity]));
    const skills = await stores.prisma.playerSkill.count({ where: { playerId: accounts[0]!.id } });
    assert.equal(skills, players[0]!.skills.length);
    const player = await stores.prisma.player.findUniqueOrThrow({ where: { id: accounts[0]!.id } });
    assert.deepEqual([player.mapId, player.x, player.y], [players[0]!.position.mapId, players[0]!.position.x, players[0]!.position.y]);
    // Again with new values: every row is updated in place, none added.
    assert.equal((await pgUpsertBaseline(TEST_DATABASE_URL, accounts.map((a, i) => fullRows(a.id, i, 8)))).rows, 2 * 51);
    assert.equal(await stores.prisma.playerInventorySlot.count({ where: { playerId: accounts[1]!.id } }), 28);
  });
});
