import type { NpcKind } from "../../content/NpcKind.js";
import type { CombatStyle, Direction } from "../../protocol/names.js";
import type { Fighter } from "../rules/combat.js";
import type { DroppedStack } from "../rules/drops.js";
import type { Equipment, Inventory, Skills } from "../../state/types.js";
import type { SkillName } from "../../protocol/names.js";

/** Who attacks or is attacked. */
export type EntityRef = { type: "npc"; id: number } | { type: "player"; id: number };

/** What the world mirrors of a player on its map; the room feeds it whenever the player's stored state changes. */
export interface WorldPlayer {
  id: number;
  x: number;
  y: number;
  alive: boolean;
  combatLevel: number;
  /** Melee levels and equipment totals, with the player's style. */
  fighter: Fighter & { style: CombatStyle };
  /** The wielded weapon's attack speed (unarmed 4). */
  attackSpeedTicks: number;
  /** Skills, inventory and equipment, for gathering and cooking (absent: level 1 everywhere, nothing held). */
  holdings?: Holdings;
}

/** What gathering and cooking read of a player: levels, tools and room in the inventory. */
export interface Holdings {
  skills: Skills;
  inventory: Inventory;
  equipment: Equipment;
}

/** What clients are shown of a resource (PROTOCOL.md `Resource`). */
export interface ResourceView {
  id: number;
  kind: string;
  x: number;
  y: number;
  depleted: boolean;
}

/** The map as the world needs it: collision, portals, PvP areas. */
export interface WorldMap {
  readonly width: number;
  readonly height: number;
  isBlocked(x: number, y: number): boolean;
  portalAt(x: number, y: number): unknown;
  inPvpArea(x: number, y: number): boolean;
}

export type NpcMode = "idle" | "fighting" | "returning" | "dead";

/** One NPC of the world (mutable; owned by the world). */
export interface Npc {
  readonly id: number;
  readonly kind: NpcKind;
  readonly combatLevel: number;
  readonly spawn: { x: number; y: number };
  readonly wanderRadiusTiles: number;
  /** False for NPCs spawned by `admin:spawn`: gone for good when they die. */
  readonly respawns: boolean;
  x: number;
  y: number;
  facing: Direction;
  hp: number;
  mode: NpcMode;
  /** The player it fights (mode "fighting"). */
  targetId: number | null;
  /** The first tick on which it may swing. */
  nextSwingTick: number;
  /** The tick on which a dead NPC appears again. */
  respawnAtTick: number;
  /** Damage taken this life by player id, in the order players first dealt damage. */
  damageBy: Map<number, number>;
}

/** What clients are shown of an NPC (PROTOCOL.md `Npc`). */
export interface NpcView {
  id: number;
  kind: string;
  x: number;
  y: number;
  facing: Direction;
  hp: number;
  maxHp: number;
  combatLevel: number;
}

/** Something that happened in one step; the room stores and shows it. */
export type WorldEvent =
  /** An NPC took one step (from `from` to its current tile). */
  | { type: "npcMoved"; npcId: number; from: { x: number; y: number } }
  /** An NPC appeared: spawned, respawned, or placed back at its spawn point. */
  | { type: "npcAppeared"; npcId: number }
  /** An NPC healed (arriving back at its spawn point). */
  | { type: "npcHealed"; npcId: number }
  /** A player's swing at an NPC: `damage` is final (capped), `hp` is the NPC's HP after it. */
  | { type: "npcHit"; attackerId: number; npcId: number; damage: number; hp: number; maxHp: number; style: CombatStyle }
  /**
   * A swing at a player, by an NPC or (PvP) a player: `damage` as rolled, not yet capped by the player's
   * current HP, which only the stored state knows.
   */
  | { type: "playerHit"; attacker: EntityRef; playerId: number; damage: number; style: CombatStyle | null }
  /** An NPC died at (x, y); `drops` go on that tile, protected for `ownerId` (the top damage dealer). */
  | { type: "npcDied"; npcId: number; x: number; y: number; ownerId: number | null; drops: DroppedStack[] }
  /**
   * One gathering or cooking attempt, decided: `itemId` what it gives (null: a failed gathering attempt),
   * `xp` in `skill`; `raw` the raw food a cooking attempt uses up (taken from `slot` first).
   */
  | {
    type: "attempt"; playerId: number; action: "gather" | "cook"; resourceId: number; skill: SkillName; itemId: number | null; xp: number;
    raw: { itemId: number; slot: number } | null;
  }
  /** A resource was depleted or came back. */
  | { type: "resourceChanged"; resourceId: number }
  /** A player's gathering or cooking ended (`reason`: an error code such as DEPLETED, or DONE, INTERRUPTED). */
  | { type: "activityEnded"; playerId: number; reason: string };
