/**
 * How items enter the world: NPC drops, grants (the starter kit, admin:give), shops (restocked units as a
 * trade finds them, and the coins a sale pays out), gathering (each item gathered) and cooking (each cooked
 * or burnt item).
 */
export const ITEM_SOURCES = ["drop", "grant", "shop", "gather", "cook"] as const;
export type ItemSource = (typeof ITEM_SOURCES)[number];
/**
 * How items leave the world: eating, shops (units of an item the shop does not normally stock fading away,
 * and the coins a purchase costs), cooking (each raw item used up) and ground items despawning.
 */
export const ITEM_SINKS = ["eat", "shop", "cook", "despawn"] as const;
export type ItemSink = (typeof ITEM_SINKS)[number];

/**
 * Where services report items that enter or leave the world (the operator's metrics), so that every
 * other change can be checked to conserve items. Called after the change is committed. A shop's stock is
 * part of the world: a unit bought or sold only changes hands.
 */
export interface ItemFlow {
  created(source: ItemSource, quantity: number): void;
  destroyed(sink: ItemSink, quantity: number): void;
}
