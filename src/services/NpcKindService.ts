import type { NpcKind } from "../content/NpcKind.js";
import { NPC_KINDS } from "../content/npcKinds.js";
import type { NpcKindInfo } from "../protocol/npcKindInfo.js";
import type { ItemService } from "./ItemService.js";
import { npcCombatLevel } from "./rules/combat.js";
import { dropChances, rollDrops, type DroppedStack } from "./rules/drops.js";
import type { RandomSource } from "./rules/random.js";

/** A kind as `GET /npcs` lists it (PROTOCOL.md `npcKind`; the shape is the protocol's). */
export type NpcKindView = NpcKindInfo;

/**
 * The NPC kinds in memory: content, read-only at run time, checked against the item catalogue when built.
 * @throws Error at construction naming every content problem (unknown drop item, duplicate kind, bad numbers).
 */
export class NpcKindService {
  private readonly byKind = new Map<string, NpcKind>();

  constructor(private readonly items: ItemService, private readonly kinds: readonly NpcKind[] = NPC_KINDS) {
    const problems: string[] = [];
    for (const k of kinds) {
      if (this.byKind.has(k.kind)) problems.push(`duplicate NPC kind ${k.kind}`);
      this.byKind.set(k.kind, k);
      const numbers = { ...k.levels, attackSpeedTicks: k.attackSpeedTicks };
      for (const [name, value] of Object.entries(numbers)) if (!Number.isInteger(value) || value < 1) problems.push(`${k.kind}: ${name} must be a positive integer`);
      for (const entry of [...k.drops.always, ...k.drops.roll]) {
        if (!items.getByName(entry.item)) problems.push(`${k.kind}: drops the unknown item "${entry.item}"`);
        if (!Number.isInteger(entry.min) || entry.min < 1 || entry.max < entry.min) problems.push(`${k.kind}: bad quantities for ${entry.item}`);
      }
    }
    if (problems.length > 0) throw new Error(`invalid NPC kinds:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }

  /** The kind, or undefined for an unknown name. */
  get(kind: string): NpcKind | undefined {
    return this.byKind.get(kind);
  }

  all(): readonly NpcKind[] {
    return this.kinds;
  }

  /** Every kind as `GET /npcs` lists it, in content order. */
  describe(): NpcKindView[] {
    return this.kinds.map((k) => ({
      kind: k.kind,
      displayName: k.displayName,
      behaviour: k.behaviour,
      combatLevel: npcCombatLevel(k.levels),
      maxHp: k.levels.hitpoints,
      attackSpeedTicks: k.attackSpeedTicks,
      aggressionRadius: k.aggressionRadiusTiles,
      drops: dropChances(k.drops).map(({ item, min, max, chance }) => ({ itemId: this.items.getByName(item)!.id, min, max, chance })),
      shop: k.shop,
    }));
  }

  /** What a dying NPC of `kind` leaves (one roll of its table). */
  rollDrops(kind: NpcKind, random: RandomSource): DroppedStack[] {
    return rollDrops(kind.drops, random, (name) => this.items.getByName(name)?.id);
  }
}
