import type { GameRules } from "../../config/config.js";
import { SKILL_NAMES, type Skills } from "../../state/types.js";
import { xpForLevel } from "./xpTable.js";

/**
 * The skills of a new player: every skill at level 1 with 0 XP, except hitpoints at
 * `rules.startingHitpointsLevel` with exactly the XP of that level. Returns a new map on every call.
 */
export function initialSkills(rules: Pick<GameRules, "startingHitpointsLevel">): Skills {
  const skills: Skills = new Map();
  for (const name of SKILL_NAMES) {
    const level = name === "hitpoints" ? rules.startingHitpointsLevel : 1;
    skills.set(name, { level, xp: xpForLevel(level) });
  }
  return skills;
}
