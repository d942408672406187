import type { Client } from "@colyseus/core";
import { ResourceState, type MapState } from "../schema/MapState.js";
import { chebyshev, type Tile } from "../services/rules/distance.js";
import type { ResourceView } from "../services/world/worldTypes.js";
import { LineIndex } from "./LineIndex.js";
import { setVisible } from "./viewToggle.js";

/**
 * The map's resources in the room's state, each shown to the clients whose player is within `radiusTiles`
 * (Chebyshev) of it. Resources never move; after a one-tile step of a player only the resources on the
 * edge of its area are checked.
 */
export class ResourceMirror {
  private readonly entries = new Map<number, ResourceState>();
  private readonly lines = new LineIndex();

  constructor(
    private readonly state: MapState,
    private readonly radiusTiles: number,
  ) {}

  /** Adds a resource to the state, or updates whether it is depleted (every client that sees it is told). */
  upsert(view: ResourceView): void {
    let entry = this.entries.get(view.id);
    if (!entry) {
      entry = new ResourceState();
      entry.id = view.id;
      entry.kind = view.kind;
      entry.x = view.x;
      entry.y = view.y;
      this.entries.set(view.id, entry);
      this.lines.add(view.id, entry);
      this.state.resources.set(String(view.id), entry);
    }
    if (entry.depleted !== view.depleted) entry.depleted = view.depleted;
  }

  /** Shows the client, whose player stands on `at` (after a step from `from`), the resources in its area and hides the others. */
  refresh(client: Client, at: Tile, from?: Tile): void {
    for (const id of this.lines.boundary(at, from, this.radiusTiles) ?? this.entries.keys()) {
      const entry = this.entries.get(id);
      if (!entry) continue;
      setVisible(client, entry, chebyshev(at, entry) <= this.radiusTiles);
    }
  }
}
