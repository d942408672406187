/** How items enter the world: NPC drops and grants (the starter kit, admin:give). */
export type ItemSource = "drop" | "grant";
/** How items leave the world through a rule (despawns are the ground store's). */
export type ItemSink = "eat";

/**
 * Where services report items that enter or leave the world (the operator's metrics), so that every
 * other change can be checked to conserve items. Called after the change is committed.
 */
export interface ItemFlow {
  created(source: ItemSource, quantity: number): void;
  destroyed(sink: ItemSink, quantity: number): void;
}
