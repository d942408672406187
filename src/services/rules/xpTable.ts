import type { GameRules } from "../../config/config.js";
import type { SkillState } from "../../state/types.js";

/** The highest level the table covers (the upper bound of `MAX_LEVEL`). */
export const MAX_TABLE_LEVEL = 126;

function buildXpTable(): readonly number[] {
  // Index = level; index 0 is unused. Level L needs floor(sum_{l=1}^{L-1} floor(l + 300 * 2^(l/7)) / 4).
  const table = [0, 0];
  let points = 0;
  for (let level = 2; level <= MAX_TABLE_LEVEL; level++) {
    const l = level - 1;
    points += Math.floor(l + 300 * 2 ** (l / 7));
    table.push(Math.floor(points / 4));
  }
  return table;
}

/** XP needed to reach each level; `XP_TABLE[level]` for 1..MAX_TABLE_LEVEL. */
export const XP_TABLE: readonly number[] = buildXpTable();

/**
 * Total XP needed to reach `level` (GAME_RULES formula): 0 for level 1, 83 for 2, 13,034,431 for 99.
 * @throws RangeError when `level` is not an integer in 1..MAX_TABLE_LEVEL.
 */
export function xpForLevel(level: number): number {
  if (!Number.isInteger(level) || level < 1 || level > MAX_TABLE_LEVEL) {
    throw new RangeError(`level must be an integer in 1..${MAX_TABLE_LEVEL}, got ${level}`);
  }
  return XP_TABLE[level]!;
}

/**
 * The level that `xp` gives: the highest level whose threshold is at most `xp`, capped at `maxLevel`.
 * Negative or non-finite XP gives level 1.
 */
export function levelForXp(xp: number, maxLevel = 99): number {
  const cap = Math.min(Math.max(1, Math.floor(maxLevel)), MAX_TABLE_LEVEL);
  if (!(xp >= 0)) return 1;
  let low = 1;
  let high = cap;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (XP_TABLE[mid]! <= xp) low = mid;
    else high = mid - 1;
  }
  return low;
}

export interface AddXpOutcome {
  state: SkillState;
  /** Levels gained by this addition (0 or more). */
  levelsGained: number;
}

/**
 * Adds `amount` XP to a skill. XP is capped at `maxXp` and never decreases (a state already above a lowered
 * cap keeps its XP); the level is always derived from the resulting XP. Returns a new state; the input is
 * not changed.
 * @throws RangeError when `amount` is not a non-negative safe integer (callers validate payloads first).
 */
export function addXp(
  state: SkillState,
  amount: number,
  limits: Pick<GameRules, "maxLevel" | "maxXp">,
): AddXpOutcome {
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw new RangeError(`XP amount must be a non-negative integer, got ${amount}`);
  }
  const xp = Math.max(state.xp, Math.min(limits.maxXp, state.xp + amount));
  const level = levelForXp(xp, limits.maxLevel);
  const levelsGained = level - levelForXp(state.xp, limits.maxLevel);
  return { state: { level, xp }, levelsGained };
}
