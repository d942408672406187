/**
 * Where and how a floating hit number is drawn over its target as it ages (pure: the scene calls it every
 * frame with a reused `out`). A number pops in, rises and fades within `SPLAT_LIFE_MS`; numbers alive on one
 * target at once take different lanes, so that two hits in a row never cover each other.
 */

/** How long a hit number stays on screen. */
export const SPLAT_LIFE_MS = 1_100;
/** Numbers that can show on one target at the same time, each in its own lane. */
export const SPLAT_LANES = 4;
/** How far a number rises over its life (pixels). */
export const SPLAT_RISE_PX = 18;
const POP_MS = 120;
const FADE_FROM = 0.6;
const LANE_OFFSETS: readonly (readonly [number, number])[] = [[0, 0], [-14, -9], [14, -9], [0, -18]];

export interface SplatPose {
  /** Offset from the anchor (the middle of the target's sprite), in pixels. */
  dx: number;
  dy: number;
  alpha: number;
  scale: number;
}

/**
 * The pose of a number `ageMs` after it appeared in `lane`, written into `out`; false once its life is over
 * (or before it began).
 */
export function splatPose(ageMs: number, lane: number, out: SplatPose): boolean {
  if (ageMs < 0 || ageMs >= SPLAT_LIFE_MS) return false;
  const t = ageMs / SPLAT_LIFE_MS;
  const [laneX, laneY] = LANE_OFFSETS[lane % SPLAT_LANES]!;
  out.dx = laneX;
  out.dy = laneY - SPLAT_RISE_PX * t;
  out.alpha = t < FADE_FROM ? 1 : Math.max(0, 1 - (t - FADE_FROM) / (1 - FADE_FROM));
  out.scale = ageMs < POP_MS ? 1.4 - 0.4 * (ageMs / POP_MS) : 1;
  return true;
}

/**
 * The lane for a new number on a target whose live numbers use the lanes set in `busyMask` (bit i: lane i):
 * the lowest free one, or -1 when every lane is taken (the caller reuses the oldest number's lane).
 */
export function freeLane(busyMask: number): number {
  for (let lane = 0; lane < SPLAT_LANES; lane++) if ((busyMask & (1 << lane)) === 0) return lane;
  return -1;
}

/** How a number looks: damage dealt, a miss (the protocol's damage 0), or HP healed by food. */
export type SplatKind = "hit" | "miss" | "heal";

/** The kind and text of a number: 0 damage is a miss and still shows its 0. */
export function splatOf(amount: number, healing = false): { kind: SplatKind; text: string } {
  if (healing) return { kind: "heal", text: `+${amount}` };
  return amount > 0 ? { kind: "hit", text: String(amount) } : { kind: "miss", text: "0" };
}
