import { readFileSync } from "node:fs";
import type { Valkey } from "iovalkey";

const SCRIPT_NAMES = [
  "commit",
  "drainDirty",
  "restoreInflight",
  "loadPlayer",
  "cleanupPlayer",
  "removeGroundItem",
  "removeExpiredGroundItems",
  "loadMapGroundItems",
  "claimSession",
  "touchSession",
  "snapshotForSync",
  "readPlayersForSync",
  "allocateGroundItemId",
  "playerRole",
  "mapRoomLease",
  "bankChanges",
  "clearDataSet",
] as const;
export type ScriptName = (typeof SCRIPT_NAMES)[number];

const sources = new Map<ScriptName, string>(
  SCRIPT_NAMES.map((name) => [name, readFileSync(new URL(`./lua/${name}.lua`, import.meta.url), "utf8")]),
);

type ScriptFn = (numKeys: number, keysAndArgs: (string | number)[]) => Promise<unknown>;

/**
 * The Lua scripts of the state layer, registered on one client (EVALSHA with a fallback to EVAL, so a
 * restarted Valkey that lost its script cache still works). Keys are passed in KEYS so that the client's
 * key prefix applies to them.
 */
export class Scripts {
  constructor(private readonly client: Valkey) {
    for (const [name, lua] of sources) {
      if (!(name in client)) client.defineCommand(`rpg_${name}`, { lua });
    }
  }

  run(name: ScriptName, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    const fn = (this.client as unknown as Record<string, ScriptFn>)[`rpg_${name}`];
    if (!fn) throw new Error(`script ${name} is not registered`);
    // One array (the client flattens it): a sync's script takes tens of thousands of keys, more than a
    // function call can take as separate arguments.
    return fn.call(this.client, keys.length, [...keys, ...args]);
  }
}
