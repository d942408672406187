import type { SkillName } from "../../state/types.js";
import { skillLevel, type SkillLevels } from "./skillLevel.js";

/**
 * Combat level = floor(0.25 * (defence + hitpoints) + 0.325 * max(attack + strength, floor(1.5 * ranged),
 * floor(1.5 * magic))). A new player (all 1, hitpoints 10) is level 3. Missing skills count as level 1.
 */
export function combatLevel(skills: SkillLevels): number {
  const level = (name: SkillName) => skillLevel(skills, name);
  const offence = Math.max(
    level("attack") + level("strength"),
    Math.floor(1.5 * level("ranged")),
    Math.floor(1.5 * level("magic")),
  );
  // In thousandths, so that the floor is exact rather than subject to floating-point rounding.
  return Math.floor((250 * (level("defence") + level("hitpoints")) + 325 * offence) / 1000);
}
