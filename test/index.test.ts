import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { ITEM_CATALOGUE } from "../src/content/itemCatalogue.js";
import { databaseNameOf, quoteIdentifier, withDatabase } from "../src/state/db/ensureDatabase.js";
import { readMigrations } from "../src/state/db/migrate.js";
import { startServerProcess, type ServerProcess } from "./support/processServer.js";
import { startTestServer, waitFor } from "./support/server.js";
import { deleteKeysWithPrefix, TEST_DATABASE_URL, uniquePrefix } from "./support/stores.js";

describe("start-up (npm start)", function () {
  this.timeout(90_000);
  const prefix = uniquePrefix();
  after(async () => deleteKeysWithPrefix(prefix));

  it("warns when the development JWT secret signs tokens", async () => {
    const server = await startServerProcess({ JWT_SECRET: "", VALKEY_KEY_PREFIX: prefix });
    try {
      assert.match(server.output(), /JWT_SECRET is not set: tokens are signed with the public development secret/);
    } finally {
      await server.stop();
    }
  });

  it("refuses the development JWT secret on an address other hosts can reach, naming JWT_SECRET", async () => {
    let started;
    try {
      started = await startServerProcess({ JWT_SECRET: "", HOST: "0.0.0.0", VALKEY_KEY_PREFIX: prefix });
    } catch (err) {
      assert.match(String(err), /server exited with 1/);
      assert.match(String(err), /JWT_SECRET: required when the server is reachable from other hosts \(HOST=0\.0\.0\.0\)/);
      return;
    }
    await started.stop();
    assert.fail("the server started");
  });

  it("listens on 127.0.0.1 only by default", async () => {
    const server = await startTestServer();
    try {
      const address = server.colyseus.server.transport.server?.address() as AddressInfo | null;
      assert.equal(address?.address, "127.0.0.1");
    } finally {
      await server.close();
    }
  });
});

interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

const INFO = 30;

/** The pino lines a process wrote (other output, e.g. @colyseus/tools' notes, is skipped). */
function logLines(output: string): LogLine[] {
  return output.split("\n").flatMap((line) => {
    try {
      const parsed = JSON.parse(line) as LogLine;
      return typeof parsed?.msg === "string" ? [parsed] : [];
    } catch {
      return [];
    }
  });
}

function lineWith(lines: LogLine[], pattern: RegExp): LogLine {
  const line = lines.find((l) => pattern.test(l.msg));
  assert.ok(line, `no log line matches ${pattern}:\n${lines.map((l) => l.msg).join("\n")}`);
  assert.equal(line.level, INFO, `${line.msg} is an info line`);
  return line;
}

/** `npm start` (src/index.ts) in a process of its own, on a database of its own that it creates. */
describe("start-up (npm start): what it says and what it answers", function () {
  this.timeout(90_000);
  const prefix = uniquePrefix();
  const databaseUrl = withDatabase(TEST_DATABASE_URL, `${databaseNameOf(TEST_DATABASE_URL)}_start_${randomBytes(3).toString("hex")}`);
  let server: ServerProcess | null = null;
  /** A started server, once it has said it listens (the line may be written just after /health answers). */
  const start = async () => {
    const started = await startServerProcess({ LOG_LEVEL: "info", DATABASE_URL: databaseUrl, VALKEY_KEY_PREFIX: prefix });
    try {
      await waitFor(() => logLines(started.output()).some((l) => /^server listening/.test(l.msg)), "the server listening line", 30_000);
    } catch (error) {
      await started.stop();
      throw error;
    }
    return started;
  };

  afterEach(async () => {
    await server?.stop();
    server = null;
  });
  after(async () => {
    const admin = new pg.Client({ connectionString: withDatabase(TEST_DATABASE_URL, "postgres") });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(databaseNameOf(databaseUrl))} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
    await deleteKeysWithPrefix(prefix);
  });

  it("says what it did: database created or found, migrations, the catalogue seeded, and the URL to open", async () => {
    const migrations = (await readMigrations()).map((m) => m.name);
    const database = databaseNameOf(databaseUrl);

    server = await start();
    let lines = logLines(server.output());
    assert.deepEqual(pick(lineWith(lines, /^database .* created$/), "database", "created"), { database, created: true });
    assert.deepEqual(lineWith(lines, /migration\(s\) applied/).applied, migrations);
    assert.deepEqual(pick(lineWith(lines, /^item catalogue seeded/), "items", "changed"), { items: ITEM_CATALOGUE.length, changed: ITEM_CATALOGUE.length });
    const url = `http://localhost:${server.port}/`;
    assert.equal(lineWith(lines, /^server listening/).url, url);
    assert.ok(lineWith(lines, /^server listening/).msg.includes(url), "the URL is in the message itself");
    await server.stop();

    server = await start();
    lines = logLines(server.output());
    assert.deepEqual(pick(lineWith(lines, /^database .* found$/), "database", "created"), { database, created: false });
    lineWith(lines, /^migrations: none pending$/);
    assert.deepEqual(pick(lineWith(lines, /^item catalogue seeded/), "items", "changed"), { items: ITEM_CATALOGUE.length, changed: 0 });
  });

  it("answers a login or registration whose body is not sent as JSON 400 INVALID_INPUT, saying so", async () => {
    server = await start();
    for (const path of ["/auth/login", "/auth/register"]) {
      const body = JSON.stringify({ username: "someone", password: "correct horse battery" });
      const variants: Array<Record<string, string>> = [{}, { "content-type": "text/plain" }, { "content-type": "application/x-www-form-urlencoded" }];
      for (const headers of variants) {
        // A Blob without a type sends no Content-Type of its own (a string body would be text/plain).
        const response = await fetch(`${server.url}${path}`, { method: "POST", headers, body: new Blob([body]) });
        assert.equal(response.status, 400, `${path} ${JSON.stringify(headers)}`);
        assert.deepEqual(await response.json(), { error: "INVALID_INPUT", message: "the body must be JSON, sent with Content-Type: application/json" });
      }
    }
    const proper = await fetch(`${server.url}/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({ username: `json_${randomBytes(3).toString("hex")}`, password: "correct horse battery" }),
    });
    assert.equal(proper.status, 201);
  });
});

function pick(line: LogLine, ...fields: string[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [f, line[f]]));
}
