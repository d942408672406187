import * as Phaser from "phaser";
import { FRAME_PX, SHEET_FACINGS, WALK_FRAMES } from "../art/artCatalogue.js";
import { TileMotion, type TilePosition } from "../logic/interpolation.js";
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

/** How a character is drawn: its sheet and row, its label, and how long its glide over one tile lasts. */
export interface CharacterLook {
  sheet: string;
  row: number;
  label: string;
  labelColor: string;
  /** The player's own character: drawn over others on its tile. */
  highlight: boolean;
  /** One tile's glide: the move cooldown for players, the tick for NPCs (they step once a tick). */
  stepMs: number;
}

const HP_BAR_PX = 28;
const FRAMES_PER_ROW = SHEET_FACINGS.length * WALK_FRAMES;

/**
 * One character in the world, its feet on the bottom centre of its tile: its sprite (a row of a character sheet, facing and walking), its label and
 * its HP bar, gliding between tiles (TileMotion) and drawn in front of what is above it. `update` runs for
 * every character on every frame, so it allocates nothing and touches Phaser only for what changed.
 */
export class CharacterView {
  readonly container: Phaser.GameObjects.Container;
  private readonly sprite: Phaser.GameObjects.Sprite;
  private readonly hpBar: Phaser.GameObjects.Graphics;
  private readonly motion: TileMotion;
  private readonly drawn: TilePosition = { x: 0, y: 0 };
  private shownHp = -1;
  private shownMaxHp = -1;
  private shownFrame = -1;
  private shownDead: boolean | null = null;
  private stride = 0;
  private lastX: number;
  private lastY: number;
  /** The scene's frame that last saw this character in the state (views not seen are removed). */
  seenFrame = 0;

  constructor(scene: Phaser.Scene, private readonly look: CharacterLook, start: CharacterState, nowMs: number) {
    this.motion = new TileMotion({ x: start.x, y: start.y }, { stepMs: look.stepMs, snapTiles: 3, maxGlideTiles: 2 });
    this.sprite = scene.add.sprite(0, 0, look.sheet, this.frameOf(start.facing, 0)).setOrigin(0.5, 1);
    const name = scene.add
      .text(0, -FRAME_PX - 7, look.label, {
        fontFamily: "system-ui, sans-serif",
        fontSize: "11px",
        color: look.labelColor,
        // A backing of its own keeps the front label legible where two characters stand side by side.
        backgroundColor: "rgba(0, 0, 0, 0.5)",
        padding: { x: 3, y: 0 },
      })
      .setOrigin(0.5, 1);
    this.hpBar = scene.add.graphics();
    this.container = scene.add.container(0, 0, [this.sprite, this.hpBar, name]);
    this.lastX = start.x;
    this.lastY = start.y;
    this.update(start, nowMs);
  }

  /** Moves, turns, animates and redraws the HP bar from the latest state. */
  update(state: CharacterState, nowMs: number): void {
    if (state.x !== this.lastX || state.y !== this.lastY) {
      this.lastX = state.x;
      this.lastY = state.y;
      this.stride++;
      this.motion.moveTo(state.x, state.y, nowMs);
    }
    const at = this.motion.sample(nowMs, this.drawn);
    const px = Math.round(at.x * FRAME_PX + FRAME_PX / 2);
    const py = Math.round((at.y + 1) * FRAME_PX - 2);
    if (px !== this.container.x || py !== this.container.y) {
      this.container.setPosition(px, py);
      // The player's own character is drawn over others on its tile (new players all share the spawn).
      this.container.setDepth(py + (this.look.highlight ? 0.5 : 0));
    }
    const moving = this.motion.isMoving(nowMs);
    const facing = SHEET_FACINGS.includes(state.facing as Direction) ? state.facing : (this.motion.stepFacing ?? "down");
    const step = moving ? (this.motion.progress(nowMs) < 0.5 ? 1 + (this.stride % 2) : 0) : 0;
    const frame = this.frameOf(facing, step);
    if (frame !== this.shownFrame) {
      this.shownFrame = frame;
      this.sprite.setFrame(frame);
    }
    const dead = state.dead === true;
    if (dead !== this.shownDead) {
      this.shownDead = dead;
      this.sprite.setAlpha(dead ? 0.35 : 1);
    }
    if (state.hp !== this.shownHp || state.maxHp !== this.shownMaxHp) {
      this.shownHp = state.hp;
      this.shownMaxHp = state.maxHp;
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

  /** The middle of the sprite as last drawn (world pixels): where hit numbers float. */
  get middle(): { x: number; y: number } {
    return { x: this.container.x, y: this.container.y - FRAME_PX / 2 };
  }

  /** Whether the world point (px, py) falls on the character's sprite as last drawn (for clicks). */
  contains(px: number, py: number): boolean {
    const x = this.container.x;
    const y = this.container.y;
    return px >= x - FRAME_PX / 2 && px < x + FRAME_PX / 2 && py >= y - FRAME_PX + 2 && py < y + 2;
  }

  destroy(): void {
    this.container.destroy();
  }

  private frameOf(facing: string, step: number): number {
    const column = Math.max(0, SHEET_FACINGS.indexOf(facing as Direction));
    return this.look.row * FRAMES_PER_ROW + column * WALK_FRAMES + step;
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
