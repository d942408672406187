import type { ItemBonuses } from "../content/ItemDefinition.js";
import type { PlayerSnapshot } from "../state/PlayerSnapshot.js";
import type { ItemService } from "./ItemService.js";
import { combatLevel } from "./rules/combatLevel.js";
import { totalStats } from "./rules/equipmentRules.js";
import { isDead } from "./rules/hpRules.js";

/** What clients are shown of a player, derived from the stored state by the rules. */
export interface PlayerView {
  dead: boolean;
  combatLevel: number;
  stats: ItemBonuses;
}

/** Derives the shown values (equipment totals, combat level, dead flag) from a snapshot. */
export class PlayerViewService {
  constructor(private readonly items: ItemService) {}

  describe(snapshot: PlayerSnapshot): PlayerView {
    return {
      dead: isDead(snapshot),
      combatLevel: combatLevel(snapshot.skills),
      stats: totalStats(snapshot.equipment, (id) => this.items.getById(id)),
    };
  }
}
