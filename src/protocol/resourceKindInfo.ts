import type { SkillName } from "./names.js";

/** One resource kind as `GET /resources` lists it (PROTOCOL.md). */
export interface ResourceKindInfo {
  /** The name `Resource.kind` and the maps' `resource` objects use. */
  kind: string;
  /** The skill that gathers here; cooking for fires and ranges. */
  skill: SkillName;
  /** The level of `skill` gathering here needs (1 for fires and ranges: each raw food has its own). */
  requiredLevel: number;
  /** The catalogue names of the items any one of which serves as the tool (empty for fires and ranges). */
  tool: string[];
  /** The id of the item a success gives; null for fires and ranges. */
  item: number | null;
  /** XP per success (0 for fires and ranges). */
  xp: number;
  /** Seconds from depletion to return, with this server's `NPC_RESPAWN_SCALE` (0: never depleted). */
  respawnS: number;
}
