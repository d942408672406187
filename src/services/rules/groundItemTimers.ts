import { RARITY_TIMERS_S } from "../../config/config.js";
import type { GroundItem, Rarity } from "../../state/types.js";

export interface GroundItemTimes {
  /** From this instant everyone may see and take the item; before it only the dropper. */
  publicAtMs: number;
  /** From this instant the item is gone for everyone. */
  despawnAtMs: number;
}

/**
 * Protection and despawn instants of an item dropped at `droppedAtMs`: the rarity's times from
 * `RARITY_TIMERS_S` multiplied by `scale` (`GROUND_ITEM_TIMER_SCALE`), rounded to whole milliseconds.
 */
export function groundItemTimers(
  rarity: Rarity,
  droppedAtMs: number,
  scale: number,
  timers: Record<Rarity, { protectS: number; despawnS: number }> = RARITY_TIMERS_S,
): GroundItemTimes {
  const { protectS, despawnS } = timers[rarity];
  return {
    publicAtMs: droppedAtMs + Math.round(protectS * 1000 * scale),
    despawnAtMs: droppedAtMs + Math.round(despawnS * 1000 * scale),
  };
}

/** Whether the item has despawned at `nowMs`. */
export function isDespawned(groundItem: Pick<GroundItem, "despawnAtMs">, nowMs: number): boolean {
  return nowMs >= groundItem.despawnAtMs;
}

/**
 * Whether `playerId` may see (and so take) the item at `nowMs`: nobody once it has despawned; only the
 * dropper while it is protected; everyone after that. An item nobody dropped (`droppedBy` null) is never
 * protected.
 */
export function isVisibleTo(
  groundItem: Pick<GroundItem, "droppedBy" | "publicAtMs" | "despawnAtMs">,
  playerId: number,
  nowMs: number,
): boolean {
  if (isDespawned(groundItem, nowMs)) return false;
  if (nowMs < groundItem.publicAtMs && groundItem.droppedBy !== null) return groundItem.droppedBy === playerId;
  return true;
}
