import { strict as assert } from "node:assert";
import pg from "pg";
import { arrayLiteral } from "../../src/state/syncStatements.js";
import { prepareTestDatabase, TEST_DATABASE_URL } from "../support/stores.js";

describe("SyncWriter array literals", () => {
  it("PostgreSQL reads back every value of an array literal: numbers, nulls, and strings with quotes, backslashes, commas and braces", async () => {
    await prepareTestDatabase();
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      const texts = ['plain', 'a "quoted" one', "back\\slash", "comma, and {braces}", "", "NULL"];
      const { rows } = await client.query<{ t: string[]; n: (number | null)[] }>("SELECT $1::text[] AS t, $2::int[] AS n", [
        arrayLiteral(texts), arrayLiteral([1, -2, null, 2_000_000_000]),
      ]);
      assert.deepEqual(rows[0], { t: texts, n: [1, -2, null, 2_000_000_000] });
      assert.equal(arrayLiteral([]), "{}");
    } finally {
      await client.end();
    }
  });
});
