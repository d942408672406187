import { MAX_TABLE_LEVEL, xpForLevel } from "../../../src/services/rules/xpTable.js";

export interface SkillProgress {
  level: number;
  xp: number;
  /** XP at which the next level starts (null at the top level). */
  nextLevelXp: number | null;
  /** 0..1 of the way from this level's XP to the next level's (1 at the top). */
  fraction: number;
}

/** How far a skill is toward its next level, from the shared XP table (GAME_RULES "Skills and levels"). */
export function skillProgress(level: number, xp: number, maxLevel = 99): SkillProgress {
  if (level >= Math.min(maxLevel, MAX_TABLE_LEVEL)) return { level, xp, nextLevelXp: null, fraction: 1 };
  const floor = xpForLevel(Math.max(1, level));
  const next = xpForLevel(level + 1);
  return { level, xp, nextLevelXp: next, fraction: Math.min(1, Math.max(0, (xp - floor) / (next - floor))) };
}
