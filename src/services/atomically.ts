import { setTimeout as sleep } from "node:timers/promises";
import type { GameStateManager } from "../state/GameStateManager.js";
import type { StateTransaction } from "../state/StateTransaction.js";
import { fail, ok, type Result } from "./results.js";

/** How many times an action re-reads and re-plans after a refused commit before it answers UNAVAILABLE. */
export const MAX_COMMIT_ATTEMPTS = 12;
/** Upper bound of the first pause between attempts; it doubles with every further attempt. */
const RETRY_PAUSE_MS = 2;

/** An answer known only once its commit ran: built from the ids of the ground items the commit created. */
export class AfterCommit<T> {
  constructor(readonly build: (newGroundItemIds: readonly number[]) => T) {}
}

/** What one attempt decided: a refusal, or a value and the transaction (null: nothing to write) that makes it true. */
export type Planned<T> = Result<{ tx: StateTransaction | null; value: T | AfterCommit<T> }>;

/** An attempt's plan: commit `tx`, then answer `value` (or what `AfterCommit` builds from the commit). */
export function commitThen<T>(tx: StateTransaction, value: T | AfterCommit<T>): Planned<T> {
  return ok({ tx, value });
}

/** An attempt's plan that changes nothing (a no-op success such as moving a slot onto itself). */
export function nothingToWrite<T>(value: T): Planned<T> {
  return ok({ tx: null, value });
}

/**
 * Runs an optimistic read-plan-commit loop. `attempt` reads fresh snapshots, plans with the pure rules and
 * returns either a refusal (returned as is, nothing written) or one transaction guarded by the versions it
 * read. The transaction is committed atomically; when a guard refuses it because a version moved, the
 * attempt runs again on fresh state, up to `maxAttempts` times, after which the answer is UNAVAILABLE. A
 * refusal because a guarded ground item is gone answers NOT_FOUND at once. Either the whole transaction of
 * one attempt is applied or nothing is. Storage faults propagate as the drivers' errors.
 */
export async function atomically<T>(
  gsm: GameStateManager,
  attempt: () => Promise<Planned<T>>,
  maxAttempts = MAX_COMMIT_ATTEMPTS,
): Promise<Result<T>> {
  for (let i = 0; i < maxAttempts; i++) {
    const planned = await attempt();
    if (!planned.ok) return planned;
    const { tx, value } = planned.data;
    const answer = (newIds: readonly number[]) => (value instanceof AfterCommit ? value.build(newIds) : value);
    if (tx === null || tx.isEmpty) return ok(answer([]));
    const committed = await gsm.commit(tx);
    if (committed.ok) return ok(answer(committed.newGroundItemIds ?? []));
    const { failed } = committed;
    if (failed.kind === "groundItem" && (await gsm.getGroundItem(failed.groundItemId)) === null) {
      return fail("NOT_FOUND", `ground item ${failed.groundItemId} is gone`);
    }
    // A short random pause, doubling per attempt, so that contenders that collided do not collide again.
    if (i + 1 < maxAttempts) await sleep(Math.random() * RETRY_PAUSE_MS * 2 ** i);
  }
  return fail("UNAVAILABLE", `the state kept changing; gave up after ${maxAttempts} attempts`);
}

/**
 * Ground item ids for an action that may retry: ids are allocated before the commit (they come from a
 * Valkey counter) and reused by later attempts, so a retry does not allocate again. Unused ids are skipped.
 */
export function groundItemIdReserve(gsm: GameStateManager): (count: number) => Promise<number[]> {
  const ids: number[] = [];
  return async (count) => {
    if (ids.length < count) {
      ids.push(...(await Promise.all(Array.from({ length: count - ids.length }, () => gsm.allocateGroundItemId()))));
    }
    return ids.slice(0, count);
  };
}
