import type { GameStateManager, GameStateManagerOptions } from "../../src/state/GameStateManager.js";
import type { ScriptName, Scripts } from "../../src/state/scripts.js";

/**
 * The two ways a sync run writes (`BatchSync`): a small run reads, then writes; a large one writes its players
 * while it still reads them (`SyncWriteSession`). Suites about what a run saves run in both, each with the
 * GameStateManager option that picks it.
 */
export const SYNC_MODES: readonly { name: string; writesWhileReading: boolean; options: Partial<GameStateManagerOptions> }[] = [
  { name: "a run that reads, then writes", writesWhileReading: false, options: { syncOverlapFromPlayers: Number.POSITIVE_INFINITY } },
  { name: "a run that writes while it reads", writesWhileReading: true, options: { syncOverlapFromPlayers: 1 } },
];

/** Runs `between` once, when `on`'s next call of the script `name` is about to be sent ("before") or has replied ("after"). */
export function atNextScript(on: GameStateManager, name: ScriptName, when: "before" | "after", between: () => Promise<void>): void {
  const scripts = (on as unknown as { scripts: Scripts }).scripts;
  const run = scripts.run.bind(scripts);
  let fired = false;
  // The wrapper stays, passing calls through once it has fired: putting `run` back would also take away
  // a hook set after this one.
  scripts.run = async (called, keyList, args) => {
    if (called !== name || fired) return run(called, keyList, args);
    fired = true;
    if (when === "before") await between();
    const reply = await run(called, keyList, args);
    if (when === "after") await between();
    return reply;
  };
}

/** Runs `between` right after `on`'s next sync run drained the dirty sets (before it reads). */
export const afterNextDrain = (on: GameStateManager, between: () => Promise<void>) => atNextScript(on, "drainDirty", "after", between);

/** Runs `between` just before `on`'s next sync run checks its snapshot for the first time (after its reads). */
export const beforeNextCheck = (on: GameStateManager, between: () => Promise<void>) => atNextScript(on, "snapshotForSync", "before", between);

/** Runs `between` right after `on`'s next sync run's first check (what it saves is fixed if nothing changed before it). */
export const afterNextCheck = (on: GameStateManager, between: () => Promise<void>) => atNextScript(on, "snapshotForSync", "after", between);
