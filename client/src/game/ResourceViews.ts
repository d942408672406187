import type * as Phaser from "phaser";
import type { MapSchema } from "@colyseus/schema";
import { FRAME_PX } from "../art/artCatalogue.js";
import type { ResourceState } from "../../../src/schema/MapState.js";
import { resourceLookOf, type ResourceLook } from "../logic/resourceLook.js";

interface ResourceView {
  graphics: Phaser.GameObjects.Graphics;
  depleted: boolean;
  seenFrame: number;
}

/**
 * The resources in sight (trees, rocks, fishing spots, fires, ranges), drawn over their tiles: a tree as a
 * crown on a trunk (a stump when felled), a rock in its ore's colour (grey rubble when mined out), a
 * fishing spot as ripples, a fire as flames, a range as a stove. Redrawn only when one is depleted or comes
 * back; views of resources out of sight are removed.
 */
export class ResourceViews {
  private readonly views = new Map<string, ResourceView>();
  private readonly byTile = new Map<string, number>();
  private frame = 0;

  constructor(private readonly scene: Phaser.Scene) {}

  /** Brings the views in step with the room's `resources` (once per frame). */
  sync(resources: MapSchema<ResourceState> | undefined): void {
    this.frame++;
    resources?.forEach(this.syncOne);
    this.views.forEach(this.removeUnseen);
  }

  /** The id of the resource on tile (x, y), or null. */
  at(x: number, y: number): number | null {
    return this.byTile.get(`${x},${y}`) ?? null;
  }

  /** Whether the resource is drawn depleted (for tests and the curious); undefined when not drawn. */
  drawnDepleted(resourceId: number): boolean | undefined {
    return this.views.get(String(resourceId))?.depleted;
  }

  clear(): void {
    for (const view of this.views.values()) view.graphics.destroy();
    this.views.clear();
    this.byTile.clear();
  }

  private readonly syncOne = (resource: ResourceState, key: string): void => {
    let view = this.views.get(key);
    if (!view) {
      const graphics = this.scene.add.graphics().setPosition(resource.x * FRAME_PX, resource.y * FRAME_PX).setDepth(resource.y * FRAME_PX - 1);
      view = { graphics, depleted: !resource.depleted, seenFrame: 0 };
      this.views.set(key, view);
      this.byTile.set(`${resource.x},${resource.y}`, resource.id);
    }
    view.seenFrame = this.frame;
    if (view.depleted !== resource.depleted) {
      view.depleted = resource.depleted;
      draw(view.graphics, resourceLookOf(resource.kind), resource.depleted);
    }
  };

  private readonly removeUnseen = (view: ResourceView, key: string): void => {
    if (view.seenFrame === this.frame) return;
    view.graphics.destroy();
    this.views.delete(key);
    for (const [tile, id] of this.byTile) if (String(id) === key) this.byTile.delete(tile);
  };
}

const T = FRAME_PX;

function draw(g: Phaser.GameObjects.Graphics, look: ResourceLook, depleted: boolean): void {
  g.clear();
  switch (look.shape) {
    case "tree":
      g.fillStyle(0x5a3a1e, 1).fillRect(T * 0.42, T * 0.55, T * 0.16, T * 0.4);
      if (depleted) g.fillStyle(0x8a6a40, 1).fillEllipse(T * 0.5, T * 0.56, T * 0.3, T * 0.12);
      else g.fillStyle(look.color, 1).fillCircle(T * 0.5, T * 0.38, T * 0.34).lineStyle(2, 0x0c2a0c, 0.8).strokeCircle(T * 0.5, T * 0.38, T * 0.34);
      break;
    case "rock":
      g.fillStyle(depleted ? 0x55555a : 0x77777c, 1).fillEllipse(T * 0.5, T * 0.6, T * 0.8, T * 0.6);
      if (!depleted) {
        g.fillStyle(look.color, 1);
        for (const [x, y] of [[0.35, 0.52], [0.6, 0.6], [0.48, 0.72]] as const) g.fillCircle(T * x, T * y, T * 0.08);
      }
      g.lineStyle(2, 0x202024, 0.8).strokeEllipse(T * 0.5, T * 0.6, T * 0.8, T * 0.6);
      break;
    case "fishing":
      g.lineStyle(2, look.color, 0.9);
      for (const r of [0.12, 0.24, 0.36]) g.strokeEllipse(T * 0.5, T * 0.5, T * r * 2, T * r * 1.2);
      break;
    case "fire":
      g.fillStyle(0x4a2a10, 1).fillRect(T * 0.2, T * 0.78, T * 0.6, T * 0.1);
      g.fillStyle(0xff7a1a, 1).fillTriangle(T * 0.25, T * 0.8, T * 0.5, T * 0.2, T * 0.75, T * 0.8);
      g.fillStyle(0xffd23a, 1).fillTriangle(T * 0.38, T * 0.8, T * 0.5, T * 0.45, T * 0.62, T * 0.8);
      break;
    case "range":
      g.fillStyle(0x3a3a44, 1).fillRect(T * 0.12, T * 0.25, T * 0.76, T * 0.65).lineStyle(2, 0x101014, 1).strokeRect(T * 0.12, T * 0.25, T * 0.76, T * 0.65);
      g.fillStyle(0xff5a1a, 1).fillRect(T * 0.3, T * 0.55, T * 0.4, T * 0.2);
      break;
  }
}
