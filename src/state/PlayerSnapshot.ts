import { isCombatStyle } from "../protocol/names.js";
import { decodeEquipment, decodeInventory, decodeSkills } from "./codec.js";
import type { PlayerState } from "./types.js";

/**
 * One online player's whole hot state as read in one atomic step, with the version a check-and-set
 * (`StateTransaction.expectPlayer`) must present. `respawnAtMs` is set while the player is dead.
 */
export interface PlayerSnapshot extends PlayerState {
  version: number;
  respawnAtMs: number | null;
}

/** Decodes the four hashes of a player; null when the player hash is empty (not loaded). */
export function decodePlayerSnapshot(
  playerId: number,
  player: Record<string, string>,
  inventory: Record<string, string>,
  equipment: Record<string, string>,
  skills: Record<string, string>,
): PlayerSnapshot | null {
  if (player.version === undefined) return null;
  return {
    playerId,
    username: player.username ?? "",
    version: Number(player.version),
    position: { mapId: player.map_id ?? "", x: Number(player.x), y: Number(player.y) },
    hp: { currentHp: Number(player.current_hp), maxHp: Number(player.max_hp) },
    respawnAtMs: player.respawn_at ? Number(player.respawn_at) : null,
    inventory: decodeInventory(inventory),
    equipment: decodeEquipment(equipment),
    skills: decodeSkills(skills),
    combatStyle: isCombatStyle(player.combat_style) ? player.combat_style : "accurate",
  };
}

/** Turns a flat HGETALL reply from a script ([field, value, ...]) into an object. */
export function pairsToObject(flat: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const list = Array.isArray(flat) ? (flat as string[]) : [];
  for (let i = 0; i + 1 < list.length; i += 2) out[list[i]!] = list[i + 1]!;
  return out;
}
