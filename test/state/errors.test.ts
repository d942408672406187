import assert from "node:assert/strict";
import { isStorageFault, StorageUnavailableError } from "../../src/state/errors.js";

describe("isStorageFault", () => {
  it("recognises unreachable stores, from Valkey, pg and Prisma", () => {
    for (const err of [
      Object.assign(new Error("Reached the max retries per request limit"), { name: "MaxRetriesPerRequestError" }),
      new Error("Connection is closed."),
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:6379"), { code: "ECONNREFUSED" }),
      new Error("Connection terminated unexpectedly"),
      Object.assign(new Error("Can't reach database server"), { code: "P1001" }),
      new StorageUnavailableError("PostgreSQL is unavailable"),
    ]) assert.equal(isStorageFault(err), true, String(err));
  });

  it("does not take bugs or rule outcomes for storage faults", () => {
    for (const err of [new TypeError("x is undefined"), new Error("unique constraint"), null, undefined, "text"]) {
      assert.equal(isStorageFault(err), false, String(err));
    }
  });
});
