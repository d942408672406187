import type { SkillName, Skills } from "../../state/types.js";

/** Skill levels as either the state's `Skills` map or a plain record of levels. */
export type SkillLevels = Skills | Partial<Record<SkillName, number>>;

/** The level of `skill` in `skills`; a skill that is missing counts as level 1. */
export function skillLevel(skills: SkillLevels, skill: SkillName): number {
  if (skills instanceof Map) return skills.get(skill)?.level ?? 1;
  return skills[skill] ?? 1;
}
