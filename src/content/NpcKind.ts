import type { NpcBehaviour } from "../protocol/names.js";

/** Quantities of one item a drop gives: a uniform integer in min..max. */
export interface DropEntry {
  /** The catalogue name of the item (snake_case). */
  item: string;
  min: number;
  max: number;
}

/**
 * What a kind drops when it dies (GAME_RULES "Drops"): every `always` entry, plus one roll on `roll`, where
 * each entry wins with weight / (sum of weights + `nothingWeight`) and the rest of the time nothing does.
 */
export interface DropTable {
  always: DropEntry[];
  roll: (DropEntry & { weight: number })[];
  nothingWeight: number;
}

/** One kind of NPC: content data (GAME_RULES "NPCs and monsters"), served at `GET /npcs`. */
export interface NpcKind {
  /** The kind's id, as `npc_spawn` objects and `admin:spawn` name it (snake_case). */
  kind: string;
  displayName: string;
  behaviour: NpcBehaviour;
  levels: { attack: number; strength: number; defence: number; hitpoints: number };
  bonuses: { attack: number; strength: number; defence: number };
  attackSpeedTicks: number;
  /** Aggressive kinds target players within this Chebyshev distance; 0 for the others. */
  aggressionRadiusTiles: number;
  /** Idle wandering stays within this Chebyshev distance of the spawn point (an `npc_spawn` may override it). */
  wanderRadiusTiles: number;
  /** A fight ends when the target is farther than this from the spawn point. */
  leashRadiusTiles: number;
  /** From death to reappearing, before `NPC_RESPAWN_SCALE`. */
  respawnMs: number;
  drops: DropTable;
  /** The shop this kind keeps (peaceful townsfolk only), or null. */
  shop: string | null;
}
