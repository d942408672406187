/**
 * How items enter the world: NPC drops, grants (the starter kit, admin:give) and shops (restocked units as a
 * trade finds them, and the coins a sale pays out).
 */
export type ItemSource = "drop" | "grant" | "shop";
/**
 * How items leave the world through a rule (despawns are the ground store's): eating, and shops (units of an
 * item the shop does not normally stock fading away, and the coins a purchase costs).
 */
export type ItemSink = "eat" | "shop";

/**
 * Where services report items that enter or leave the world (the operator's metrics), so that every
 * other change can be checked to conserve items. Called after the change is committed. A shop's stock is
 * part of the world: a unit bought or sold only changes hands.
 */
export interface ItemFlow {
  created(source: ItemSource, quantity: number): void;
  destroyed(sink: ItemSink, quantity: number): void;
}
