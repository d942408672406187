import type { NpcBehaviour } from "./names.js";

/** One NPC kind as `GET /npcs` lists it (PROTOCOL.md `npcKind`). */
export interface NpcKindInfo {
  /** The name `Npc.kind`, `npc_spawn` objects and `admin:spawn` use. */
  kind: string;
  displayName: string;
  behaviour: NpcBehaviour;
  combatLevel: number;
  maxHp: number;
  attackSpeedTicks: number;
  aggressionRadius: number;
  /** The always-dropped items (chance 1), then the entries of the one weighted roll. */
  drops: { itemId: number; min: number; max: number; chance: number }[];
  /** The id of the shop a peaceful kind keeps, or null. */
  shop: string | null;
}
