import type { GameRules } from "../../config/config.js";
import { EQUIPMENT_SLOTS, type GroundItem, type ItemStack, type PlayerState, type Position, type Rarity } from "../../state/types.js";
import { groundItemTimers } from "./groundItemTimers.js";

export interface DropContext {
  position: Position;
  /** The player the item is protected for, or null for an item that is public at once. */
  droppedBy: number | null;
  nowMs: number;
  /** The rarity that sets the item's timers. */
  rarityOf: (itemId: number) => Rarity;
  rules: Pick<GameRules, "groundItemTimerScale" | "rarityTimersS">;
}

/** The ground item that `stack` becomes when dropped at `ctx.position` now, under the id `id`. */
export function groundItemFromStack(id: number, stack: ItemStack, ctx: DropContext): GroundItem {
  const timers = groundItemTimers(ctx.rarityOf(stack.itemId), ctx.nowMs, ctx.rules.groundItemTimerScale, ctx.rules.rarityTimersS);
  return {
    id,
    itemId: stack.itemId,
    mapId: ctx.position.mapId,
    x: ctx.position.x,
    y: ctx.position.y,
    quantity: stack.quantity,
    durability: stack.durability,
    droppedBy: ctx.droppedBy,
    droppedAtMs: ctx.nowMs,
    ...timers,
  };
}

/** Every stack a player carries: inventory slots in slot order, then equipment in slot-name order. */
export function carriedStacks(state: Pick<PlayerState, "inventory" | "equipment">): ItemStack[] {
  const inventory = [...state.inventory].sort(([a], [b]) => a - b).map(([, stack]) => stack);
  const equipment = EQUIPMENT_SLOTS.flatMap((slot) => {
    const stack = state.equipment.get(slot);
    return stack ? [stack] : [];
  });
  return [...inventory, ...equipment];
}

/**
 * The ground items a death leaves (GAME_RULES "death"): one per carried stack, on the death tile, protected
 * for the dead player. `ids` supplies one id per stack, in `carriedStacks` order.
 * @throws RangeError when there are fewer ids than stacks.
 */
export function deathDrops(
  state: Pick<PlayerState, "playerId" | "position" | "inventory" | "equipment">,
  ids: readonly number[],
  ctx: Omit<DropContext, "position" | "droppedBy">,
): GroundItem[] {
  const stacks = carriedStacks(state);
  if (ids.length < stacks.length) throw new RangeError(`${stacks.length} stacks need as many ids, got ${ids.length}`);
  return stacks.map((stack, i) =>
    groundItemFromStack(ids[i]!, stack, { ...ctx, position: state.position, droppedBy: state.playerId }),
  );
}
