import type { Hp } from "../../state/types.js";
import { fail, ok, type Result } from "../results.js";

/** `current` clamped to 0..max (and to 0 when max is below 0). */
export function clampHp(current: number, max: number): number {
  return Math.max(0, Math.min(current, max));
}

function checkAmount(amount: number, what: string): string | null {
  if (!Number.isSafeInteger(amount) || amount < 0) return `${what} must be a non-negative integer, got ${amount}`;
  return null;
}

/**
 * Lowers current HP by `amount`, never below 0. A negative or non-integer amount is refused with
 * INVALID_PAYLOAD. The input is not changed; `dead` tells whether the result is 0 HP.
 */
export function applyDamage(hp: Hp, amount: number): Result<Hp & { dead: boolean }> {
  const problem = checkAmount(amount, "damage");
  if (problem) return fail("INVALID_PAYLOAD", problem);
  const currentHp = clampHp(hp.currentHp - amount, hp.maxHp);
  return ok({ currentHp, maxHp: hp.maxHp, dead: currentHp === 0 });
}

/**
 * Raises current HP by `amount`, never above max. A negative or non-integer amount is refused with
 * INVALID_PAYLOAD. The input is not changed.
 */
export function applyHeal(hp: Hp, amount: number): Result<Hp> {
  const problem = checkAmount(amount, "heal");
  if (problem) return fail("INVALID_PAYLOAD", problem);
  return ok({ currentHp: clampHp(hp.currentHp + amount, hp.maxHp), maxHp: hp.maxHp });
}

/** HP after max HP changes (level or equipment): current HP stays as it is, clamped to the new max. */
export function withMaxHp(hp: Hp, newMaxHp: number): Hp {
  return { currentHp: clampHp(hp.currentHp, newMaxHp), maxHp: newMaxHp };
}

/** Dead: a respawn is pending, or HP is 0 (a player saved dead and loaded again has no respawn time). */
export function isDead(state: { hp: Hp; respawnAtMs: number | null }): boolean {
  return state.respawnAtMs !== null || state.hp.currentHp <= 0;
}
