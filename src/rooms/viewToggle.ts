import type { Client } from "@colyseus/core";
import type { Schema } from "@colyseus/schema";

/**
 * Adds `entity` to the client's StateView, or removes it, as `visible` says, keeping `seen` (the ids of
 * that kind its view holds) in step; nothing happens when the view already agrees.
 */
export function setVisible(client: Client, seen: Set<number>, id: number, entity: Schema, visible: boolean): void {
  if (visible && !seen.has(id)) {
    seen.add(id);
    client.view?.add(entity);
  } else if (!visible && seen.delete(id)) {
    client.view?.remove(entity);
  }
}
