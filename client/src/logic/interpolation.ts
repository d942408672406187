import type { Direction } from "../../../src/protocol/index.js";

/** A point in tiles (fractional while moving). */
export interface TilePosition {
  x: number;
  y: number;
}

/**
 * Smooth movement between tiles for one entity: the state gives whole tiles; `moveTo` starts a glide from
 * where the entity is drawn now to the new tile, and `at` says where to draw it. A glide never jumps back
 * (a new tile mid-glide continues from the drawn position) and lasts `stepMs` per tile (up to
 * `maxGlideTiles`); a change of more than `snapTiles` (a teleport, a respawn, a map change) is not glided.
 */
export class TileMotion {
  private from: TilePosition;
  private to: TilePosition;
  private startMs = 0;
  private durationMs = 0;
  private lastFacing: Direction | null = null;

  constructor(
    start: TilePosition,
    private readonly options: { stepMs: number; snapTiles: number; maxGlideTiles: number } = { stepMs: 150, snapTiles: 3, maxGlideTiles: 2 },
  ) {
    this.from = { ...start };
    this.to = { ...start };
  }

  /** The tile the entity is going to (the state's). */
  get target(): TilePosition {
    return { ...this.to };
  }

  /** Starts moving toward (x, y) at `nowMs`; nothing happens when that is already the target. */
  moveTo(x: number, y: number, nowMs: number): void {
    if (x === this.to.x && y === this.to.y) return;
    const here = this.at(nowMs);
    const distance = Math.abs(x - here.x) + Math.abs(y - here.y);
    const dx = x - this.to.x;
    const dy = y - this.to.y;
    if (Math.abs(dx) + Math.abs(dy) > 0) this.lastFacing = Math.abs(dx) >= Math.abs(dy) ? (dx > 0 ? "right" : "left") : dy > 0 ? "down" : "up";
    this.to = { x, y };
    this.startMs = nowMs;
    if (Math.max(Math.abs(x - here.x), Math.abs(y - here.y)) > this.options.snapTiles) {
      this.from = { x, y };
      this.durationMs = 0;
      return;
    }
    this.from = here;
    this.durationMs = this.options.stepMs * Math.min(distance, this.options.maxGlideTiles);
  }

  /** Where to draw the entity at `nowMs`. */
  at(nowMs: number): TilePosition {
    return this.sample(nowMs, { x: 0, y: 0 });
  }

  /** `at` written into `out` (no allocation: the scene calls it for every entity on every frame). */
  sample(nowMs: number, out: TilePosition): TilePosition {
    const t = this.progress(nowMs);
    out.x = this.from.x + (this.to.x - this.from.x) * t;
    out.y = this.from.y + (this.to.y - this.from.y) * t;
    return out;
  }

  /** Whether the entity is between tiles at `nowMs`. */
  isMoving(nowMs: number): boolean {
    return this.progress(nowMs) < 1;
  }

  /** 0..1 through the current glide (1 when standing). */
  progress(nowMs: number): number {
    if (this.durationMs <= 0) return 1;
    return Math.min(1, Math.max(0, (nowMs - this.startMs) / this.durationMs));
  }

  /** The way of the last step (null before any): the facing to show when the state carries none. */
  get stepFacing(): Direction | null {
    return this.lastFacing;
  }
}
