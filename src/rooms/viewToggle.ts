import type { Client } from "@colyseus/core";
import type { Schema } from "@colyseus/schema";

/**
 * Adds `entity` to the client's StateView, or removes it, as `visible` says; nothing happens when the view
 * already agrees. The view is the one record of what a client sees (its per-tree visibility bit): no id set
 * beside it, which cost ~4-6 KB per player at a crowded spot (docs/PERFORMANCE.md, memory per player).
 */
export function setVisible(client: Client, entity: Schema, visible: boolean): void {
  const view = client.view;
  if (!view || view.has(entity) === visible) return;
  if (visible) view.add(entity);
  else view.remove(entity);
}

/** Whether the client's StateView holds `entity`. */
export function sees(client: Client, entity: Schema): boolean {
  return client.view?.has(entity) ?? false;
}
