import * as Phaser from "phaser";
import { FRAME_PX, SHEET_FACINGS, WALK_FRAMES } from "../art/artCatalogue.js";
import { TileMotion } from "../logic/interpolation.js";
import type { Direction } from "../../../src/protocol/index.js";

/** What a character view shows of a player or an NPC (the room state's fields). */
export interface CharacterState {
  x: number;
  y: number;
  facing: string;
  hp: number;
  maxHp: number;
  dead?: boolean;
}

const HP_BAR_PX = 28;
const FRAMES_PER_ROW = SHEET_FACINGS.length * WALK_FRAMES;

/** The pixel of a tile's bottom centre, where a character stands. */
export function feetOf(x: number, y: number): { px: number; py: number } {
  return { px: x * FRAME_PX + FRAME_PX / 2, py: (y + 1) * FRAME_PX - 2 };
}

/**
 * One character in the world: its sprite (a row of a character sheet, facing and walking), its name and
 * its HP bar, gliding between tiles (TileMotion) and drawn in front of what is above it.
 */
export class CharacterView {
  readonly container: Phaser.GameObjects.Container;
  private readonly sprite: Phaser.GameObjects.Sprite;
  private readonly hpBar: Phaser.GameObjects.Graphics;
  private readonly motion: TileMotion;
  private shownHp = "";
  private stride = 0;
  private lastTarget = "";

  constructor(
    scene: Phaser.Scene,
    private readonly sheet: string,
    private readonly row: number,
    label: string,
    private readonly highlight: boolean,
    start: CharacterState,
    nowMs: number,
  ) {
    this.motion = new TileMotion({ x: start.x, y: start.y });
    this.sprite = scene.add.sprite(0, 0, sheet, this.frameOf(start.facing, 0)).setOrigin(0.5, 1);
    const name = scene.add
      .text(0, -FRAME_PX - 7, label, {
        fontFamily: "system-ui, sans-serif",
        fontSize: "11px",
        color: highlight ? "#ffe066" : "#ffffff",
        stroke: "#000000",
        strokeThickness: 3,
      })
      .setOrigin(0.5, 1);
    this.hpBar = scene.add.graphics();
    this.container = scene.add.container(0, 0, [this.sprite, this.hpBar, name]);
    this.lastTarget = `${start.x},${start.y}`;
    this.update(start, nowMs);
  }

  /** Moves, turns, animates and redraws the HP bar from the latest state. */
  update(state: CharacterState, nowMs: number): void {
    const target = `${state.x},${state.y}`;
    if (target !== this.lastTarget) {
      this.lastTarget = target;
      this.stride++;
      this.motion.moveTo(state.x, state.y, nowMs);
    }
    const at = this.motion.at(nowMs);
    const { px, py } = feetOf(at.x, at.y);
    this.container.setPosition(Math.round(px), Math.round(py));
    // The player's own character is drawn over others on its tile (new players all share the spawn).
    this.container.setDepth(py + (this.highlight ? 0.5 : 0));
    const moving = this.motion.isMoving(nowMs);
    const facing = SHEET_FACINGS.includes(state.facing as Direction) ? state.facing : (this.motion.stepFacing ?? "down");
    const step = moving ? (this.motion.progress(nowMs) < 0.5 ? 1 + (this.stride % 2) : 0) : 0;
    this.sprite.setFrame(this.frameOf(facing, step));
    this.sprite.setAlpha(state.dead ? 0.35 : 1);
    const hp = `${state.hp}/${state.maxHp}`;
    if (hp !== this.shownHp) {
      this.shownHp = hp;
      this.drawHp(state.hp, state.maxHp);
    }
  }

  /** The tile the character is drawn on or going to. */
  get tile(): { x: number; y: number } {
    return this.motion.target;
  }

  /** Where (in tiles) the character is drawn at `nowMs` (the scene's clock): between tiles while walking. */
  drawnAt(nowMs: number): { x: number; y: number } {
    return this.motion.at(nowMs);
  }

  /** Whether it is between tiles right now. */
  isMoving(nowMs: number): boolean {
    return this.motion.isMoving(nowMs);
  }

  destroy(): void {
    this.container.destroy();
  }

  private frameOf(facing: string, step: number): number {
    const column = Math.max(0, SHEET_FACINGS.indexOf(facing as Direction));
    return this.row * FRAMES_PER_ROW + column * WALK_FRAMES + step;
  }

  private drawHp(hp: number, maxHp: number): void {
    const g = this.hpBar;
    g.clear();
    if (maxHp <= 0) return;
    const fraction = Math.max(0, Math.min(1, hp / maxHp));
    const y = -FRAME_PX - 3;
    g.fillStyle(0x000000, 0.8);
    g.fillRect(-HP_BAR_PX / 2 - 1, y - 1, HP_BAR_PX + 2, 6);
    g.fillStyle(0xb3261e, 1);
    g.fillRect(-HP_BAR_PX / 2, y, HP_BAR_PX, 4);
    g.fillStyle(fraction > 0.5 ? 0x3fbf4f : fraction > 0.25 ? 0xe0b020 : 0xe04020, 1);
    g.fillRect(-HP_BAR_PX / 2, y, Math.round(HP_BAR_PX * fraction), 4);
  }
}
