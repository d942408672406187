import assert from "node:assert/strict";
import { DIRTY_TYPES, dirtyKeys, entityKeyBases, keys, PLAYER_DIRTY_TYPES, playerStateKeys } from "../../src/state/keys.js";
import { Scripts } from "../../src/state/scripts.js";
import { createTestValkey, deleteKeysWithPrefix, uniquePrefix } from "../support/stores.js";

describe("Scripts", () => {
  it("runs a script with more keys than a function call takes arguments (a sync of many players)", async () => {
    const prefix = uniquePrefix();
    const valkey = createTestValkey(prefix);
    try {
      const players = 20_000;
      const ids = Array.from({ length: players }, (_, i) => i + 1);
      const keyList = [
        keys.epoch(), keys.groundItemKeyBase(), keys.inflightRuns(), keys.inflightKeyBase(), ...dirtyKeys(), ...entityKeyBases(),
        ...ids.flatMap((id) => playerStateKeys(id)),
      ];
      const run = { t: "run", c: DIRTY_TYPES, pc: PLAYER_DIRTY_TYPES.length, p: ids, m: [], b: [] };
      const args = [players, 0, "check", JSON.stringify(run), ...ids.map(() => "")];
      assert.deepEqual(await new Scripts(valkey).run("snapshotForSync", keyList, args), [null, [], [], [], DIRTY_TYPES.map(() => []), [], [], []]);
    } finally {
      valkey.disconnect();
      await deleteKeysWithPrefix(prefix);
    }
  });
});
