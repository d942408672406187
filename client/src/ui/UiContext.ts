import type { ItemDefinition } from "../../../src/content/ItemDefinition.js";
import type { CommandResult } from "../../../src/protocol/index.js";
import type { RefusalContext } from "../logic/refusalWords.js";

/** A notice is news, a refusal, or a refusal because the player is muted (shown in the mutes' colour). */
export type NoticeKind = "info" | "error" | "muted";

/** What the panels use of the game: the catalogue, commands (refusals are shown in words) and notices. */
export interface UiContext {
  items: ReadonlyMap<number, ItemDefinition>;
  /** Sends a command; a refusal is shown to the player in words (with `context`) before it resolves. */
  command(type: string, payload: Record<string, unknown>, context?: RefusalContext): Promise<CommandResult>;
  notice(words: string, kind?: NoticeKind): void;
  /** Eats the food in an inventory slot (`eat`), showing what it healed. */
  eat(slot: number): Promise<void>;
  /**
   * A click on an inventory slot while a bank, shop or trade window is open (deposit, sell, offer): true
   * when a window took it (the click then neither eats nor equips).
   */
  useSlotInWindow?(slot: number, stack: { itemId: number; quantity: number }): boolean;
}

/** An item's name for the player, or a placeholder for an id the catalogue does not know. */
export function itemName(ctx: UiContext, itemId: number): string {
  return ctx.items.get(itemId)?.displayName ?? `item ${itemId}`;
}
