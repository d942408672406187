import assert from "node:assert/strict";
import { keys, playerStateKeys } from "../../src/state/keys.js";
import { Scripts } from "../../src/state/scripts.js";
import { createTestValkey, deleteKeysWithPrefix, uniquePrefix } from "../support/stores.js";

describe("Scripts", () => {
  it("runs a script with more keys than a function call takes arguments (a sync of many players)", async () => {
    const prefix = uniquePrefix();
    const valkey = createTestValkey(prefix);
    try {
      const players = 20_000;
      const keyList = [keys.epoch(), keys.groundItemKeyBase(), ...Array.from({ length: players }, (_, i) => playerStateKeys(i + 1)).flat()];
      const args = [players, 0, "check", ...Array.from({ length: players }, () => "")];
      assert.deepEqual(await new Scripts(valkey).run("snapshotForSync", keyList, args), [null, [], [], []]);
    } finally {
      valkey.disconnect();
      await deleteKeysWithPrefix(prefix);
    }
  });
});
