import * as Phaser from "phaser";
import { freeLane, splatPose, type SplatKind, type SplatPose } from "../logic/hitSplatLayout.js";

/** Where a number's target is drawn now (world pixels, the middle of its sprite), or null when it is gone. */
export type AnchorOf = (targetKey: string) => { x: number; y: number } | null;

interface Splat {
  text: Phaser.GameObjects.Text;
  targetKey: string;
  lane: number;
  bornMs: number;
  live: boolean;
  /** Where the target was last drawn: a number stays there when its target disappears (a killing blow). */
  x: number;
  y: number;
}

/** A number as shown, kept for tests and the curious (the last `SHOWN_KEPT`). */
export interface ShownSplat {
  targetKey: string;
  kind: SplatKind;
  text: string;
  atMs: number;
}

const POOL_MAX = 96;
const SHOWN_KEPT = 100;
const STYLES: Record<SplatKind, { color: string; backgroundColor: string }> = {
  hit: { color: "#ffffff", backgroundColor: "#b3261e" },
  miss: { color: "#e8f0ff", backgroundColor: "#2f5fb0" },
  heal: { color: "#ffffff", backgroundColor: "#2e8b3e" },
};

/**
 * The floating numbers over characters (`hit` damage, misses as a blue 0, healing in green): a pool of
 * text objects reused from number to number, each following its target as it walks, in a lane of its own
 * (hitSplatLayout), for `SPLAT_LIFE_MS`.
 */
export class HitSplats {
  private readonly pool: Splat[] = [];
  private readonly pose: SplatPose = { dx: 0, dy: 0, alpha: 1, scale: 1 };
  /** The numbers shown, newest last. */
  readonly shown: ShownSplat[] = [];

  constructor(private readonly scene: Phaser.Scene) {}

  /** Shows `text` over the target `targetKey` ("npc:3", "player:12"), which is drawn at `anchor` now. */
  show(targetKey: string, kind: SplatKind, text: string, anchor: { x: number; y: number }, nowMs: number): void {
    let busy = 0;
    for (const s of this.pool) if (s.live && s.targetKey === targetKey) busy |= 1 << s.lane;
    let lane = freeLane(busy);
    let splat: Splat | undefined;
    if (lane < 0) {
      splat = this.oldest((s) => s.targetKey === targetKey);
      lane = splat?.lane ?? 0;
    }
    splat ??= this.pool.find((s) => !s.live) ?? (this.pool.length < POOL_MAX ? this.create() : this.oldest(() => true));
    if (!splat) return;
    const style = STYLES[kind];
    splat.text.setText(text).setColor(style.color).setBackgroundColor(style.backgroundColor).setVisible(true);
    Object.assign(splat, { targetKey, lane, bornMs: nowMs, live: true, x: anchor.x, y: anchor.y });
    this.place(splat, nowMs);
    this.shown.push({ targetKey, kind, text, atMs: nowMs });
    if (this.shown.length > SHOWN_KEPT) this.shown.splice(0, this.shown.length - SHOWN_KEPT);
  }

  /** Moves every live number with its target and ages it; a number past its life is hidden for reuse. */
  update(nowMs: number, anchorOf: AnchorOf): void {
    for (const splat of this.pool) {
      if (!splat.live) continue;
      const anchor = anchorOf(splat.targetKey);
      if (anchor) {
        splat.x = anchor.x;
        splat.y = anchor.y;
      }
      this.place(splat, nowMs);
    }
  }

  /** How many numbers are on screen now. */
  get liveCount(): number {
    let n = 0;
    for (const s of this.pool) if (s.live) n++;
    return n;
  }

  /** Hides every number (a map change). */
  clear(): void {
    for (const s of this.pool) {
      s.live = false;
      s.text.setVisible(false);
    }
  }

  private place(splat: Splat, nowMs: number): void {
    if (!splatPose(nowMs - splat.bornMs, splat.lane, this.pose)) {
      splat.live = false;
      splat.text.setVisible(false);
      return;
    }
    const p = this.pose;
    splat.text.setPosition(Math.round(splat.x + p.dx), Math.round(splat.y + p.dy)).setAlpha(p.alpha).setScale(p.scale);
  }

  private create(): Splat {
    const text = this.scene.add
      .text(0, 0, "", { fontFamily: "system-ui, sans-serif", fontSize: "12px", fontStyle: "bold", padding: { x: 4, y: 1 } })
      .setOrigin(0.5, 0.5)
      .setDepth(2e6)
      .setVisible(false);
    const splat: Splat = { text, targetKey: "", lane: 0, bornMs: 0, live: false, x: 0, y: 0 };
    this.pool.push(splat);
    return splat;
  }

  private oldest(match: (s: Splat) => boolean): Splat | undefined {
    let found: Splat | undefined;
    for (const s of this.pool) if (s.live && match(s) && (!found || s.bornMs < found.bornMs)) found = s;
    return found;
  }
}
