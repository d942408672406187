import type { PlayerSnapshot } from "../../state/PlayerSnapshot.js";
import { UNARMED_ATTACK_SPEED_TICKS } from "../rules/combat.js";
import { combatLevel } from "../rules/combatLevel.js";
import { totalStats, type ItemLookup } from "../rules/equipmentRules.js";
import { isDead } from "../rules/hpRules.js";
import { skillLevel } from "../rules/skillLevel.js";
import type { WorldPlayer } from "./worldTypes.js";

/**
 * What the map world mirrors of a player, from its stored snapshot: position, life, combat level, melee
 * levels and equipment totals with its style, the wielded weapon's attack speed (unarmed 4), and its
 * skills, inventory and equipment for gathering and cooking.
 */
export function worldPlayerOf(snapshot: PlayerSnapshot, getItem: ItemLookup): WorldPlayer {
  const stats = totalStats(snapshot.equipment, getItem);
  const weapon = snapshot.equipment.get("weapon");
  return {
    id: snapshot.playerId,
    x: snapshot.position.x,
    y: snapshot.position.y,
    alive: !isDead(snapshot),
    combatLevel: combatLevel(snapshot.skills),
    attackSpeedTicks: (weapon && getItem(weapon.itemId)?.attackSpeedTicks) || UNARMED_ATTACK_SPEED_TICKS,
    fighter: {
      attackLevel: skillLevel(snapshot.skills, "attack"),
      strengthLevel: skillLevel(snapshot.skills, "strength"),
      defenceLevel: skillLevel(snapshot.skills, "defence"),
      attackBonus: stats.attack,
      strengthBonus: stats.strength,
      defenceBonus: stats.defence,
      style: snapshot.combatStyle,
    },
    holdings: { skills: snapshot.skills, inventory: snapshot.inventory, equipment: snapshot.equipment },
  };
}
