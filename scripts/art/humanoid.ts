import type { SHEET_FACINGS } from "../../client/src/art/artCatalogue.js";
import { type Canvas, hex, shade, type Rgba } from "./Canvas.js";

export type Facing = (typeof SHEET_FACINGS)[number];

/** What a person looks like; every part but skin, hair, tunic and trousers is optional. */
export interface Look {
  skin: Rgba;
  hair: Rgba;
  tunic: Rgba;
  trousers: Rgba;
  boots?: Rgba;
  helmet?: Rgba;
  hood?: Rgba;
  beard?: Rgba;
  apron?: Rgba;
  mask?: Rgba;
  cape?: Rgba;
  /** Held in the right hand, drawn beside the body. */
  weapon?: "spear" | "sword" | "club";
  ears?: "pointed";
  bony?: boolean;
}

const EYE = hex("#1b1b24");
const SHADOW: Rgba = { r: 0, g: 0, b: 0, a: 70 };

/**
 * One 32x32 frame of a person at (ox, oy), seen from above at an angle: feet near the bottom, head at the
 * top. `step` 0 stands, 1 and 2 put one foot or the other forward.
 */
export function drawHumanoid(c: Canvas, ox: number, oy: number, facing: Facing, step: number, look: Look): void {
  const p = (x: number, y: number, w: number, h: number, col: Rgba) => c.rect(ox + x, oy + y, w, h, col);
  const boots = look.boots ?? shade(look.trousers, -0.45);
  const side = facing === "left" || facing === "right";
  const dir = facing === "left" ? -1 : 1;
  c.ellipse(ox + 16, oy + 29.5, 8, 2.5, SHADOW);

  if (look.cape && facing !== "up") p(10, 14, 12, 12, shade(look.cape, -0.3));
  const lift = [0, 1, -1][step] ?? 0;
  // Legs and boots.
  if (side) {
    const front = 16 + dir * 2 * lift;
    const back = 16 - dir * 2 * lift;
    p(back - 2, 22, 4, 6, shade(look.trousers, -0.2));
    p(back - 2, 27, 4, 2, shade(boots, -0.2));
    p(front - 2, 22, 4, 6, look.trousers);
    p(front - 2, 27, 4, 2, boots);
  } else {
    p(11, 22 + Math.max(0, -lift), 4, 6 - Math.abs(Math.min(0, lift)), look.trousers);
    p(17, 22 + Math.max(0, lift), 4, 6 - Math.abs(Math.max(0, lift)), look.trousers);
    p(11, 27 - Math.max(0, lift), 4, 2, boots);
    p(17, 27 - Math.max(0, -lift), 4, 2, boots);
  }
  // Body.
  const bodyX = side ? 11 : 10;
  const bodyW = side ? 10 : 12;
  p(bodyX, 14, bodyW, 9, look.tunic);
  p(bodyX, 14, bodyW, 1, shade(look.tunic, 0.3));
  p(bodyX, 21, bodyW, 1, shade(look.tunic, -0.4));
  if (look.bony) for (let y = 15; y < 21; y += 2) p(bodyX + 2, y, bodyW - 4, 1, shade(look.tunic, -0.35));
  if (look.apron && facing !== "up") p(side ? (dir > 0 ? 15 : 11) : 12, 16, side ? 6 : 8, 8, look.apron);
  if (look.cape && facing === "up") p(10, 13, 12, 13, look.cape);
  // Arms.
  const swing = side ? 0 : lift;
  if (side) {
    p(16 - 1 - dir * lift, 15, 3, 7, shade(look.tunic, -0.15));
    p(16 - 1 - dir * lift, 21, 3, 2, look.skin);
  } else {
    p(7, 15 + swing, 3, 7, shade(look.tunic, -0.15));
    p(22, 15 - swing, 3, 7, shade(look.tunic, -0.15));
    p(7, 21 + swing, 3, 2, look.skin);
    p(22, 21 - swing, 3, 2, look.skin);
  }
  if (look.weapon && facing !== "up") drawWeapon(c, ox, oy, facing, look.weapon);
  // Head.
  c.ellipse(ox + 16, oy + 8.5, 6.5, 6.5, look.skin);
  if (look.ears === "pointed") {
    c.polygon([[ox + 9, oy + 7], [ox + 5, oy + 4], [ox + 10, oy + 10]], look.skin);
    c.polygon([[ox + 23, oy + 7], [ox + 27, oy + 4], [ox + 22, oy + 10]], look.skin);
  }
  const cover = look.helmet ?? look.hood;
  if (facing === "up") {
    c.ellipse(ox + 16, oy + 8, 6.5, 6.5, cover ?? look.hair);
  } else if (cover) {
    c.ellipse(ox + 16, oy + 6, 7, 5, cover);
    p(9, 6, 14, 2, cover);
    if (look.helmet) p(9, 7, 14, 1, shade(cover, -0.35));
    if (look.hood && !side) { p(9, 6, 2, 8, cover); p(21, 6, 2, 8, cover); }
  } else {
    c.ellipse(ox + 16, oy + 5, 6.5, 4, look.hair);
    if (side) p(dir > 0 ? 9 : 18, 4, 5, 8, look.hair);
  }
  if (facing === "down") {
    p(13, 9, 2, 2, EYE);
    p(18, 9, 2, 2, EYE);
    if (look.mask) p(10, 11, 12, 4, look.mask);
    if (look.beard) c.ellipse(ox + 16, oy + 13, 5, 3, look.beard);
  } else if (side) {
    p(facing === "left" ? 11 : 19, 9, 2, 2, EYE);
    if (look.mask) p(facing === "left" ? 10 : 15, 11, 7, 4, look.mask);
    if (look.beard) c.ellipse(ox + 16 + dir * 3, oy + 13, 3.5, 2.5, look.beard);
  }
}

function drawWeapon(c: Canvas, ox: number, oy: number, facing: Facing, weapon: NonNullable<Look["weapon"]>): void {
  const x = facing === "left" ? 8 : facing === "right" ? 23 : 24;
  const metal = hex("#c9ced6");
  const wood = hex("#7a4a22");
  if (weapon === "spear") {
    c.rect(ox + x, oy + 2, 2, 26, wood);
    c.polygon([[ox + x - 1, oy + 4], [ox + x + 1, oy - 1], [ox + x + 3, oy + 4]], metal);
  } else if (weapon === "sword") {
    c.rect(ox + x, oy + 10, 2, 12, metal);
    c.rect(ox + x - 2, oy + 21, 6, 2, hex("#6b5a2a"));
  } else {
    c.rect(ox + x, oy + 12, 3, 11, wood);
    c.ellipse(ox + x + 1.5, oy + 12, 3, 3, shade(wood, -0.2));
  }
}
