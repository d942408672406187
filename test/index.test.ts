import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { startServerProcess } from "./support/processServer.js";
import { startTestServer } from "./support/server.js";
import { deleteKeysWithPrefix, uniquePrefix } from "./support/stores.js";

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
